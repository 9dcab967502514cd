// Screenshots of the room header with the audio call and of the review with recorded audio, at 1440
// and 1024 px, light and dark, into DIR (default /tmp/mockroom-shots). Run: npx tsx scripts/screenshot-audio.ts [DIR]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FAKE_MEDIA_ARGS, launchBrowser, newPage, registerViaUi } from '../test/helpers/browser';
import { startTestServer } from '../test/helpers/server';

const dir = process.argv[2] ?? '/tmp/mockroom-shots';
mkdirSync(dir, { recursive: true });
const srv = await startTestServer();
const b = await launchBrowser(FAKE_MEDIA_ARGS);

async function each(page: Page, name: string, shoot: (file: string) => Promise<unknown>) {
  for (const width of [1440, 1024]) {
    for (const theme of ['light', 'dark']) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
        localStorage.setItem('mockroom.theme', t);
      }, theme);
      await page.waitForTimeout(300);
      const file = join(dir, `${name}-${width}-${theme}.png`);
      await shoot(file);
      console.log('wrote', file);
    }
  }
}

try {
  const cand = await newPage(b.browser, srv.url);
  const int = await newPage(b.browser, srv.url);
  await registerViaUi(cand.page, 'casey', undefined, 'Casey');
  await registerViaUi(int.page, 'ivy', undefined, 'Ivy');
  const s = await cand.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await cand.page.goto(`/sessions/${s.id}/room`);
  await int.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await cand.page.getByTestId('join-audio').click();
  await int.page.getByTestId('join-audio').click();
  await cand.page.getByRole('checkbox', { name: /Record/ }).check();
  await int.page.getByRole('checkbox', { name: /Record/ }).check();
  await int.page.getByRole('button', { name: 'Add call link' }).click();
  await int.page.getByLabel('External call link').fill('https://meet.jit.si/mockroom-casey-ivy');
  await int.page.getByRole('button', { name: 'Save' }).click();
  await cand.page.getByTestId('call-link').waitFor();
  await cand.page.getByTestId('recording-indicator').waitFor();
  await int.page.keyboard.press('m');
  await cand.page.locator('.presence li[data-audio="muted"]').waitFor();
  await cand.page.waitForTimeout(9000);
  await each(cand.page, 'room', (file) => cand.page.screenshot({ path: file, clip: { x: 0, y: 0, width: cand.page.viewportSize()!.width, height: 220 } }));
  int.page.removeAllListeners('dialog');
  int.page.on('dialog', (d) => void d.accept());
  await int.page.getByRole('button', { name: 'End session' }).click();
  await cand.page.getByRole('link', { name: 'Open the review' }).click();
  await cand.page.locator('.replay-audio audio').first().waitFor({ state: 'attached' });
  await cand.page.locator('#replay').scrollIntoViewIfNeeded();
  await each(cand.page, 'review', (file) => cand.page.locator('#replay').screenshot({ path: file }));
} finally {
  await b.close();
  await srv.stop();
}
