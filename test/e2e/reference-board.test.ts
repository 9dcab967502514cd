import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, registerViaUi, serverAndBrowser, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();
/** Pictures to look at (test-results/screenshots, not committed): the guide panel and the review, 1440 and 1024 wide, light and dark. */
const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 1024]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, scheme);
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: false });
    }
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

it('opens three reference boards in the guide, the interviewer sees one in the room, and the review puts it beside the final board', async () => {
  const cand = await newPage(env.browser, env.srv.url);
  const int = await newPage(env.browser, env.srv.url);
  await registerViaUi(cand.page, uniqueName('rbc'), undefined, 'Cass');
  await registerViaUi(int.page, uniqueName('rbi'), undefined, 'Ivo');

  // Three reference boards on the problem pages' guides: each draws its components and bound arrows.
  for (const slug of ['ride-sharing', 'payment-system', 'job-scheduler']) {
    const guide = await int.page.evaluate(async (s) => (await (await fetch(`/api/problems/${s}/guide`)).json()), slug);
    const components = guide.referenceBoard.shapes.filter((x: { type: string }) => x.type === 'component').length;
    const arrows = guide.referenceBoard.shapes.filter((x: { type: string }) => x.type === 'arrow').length;
    await int.page.goto(`/problems/${slug}`);
    await int.page.getByRole('button', { name: /show the guide/ }).click();
    const board = int.page.getByTestId('reference-board');
    await board.waitFor();
    await expect.poll(() => board.locator('[data-type="component"]').count()).toBe(components);
    expect(components).toBeGreaterThanOrEqual(6);
    expect(await board.locator('[data-type="arrow"]').count()).toBe(arrows);
    // Every arrow is drawn between its shapes: a line of non-zero length.
    const lengths = await board.locator('[data-type="arrow"] line:nth-of-type(2)').evaluateAll((ls) =>
      ls.map((l) => Math.hypot(Number(l.getAttribute('x2')) - Number(l.getAttribute('x1')), Number(l.getAttribute('y2')) - Number(l.getAttribute('y1')))),
    );
    expect(lengths.every((n) => n > 20)).toBe(true);
    await int.page.getByRole('table', { name: 'Level expectations' }).waitFor();
  }
  await int.page.getByText('Answer key').first().click();

  // A live session: the interviewer's guide panel shows the level yardstick and the reference board.
  const s = await cand.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'news-feed', mode: 'paired', role: 'candidate' }) })).json()));
  await cand.page.goto(`/sessions/${s.id}/room`);
  await int.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await int.page.getByRole('button', { name: /Next: Estimate/ }).click();
  await int.page.getByRole('button', { name: /Next: High-level/ }).click();
  await int.page.getByRole('heading', { name: 'What each level should reach now' }).waitFor();
  await int.page.getByRole('definition').filter({ hasText: 'Hybrid push/pull' }).waitFor();
  // Closed by default, so the live board is the only board on the page until the interviewer opens it.
  expect(await int.page.getByTestId('reference-board').count()).toBe(0);
  await int.page.getByText('Reference design board').click();
  const roomBoard = int.page.getByTestId('reference-board');
  await expect.poll(() => roomBoard.locator('[data-type="component"]').count()).toBe(10);
  // The candidate's room has neither.
  expect(await cand.page.getByTestId('reference-board').count()).toBe(0);
  expect(await cand.page.getByText('What each level should reach now').count()).toBe(0);

  // The candidate draws three blocks and an arrow-free design; the interviewer screenshots the panel.
  await cand.page.getByRole('tab', { name: 'Whiteboard' }).click();
  for (const name of ['Client', 'App service', 'Cache']) await cand.page.getByRole('button', { name, exact: true }).click();
  await expect.poll(() => int.page.locator('.wb-layer [data-shape]').count(), { timeout: 5000 }).toBe(3);
  await roomBoard.scrollIntoViewIfNeeded();
  await shoot(int.page, 'guide-panel');
  // Full size over the room, for a panel too narrow to read it.
  await roomBoard.getByRole('button', { name: 'Full size' }).click();
  const full = int.page.getByRole('dialog', { name: /full size/ });
  await expect.poll(() => full.locator('[data-type="component"]').count()).toBe(10);
  await shoot(int.page, 'guide-panel-full-size');
  await int.page.keyboard.press('Escape');
  await expect.poll(() => full.count()).toBe(0);

  await int.page.getByRole('button', { name: 'End session' }).click();
  await int.page.getByRole('dialog', { name: 'End the session for everyone?' }).getByRole('button', { name: 'End session' }).click();
  await int.page.getByRole('link', { name: 'Open the review' }).click();

  // Side by side: the candidate's final board and the reference.
  const compare = int.page.getByTestId('reference-compare');
  await compare.waitFor();
  const [mine, reference] = [compare.locator('figure').nth(0), compare.locator('figure').nth(1)];
  await expect.poll(() => mine.locator('[data-shape]').count()).toBe(3);
  await expect.poll(() => reference.locator('[data-type="component"]').count()).toBe(10);
  await int.page.getByRole('table', { name: 'Level expectations' }).waitFor();
  await compare.scrollIntoViewIfNeeded();
  await shoot(int.page, 'review');

  // Ended: load the reference onto a scratch copy of the board, with both designs and captions.
  await int.page.getByRole('button', { name: 'Load the reference onto a copy of the board' }).click();
  const scratch = int.page.getByTestId('scratch-board');
  const refShapes = await int.page.evaluate(async () => (await (await fetch('/api/problems/news-feed/guide')).json()).referenceBoard.shapes.length);
  await expect.poll(() => scratch.locator('.wb-layer [data-shape]').count()).toBe(3 + refShapes + 2);
  expect(await scratch.locator('[data-shape^="ref-"]').count()).toBe(refShapes + 2);
  // The copy is editable locally and never reaches the session: the session's board still has three shapes.
  await scratch.locator('[data-shape="ref-caption-reference"]').click();
  await int.page.keyboard.press('Delete');
  await expect.poll(() => scratch.locator('.wb-layer [data-shape]').count()).toBe(3 + refShapes + 1);
  const events = await int.page.evaluate(async (id) => (await (await fetch(`/api/sessions/${id}/events`)).json()).events, s.id);
  expect(events.filter((e: { kind: string }) => e.kind === 'board')).toHaveLength(3);

  expect(cand.errors).toEqual([]);
  expect(int.errors).toEqual([]);
  await cand.ctx.close();
  await int.ctx.close();
}, 120_000);
