// Screenshots of the room and its board at 1440 and 1024 px, light and dark, for looking at changes.
// Run: npx tsx scripts/board-screens.ts [outDir]   (needs `npm run build` first)
import { twoPeople } from './lib/two-people';

const out = process.argv[2] ?? '/tmp/board-shots';
const { cand: page, int: peer, close } = await twoPeople();
try {
  const s = await page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await page.goto(`/sessions/${s.id}/room`);
  await page.getByTestId('board-svg').waitFor();
  const shoot = async (name: string) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; localStorage.setItem('mockroom.theme', t); }, theme);
      await page.waitForTimeout(400); // colours ease between themes: let them settle
      for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
        await page.setViewportSize({ width, height });
        await page.locator('.wb-canvas').waitFor();
        await page.screenshot({ path: `${out}/${name}-${width}-${theme}.png` });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };
  await shoot('room-waiting');
  await peer.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await peer.getByRole('button', { name: 'Join as interviewer' }).click();
  await peer.getByTestId('my-role').waitFor();
  await page.getByText(/Waiting for your/).waitFor({ state: 'detached' });
  // A small design: a frame, blocks, styled arrows with labels, a sticky note.
  const box = (await page.locator('.wb-canvas').boundingBox())!;
  const drag = async (x1: number, y1: number, x2: number, y2: number) => {
    await page.mouse.move(box.x + 200 + x1, box.y + y1);
    await page.mouse.down();
    await page.mouse.move(box.x + 200 + (x1 + x2) / 2, box.y + (y1 + y2) / 2, { steps: 3 });
    await page.mouse.move(box.x + 200 + x2, box.y + y2, { steps: 3 });
    await page.mouse.up();
  };
  await page.locator('.wb-canvas').focus();
  await page.keyboard.press('f');
  await drag(60, 60, 560, 400);
  await page.getByLabel('Shape text').fill('us-east');
  await page.keyboard.press('Enter');
  await page.keyboard.press('r');
  await drag(100, 120, 260, 200);
  await page.getByRole('button', { name: 'Stroke Blue' }).click();
  await page.getByRole('button', { name: 'Fill Blue' }).click();
  await page.keyboard.press('e');
  await page.keyboard.press('o');
  await drag(360, 120, 520, 200);
  await page.getByRole('button', { name: 'Stroke Green' }).click();
  await page.keyboard.press('a');
  await drag(180, 160, 440, 160);
  await page.getByRole('button', { name: 'Line dotted' }).click();
  await page.getByRole('button', { name: 'Heads at both ends' }).click();
  await page.mouse.dblclick(box.x + 510, box.y + 160);
  await page.getByLabel('Shape text').fill('async replication');
  await page.keyboard.press('Enter');
  await page.keyboard.press('s');
  await page.mouse.click(box.x + 780, box.y + 200);
  await page.getByLabel('Shape text').fill('Cache hot keys?');
  await page.keyboard.press('Enter');
  await page.keyboard.press('t');
  await page.mouse.click(box.x + 400, box.y + 330);
  await page.keyboard.type('reads dominate');
  await page.keyboard.press('Escape');
  await page.mouse.click(box.x + 400, box.y + 150);
  await shoot('room-board');
  // A selection of several: the style panel carries what to do with it (arrange, align); the toolbar keeps one row.
  await page.locator('.wb-canvas').focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Align left' }).waitFor();
  await shoot('room-selection');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+?');
  await shoot('room-shortcuts');
  await page.keyboard.press('Escape');
  // The File menu, opened from the keyboard (Escape closes it).
  await page.locator('summary', { hasText: 'File' }).focus();
  await page.keyboard.press('Enter');
  await shoot('room-file-menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Hide side panel' }).click();
  await shoot('room-folded');
} finally {
  await close();
}
