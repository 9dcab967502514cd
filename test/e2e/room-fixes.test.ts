/** Issue 18's bugs, each as a user meets it in Chromium. */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

const shapes = (page: Page) => page.locator('.wb-layer [data-shape]');

async function createSession(page: Page, body: Record<string, string>) {
  return page.evaluate(async (b) => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).json()), body);
}

/** m:ss → seconds */
function seconds(label: string): number {
  const m = /(\d+):(\d\d)/.exec(label)!;
  return Number(m[1]) * 60 + Number(m[2]);
}

it('the text tool opens an editor on one click; shortcut letters type; Escape and a click outside keep the text', async () => {
  const a = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('txt'));
  const s = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'solo' });
  await a.page.goto(`/sessions/${s.id}/room`);
  const canvas = a.page.locator('.wb-canvas');
  await canvas.waitFor();
  const box = (await canvas.boundingBox())!;

  // T, one click, then letters that are all shortcuts (r rectangle, e eraser, a arrow, d diamond).
  await canvas.focus();
  await a.page.keyboard.press('t');
  await a.page.mouse.click(box.x + 400, box.y + 150);
  const editor = a.page.getByLabel('Shape text');
  await editor.waitFor();
  await a.page.keyboard.type('reads');
  expect(await editor.inputValue()).toBe('reads');
  expect(await a.page.locator('.whiteboard').getAttribute('data-tool')).toBe('text');
  // Escape keeps the text (as in Excalidraw) and gives the keyboard back to the board.
  await a.page.keyboard.press('Escape');
  await expect.poll(() => a.page.locator('.wb-layer [data-type="text"]').first().textContent()).toBe('reads');
  expect(await a.page.evaluate(() => document.activeElement?.classList.contains('wb-canvas'))).toBe(true);

  // A click outside keeps it too.
  await a.page.keyboard.press('t');
  await a.page.mouse.click(box.x + 400, box.y + 350);
  await editor.waitFor();
  await a.page.keyboard.type('writes');
  await a.page.getByRole('tab', { name: 'Notes' }).focus();
  await expect.poll(() => shapes(a.page).count()).toBe(2);
  expect(await a.page.locator('.wb-layer').textContent()).toContain('writes');
  expect(a.errors).toEqual([]);
  await a.ctx.close();
});

it("a short arrow's label sits beside the line, not on it", async () => {
  const a = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('lbl'));
  const s = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'solo' });
  await a.page.goto(`/sessions/${s.id}/room`);
  await a.page.getByRole('button', { name: 'Outline' }).click();
  for (const label of ['Left', 'Right']) {
    await a.page.getByLabel('Building block', { exact: true }).selectOption('cache');
    await a.page.getByLabel('Label', { exact: true }).fill(label);
    await a.page.getByRole('button', { name: 'Add component' }).click();
  }
  await a.page.getByLabel('From', { exact: true }).selectOption({ label: 'Left' });
  await a.page.getByLabel('To', { exact: true }).selectOption({ label: 'Right' });
  await a.page.getByLabel(/Label \(e.g./).fill('a long label on a short arrow');
  await a.page.getByRole('button', { name: 'Connect', exact: true }).click();
  const label = a.page.locator('.wb-layer .arrow-label rect');
  await label.waitFor();
  const line = a.page.locator('.wb-layer [data-type="arrow"] line').nth(1);
  const [x1, y1, x2, y2] = await Promise.all(['x1', 'y1', 'x2', 'y2'].map(async (k) => Number(await line.getAttribute(k))));
  const r = { x: Number(await label.getAttribute('x')), y: Number(await label.getAttribute('y')), w: Number(await label.getAttribute('width')), h: Number(await label.getAttribute('height')) };
  // No point of the segment lies inside the label's box.
  for (let i = 0; i <= 20; i++) {
    const px = x1! + ((x2! - x1!) * i) / 20;
    const py = y1! + ((y2! - y1!) * i) / 20;
    expect(px > r.x && px < r.x + r.w && py > r.y && py < r.y + r.h).toBe(false);
  }
  await a.ctx.close();
});

