import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

const shapes = (page: Page) => page.locator('.wb-layer [data-shape]');

async function centerOf(page: Page, selector: string) {
  const box = (await page.locator(selector).first().boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function arrowEnd(page: Page) {
  const line = page.locator('.wb-layer [data-type="arrow"] line').nth(1);
  return { x: Number(await line.getAttribute('x2')), y: Number(await line.getAttribute('y2')) };
}

it('two people draw a design together: blocks, a bound arrow that follows, own-only undo, export', async () => {
  const a = await newPage(env.browser, env.srv.url);
  const c = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('draw'), undefined, 'Ann');
  await registerViaUi(c.page, uniqueName('peer'), undefined, 'Ben');
  const s = await a.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await a.page.goto(`/sessions/${s.id}/room`);
  await c.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await c.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await a.page.getByTestId('board-svg').waitFor();
  await c.page.getByTestId('board-svg').waitFor();

  // Ann adds a load balancer and a database from the palette.
  await a.page.getByRole('button', { name: 'Load balancer', exact: true }).click();
  await a.page.getByRole('button', { name: 'SQL database', exact: true }).click();
  await expect.poll(() => shapes(a.page).count()).toBe(2);

  // ...and draws an arrow from one to the other with the arrow tool (keyboard shortcut A).
  await a.page.locator('.wb-canvas').focus();
  await a.page.keyboard.press('a');
  const lb = await centerOf(a.page, '[data-component="load-balancer"] rect');
  const db = await centerOf(a.page, '[data-component="sql-database"] rect');
  await a.page.mouse.move(lb.x, lb.y);
  await a.page.mouse.down();
  await a.page.mouse.move((lb.x + db.x) / 2, (lb.y + db.y) / 2, { steps: 5 });
  await a.page.mouse.move(db.x, db.y, { steps: 5 });
  await a.page.mouse.up();
  await expect.poll(() => shapes(a.page).count()).toBe(3);

  // Ben sees all three.
  await expect.poll(() => shapes(c.page).count(), { timeout: 5000 }).toBe(3);
  await c.page.locator('[data-type="arrow"]').waitFor({ state: 'attached' });
  const before = await arrowEnd(c.page);

  // Ben moves the database; the arrow follows on both screens.
  const dbOnBen = await centerOf(c.page, '[data-component="sql-database"] rect');
  await c.page.mouse.move(dbOnBen.x, dbOnBen.y);
  await c.page.mouse.down();
  await c.page.mouse.move(dbOnBen.x + 150, dbOnBen.y + 60, { steps: 8 });
  await c.page.mouse.up();
  await expect.poll(async () => (await arrowEnd(c.page)).x).toBeGreaterThan(before.x + 100);
  await expect.poll(async () => (await arrowEnd(a.page)).x, { timeout: 5000 }).toBeGreaterThan(before.x + 100);
  const moved = await arrowEnd(a.page);

  // Ann's undo removes only her own last change (the arrow), never Ben's move.
  await a.page.locator('.wb-canvas').focus();
  await a.page.keyboard.press('Control+z');
  await expect.poll(() => shapes(c.page).count(), { timeout: 5000 }).toBe(2);
  const dbRect = c.page.locator('[data-component="sql-database"] rect').first();
  expect(Number(await dbRect.getAttribute('x'))).toBeGreaterThan(moved.x - 200);
  await a.page.keyboard.press('Control+Shift+z');
  await expect.poll(() => shapes(c.page).count(), { timeout: 5000 }).toBe(3);

  // Export: a real PNG and an SVG holding the labels.
  await a.page.locator('.wb-menu summary', { hasText: 'File' }).click();
  const [png] = await Promise.all([a.page.waitForEvent('download'), a.page.getByRole('button', { name: 'PNG' }).click()]);
  const pngBytes = readFileSync((await png.path())!);
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(pngBytes.length).toBeGreaterThan(1000);
  // Choosing an item closes the menu (as menus do): open it again for the next.
  await a.page.locator('.wb-menu summary', { hasText: 'File' }).click();
  const [svg] = await Promise.all([a.page.waitForEvent('download'), a.page.getByRole('button', { name: 'SVG' }).click()]);
  const svgText = readFileSync((await svg.path())!, 'utf8');
  expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('Load balancer');
  expect(svgText).not.toContain('var(--');

  expect(a.errors).toEqual([]);
  expect(c.errors).toEqual([]);
  await a.ctx.close();
  await c.ctx.close();
});

it('builds a design from the keyboard-only outline, and it survives a reload', async () => {
  const a = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('kbd'));
  const s = await a.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'news-feed', mode: 'solo' }) })).json()));
  await a.page.goto(`/sessions/${s.id}/room`);
  await a.page.getByRole('button', { name: 'Outline' }).click();
  await a.page.getByLabel('Building block', { exact: true }).selectOption('api-gateway');
  await a.page.getByLabel('Label', { exact: true }).fill('Gateway');
  await a.page.getByRole('button', { name: 'Add component' }).click();
  await a.page.getByLabel('Building block', { exact: true }).selectOption('cache');
  await a.page.getByLabel('Label', { exact: true }).fill('Timeline cache');
  await a.page.getByRole('button', { name: 'Add component' }).click();
  await a.page.getByLabel('From', { exact: true }).selectOption({ label: 'Gateway' });
  await a.page.getByLabel('To', { exact: true }).selectOption({ label: 'Timeline cache' });
  await a.page.getByLabel(/Label \(e.g./).fill('read');
  await a.page.getByRole('button', { name: 'Connect', exact: true }).click();
  await a.page.locator('.outline-conn', { hasText: 'Gateway → Timeline cache' }).waitFor();
  await expect.poll(() => shapes(a.page).count()).toBe(3);
  // The labelled connection is stored (acked) before the reload.
  await expect.poll(() => a.page.evaluate(async (id) => JSON.stringify(await (await fetch(`/api/sessions/${id}/events`)).json()).includes('"read"'), s.id), { timeout: 10_000 }).toBe(true);
  await a.page.reload();
  await a.page.getByTestId('board-svg').waitFor();
  await expect.poll(() => shapes(a.page).count()).toBe(3);
  expect(await a.page.locator('.wb-layer').textContent()).toContain('read');
  await a.ctx.close();
});
