/** Excalidraw habits on our board: styles a peer sees, frames that carry their contents, .excalidraw files. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

const shapes = (page: Page) => page.locator('.wb-layer [data-shape]');

async function createSession(page: Page, body: Record<string, string>) {
  return page.evaluate(async (b) => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).json()), body);
}

async function canvasBox(page: Page) {
  return (await page.locator('.wb-canvas').boundingBox())!;
}

async function dragOn(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
}

it('a style change and a frame moved with its contents are seen by the peer', async () => {
  const a = await newPage(env.browser, env.srv.url);
  const b = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('sty'), undefined, 'Ann');
  await registerViaUi(b.page, uniqueName('stp'), undefined, 'Ben');
  const s = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' });
  await a.page.goto(`/sessions/${s.id}/room`);
  await b.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await b.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await b.page.getByTestId('board-svg').waitFor();
  const box = await canvasBox(a.page);

  // A frame titled "us-east", drawn with F; its title is typed at once.
  await a.page.locator('.wb-canvas').focus();
  await a.page.keyboard.press('f');
  await dragOn(a.page, { x: box.x + 250, y: box.y + 120 }, { x: box.x + 650, y: box.y + 420 });
  await a.page.getByLabel('Shape text').fill('us-east');
  await a.page.keyboard.press('Enter');
  // A rectangle inside it, then restyled: red, dashed.
  await a.page.keyboard.press('r');
  await dragOn(a.page, { x: box.x + 300, y: box.y + 200 }, { x: box.x + 420, y: box.y + 280 });
  await a.page.getByRole('button', { name: 'Stroke Red' }).click();
  await a.page.getByRole('button', { name: 'Line dashed' }).click();
  const rectOnBen = b.page.locator('.wb-layer [data-type="rect"] rect');
  await expect.poll(() => rectOnBen.getAttribute('stroke'), { timeout: 5000 }).toBe('#e03131');
  await expect.poll(() => rectOnBen.getAttribute('stroke-dasharray'), { timeout: 5000 }).toBeTruthy();
  await b.page.locator('.wb-layer [data-type="frame"]', { hasText: 'us-east' }).waitFor();

  // The last style used sticks: the next rectangle is red too.
  await a.page.locator('.wb-canvas').focus();
  await a.page.keyboard.press('r');
  await dragOn(a.page, { x: box.x + 800, y: box.y + 200 }, { x: box.x + 900, y: box.y + 260 });
  await expect.poll(() => a.page.locator('.wb-layer [data-type="rect"] rect[stroke="#e03131"]').count()).toBe(2);

  // Dragging the frame by its title moves what is inside it, and only that.
  const inside = b.page.locator('.wb-layer [data-type="rect"] rect').first();
  const outside = b.page.locator('.wb-layer [data-type="rect"] rect').nth(1);
  const before = { x: Number(await inside.getAttribute('x')), out: Number(await outside.getAttribute('x')) };
  const title = (await a.page.locator('.wb-layer [data-type="frame"] text').boundingBox())!;
  await dragOn(a.page, { x: title.x + 5, y: title.y + title.height / 2 }, { x: title.x + 105, y: title.y + title.height / 2 + 40 });
  await expect.poll(async () => Number(await inside.getAttribute('x')), { timeout: 5000 }).toBe(before.x + 100);
  expect(Number(await outside.getAttribute('x'))).toBe(before.out);

  expect(a.errors).toEqual([]);
  expect(b.errors).toEqual([]);
  await a.ctx.close();
  await b.ctx.close();
});

it('exports a .excalidraw file that imports into another session as the same shapes; copy/paste crosses sessions', async () => {
  const a = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('exc'));
  const s1 = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'solo' });
  const s2 = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'solo' });
  await a.page.goto(`/sessions/${s1.id}/room`);
  await a.page.getByRole('button', { name: 'Outline' }).click();
  for (const [kind, label] of [['load-balancer', 'Edge'], ['cache', 'Hot keys']] as const) {
    await a.page.getByLabel('Building block', { exact: true }).selectOption(kind);
    await a.page.getByLabel('Label', { exact: true }).fill(label);
    await a.page.getByRole('button', { name: 'Add component' }).click();
  }
  await a.page.getByLabel('From', { exact: true }).selectOption({ label: 'Edge' });
  await a.page.getByLabel('To', { exact: true }).selectOption({ label: 'Hot keys' });
  await a.page.getByLabel(/Label \(e.g./).fill('reads');
  await a.page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => shapes(a.page).count()).toBe(3);
  const describe = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.wb-layer [data-shape]')].map((g) => `${g.getAttribute('data-type')}:${g.getAttribute('data-component') ?? ''}:${g.textContent}`).sort());
  const original = await describe(a.page);

  await a.page.locator('.wb-menu summary', { hasText: 'File' }).click();
  const [dl] = await Promise.all([a.page.waitForEvent('download'), a.page.getByRole('button', { name: 'Excalidraw file' }).click()]);
  expect(dl.suggestedFilename()).toBe('design.excalidraw');
  const path = (await dl.path())!;
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file.type).toBe('excalidraw');

  // Copy everything on the first board (Ctrl+A, Ctrl+C) before leaving.
  await a.page.locator('.wb-canvas').focus();
  await a.page.keyboard.press('Control+a');
  await a.page.keyboard.press('Control+c');

  await a.page.goto(`/sessions/${s2.id}/room`);
  await a.page.getByTestId('board-svg').waitFor();
  await a.page.locator('.wb-menu summary', { hasText: 'File' }).click();
  await a.page.getByLabel('Import .excalidraw').setInputFiles(path);
  await a.page.getByText('Imported 3 shapes.').waitFor();
  await expect.poll(() => shapes(a.page).count()).toBe(3);
  expect(await describe(a.page)).toEqual(original);
  // It was stored, not just drawn.
  await a.page.reload();
  await expect.poll(() => shapes(a.page).count()).toBe(3);

  // Paste the copy from the other session.
  await a.page.locator('.wb-canvas').focus();
  await a.page.keyboard.press('Control+v');
  await expect.poll(() => shapes(a.page).count()).toBe(6);
  expect(a.errors).toEqual([]);
  await a.ctx.close();
});