it('solo: no chat tab, and the review asks for a self-assessment, not for "the others"', async () => {
  const a = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('solo'));
  const s = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'solo' });
  await a.page.goto(`/sessions/${s.id}/room`);
  await a.page.getByRole('tab', { name: /Prompt/ }).waitFor();
  expect(await a.page.getByRole('tab', { name: /Chat/ }).count()).toBe(0);
  await a.page.getByRole('button', { name: 'Start interview' }).click();
  await a.page.getByRole('button', { name: 'End session' }).click();
  await a.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await a.page.getByRole('link', { name: 'Open the review' }).click();
  await a.page.getByText(/Submit or skip your self-assessment/).waitFor();
  expect(await a.page.content()).not.toContain("see the others'");
  expect(a.dialogs).toEqual([]);
  await a.ctx.close();
});

it('paired: invites fold away once seats are taken, the reference table fits, and the ended room says so', async () => {
  const cand = await newPage(env.browser, env.srv.url);
  const int = await newPage(env.browser, env.srv.url);
  const late = await newPage(env.browser, env.srv.url);
  await registerViaUi(cand.page, uniqueName('fc'), undefined, 'Cleo');
  await registerViaUi(int.page, uniqueName('fi'), undefined, 'Iris');
  await registerViaUi(late.page, uniqueName('fl'), undefined, 'Lou');
  const s = await createSession(cand.page, { problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' });
  await cand.page.goto(`/sessions/${s.id}/room`);
  await cand.page.locator('.room-top').getByRole('button', { name: 'Copy invite link' }).waitFor();
  await int.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.page.getByTestId('my-role').waitFor();
  await expect.poll(() => cand.page.locator('.room-top').getByRole('button', { name: 'Copy invite link' }).count()).toBe(0);
  await cand.page.locator('.share-menu summary').waitFor();

  // The interviewer's reference table fits inside the guide panel during the estimate phase.
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await int.page.getByRole('button', { name: /Next: Estimate/ }).click();
  const table = int.page.getByRole('table', { name: 'Reference figures' });
  await table.waitFor();
  const side = (await int.page.locator('.room-side').boundingBox())!;
  const t = (await table.boundingBox())!;
  expect(t.x + t.width).toBeLessThanOrEqual(side.x + side.width);

  await int.page.getByRole('button', { name: 'End session' }).click();
  await int.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await cand.page.getByText('This session has ended').waitFor();

  // The chat says the session ended (not that they are observers); no invite controls remain.
  await cand.page.getByRole('tab', { name: /Chat/ }).click();
  await cand.page.getByText('The session has ended; the chat is read-only.').waitFor();
  expect(await cand.page.getByText('Observers read the chat').count()).toBe(0);
  expect(await cand.page.locator('.room-top').getByRole('button', { name: /invite|Observer link/i }).count()).toBe(0);
  expect(await cand.page.locator('.share-menu').count()).toBe(0);

  // The invite link of an ended session says so, with no join form under it.
  await late.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await late.page.getByText(/the session has ended/).waitFor();
  expect(await late.page.getByRole('button', { name: /^Join as/ }).count()).toBe(0);
  expect(await late.page.getByLabel('Invite code').count()).toBe(0);

  // "Link this moment" after the end points at the end at the latest.
  const info = await int.page.evaluate(async (id) => (await fetch(`/api/sessions/${id}`)).json(), s.id);
  await expect.poll(() => int.page.evaluate(() => Date.now()), { timeout: 5000 }).toBeGreaterThan(info.endedAt + 1500);
  await int.page.getByRole('tab', { name: 'Scorecard' }).click();
  await int.page.getByRole('button', { name: '+ Link this moment' }).first().click();
  const badge = await int.page.locator('.evidence-row .badge').first().textContent();
  expect(seconds(badge!)).toBeLessThanOrEqual(Math.ceil((info.endedAt - info.startedAt) / 1000));

  expect(int.dialogs).toEqual([]);
  for (const p of [cand, int, late]) await p.ctx.close();
});

it('cards in a grid line up (no stacking margin on the first)', async () => {
  const a = await newPage(env.browser, env.srv.url);
  await registerViaUi(a.page, uniqueName('grid'));
  await a.page.goto('/problems');
  const cards = a.page.locator('.grid > .card');
  await cards.nth(1).waitFor();
  const [first, second] = [(await cards.nth(0).boundingBox())!, (await cards.nth(1).boundingBox())!];
  expect(Math.abs(first.y - second.y)).toBeLessThan(1);
  await a.ctx.close();
});

it('at 1024x768 the board keeps at least 640 px; the side panel folds away and stays folded', async () => {
  const a = await newPage(env.browser, env.srv.url);
  await a.page.setViewportSize({ width: 1024, height: 768 });
  await registerViaUi(a.page, uniqueName('narrow'));
  const s = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' });
  await a.page.goto(`/sessions/${s.id}/room`);
  const canvas = a.page.locator('.wb-canvas');
  await canvas.waitFor();
  expect((await canvas.boundingBox())!.width).toBeGreaterThanOrEqual(640);
  // The building blocks keep their names for assistive technology and tests.
  await a.page.getByRole('button', { name: 'Load balancer', exact: true }).click();
  await expect.poll(() => shapes(a.page).count()).toBe(1);
  // With it selected (the selection's actions and the style panel showing) the toolbar stays one row.
  await a.page.getByRole('button', { name: 'Delete', exact: true }).waitFor();
  const toolbarRows = () =>
    a.page.locator('.wb-toolbar').evaluate((bar) => {
      const tops = [...bar.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0).map((r) => Math.round(r.top + r.height / 2));
      return { rows: new Set(tops).size, height: bar.getBoundingClientRect().height, overflow: bar.scrollWidth > bar.clientWidth };
    });
  expect(await toolbarRows()).toEqual({ rows: 1, height: expect.any(Number), overflow: false });
  expect((await toolbarRows()).height).toBeLessThan(48);

  await a.page.getByRole('button', { name: 'Hide side panel' }).click();
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(900);
  await a.page.reload();
  await canvas.waitFor();
  expect((await canvas.boundingBox())!.width).toBeGreaterThan(900);
  await a.page.getByRole('button', { name: 'Show side panel' }).click();
  await a.page.getByRole('tab', { name: /Guide/ }).waitFor();

  // Every tool is reachable from the keyboard, and ? lists the shortcuts.
  await canvas.focus();
  await a.page.keyboard.press('Shift+?');
  await a.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await a.page.keyboard.press('Escape');
  await a.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
  await a.ctx.close();
});

it("an ended session's read-only board, and the review's, open zoomed to fit: no shape off-screen", async () => {
  const a = await newPage(env.browser, env.srv.url);
  await a.page.setViewportSize({ width: 1024, height: 768 });
  await registerViaUi(a.page, uniqueName('fit'));
  const s = await createSession(a.page, { problemSlug: 'url-shortener', mode: 'solo' });
  await a.page.goto(`/sessions/${s.id}/room`);
  const canvas = a.page.locator('.wb-canvas');
  await canvas.waitFor();
  // Three shapes thousands of pixels apart: no unfitted view holds them all.
  const rect = (id: string, x: number, y: number) => ({ id, type: 'rectangle', x, y, width: 140, height: 80, strokeColor: '#1971c2', backgroundColor: 'transparent', strokeWidth: 2, strokeStyle: 'solid' });
  const file = { type: 'excalidraw', version: 2, elements: [rect('here', 0, 0), rect('far-right', 4200, -1600), rect('far-down', -2600, 2900)] };
  await a.page.getByRole('button', { name: 'Export or import the board' }).or(a.page.getByTitle('Export or import the board')).first().click();
  await a.page.locator('input[type=file]').setInputFiles({ name: 'far.excalidraw', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect.poll(() => shapes(a.page).count()).toBe(3);

  await a.page.getByRole('button', { name: 'Start interview' }).click();
  await a.page.getByRole('button', { name: 'End session' }).click();
  await a.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await a.page.getByText('This session has ended.').waitFor();

  const allInside = async (container: string, items: string) => {
    const box = (await a.page.locator(container).first().boundingBox())!;
    const boxes = await a.page.locator(items).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
    expect(boxes).toHaveLength(3);
    for (const b of boxes) {
      expect(b.w).toBeGreaterThan(0);
      expect(b.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(b.y).toBeGreaterThanOrEqual(box.y - 1);
      expect(b.x + b.w).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(b.y + b.h).toBeLessThanOrEqual(box.y + box.height + 1);
    }
  };
  // Reopened, read-only: fitted on open.
  await a.page.reload();
  await canvas.waitFor();
  await expect.poll(() => shapes(a.page).count()).toBe(3);
  await a.page.waitForTimeout(300); // a frame for the fit to apply
  await allInside('.wb-canvas', '.wb-layer [data-shape]');

  // The review's board too.
  await a.page.goto(`/sessions/${s.id}/review`);
  const snapshot = a.page.locator('.board-snapshot').first();
  await snapshot.waitFor();
  await expect.poll(() => snapshot.locator('[data-shape]').count()).toBe(3);
  await allInside('.board-snapshot', '.board-snapshot >> nth=0 >> [data-shape]');
  expect(a.errors).toEqual([]);
  await a.ctx.close();
});
