import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

it('the interviewer scores, the session ends, the candidate reviews and scrubs the replay back to phase 2', async () => {
  const cand = await newPage(env.browser, env.srv.url);
  const int = await newPage(env.browser, env.srv.url);
  await registerViaUi(cand.page, uniqueName('rc'), undefined, 'Cleo');
  await registerViaUi(int.page, uniqueName('ri'), undefined, 'Iris');
  const s = await cand.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await cand.page.goto(`/sessions/${s.id}/room`);
  await int.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await int.page.getByRole('button', { name: /Next: Estimate/ }).click();
  await cand.page.getByTestId('phase-name').getByText('Estimate capacity').waitFor();

  // In phase 2 the candidate draws one block; in phase 3 two more.
  await cand.page.getByRole('tab', { name: 'Whiteboard' }).click();
  await cand.page.getByRole('button', { name: 'Client', exact: true }).click();
  // Stored (acked) before the phase moves on: the review attributes it to the estimate phase.
  await expect.poll(() => cand.page.evaluate(async (id) => ((await (await fetch(`/api/sessions/${id}/events`)).json()) as { events: { kind: string }[] }).events.filter((e) => e.kind === 'board').length, s.id), { timeout: 10_000 }).toBe(1);
  await int.page.getByRole('button', { name: /Next: High-level/ }).click();
  await cand.page.getByTestId('phase-name').getByText('High-level design').waitFor();
  await cand.page.getByRole('tab', { name: 'Whiteboard' }).click();
  await cand.page.getByRole('button', { name: 'Load balancer', exact: true }).click();
  await cand.page.getByRole('button', { name: 'App service', exact: true }).click();
  await expect.poll(() => int.page.locator('.wb-layer [data-shape]').count(), { timeout: 5000 }).toBe(3);

  // The interviewer scores during the session (draft), then submits.
  await int.page.getByRole('tab', { name: 'Scorecard' }).click();
  for (const dim of ['Requirements', 'Capacity estimation', 'High-level design', 'Deep dive', 'Trade-offs', 'Communication']) {
    await int.page.getByRole('radiogroup', { name: `${dim} score` }).locator('label').nth(2).click();
  }
  await int.page.getByLabel('Requirements comment').fill('Asked about custom aliases early');
  await int.page.getByRole('button', { name: '+ Link this moment' }).first().click();
  await int.page.getByLabel('Overall recommendation').selectOption('hire');
  await int.page.getByRole('button', { name: 'Submit scorecard' }).click();
  await int.page.getByText('Scorecard submitted.').waitFor();

  await int.page.getByRole('button', { name: 'End session' }).click();
  await int.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await cand.page.getByRole('link', { name: 'Open the review' }).click();

  // Blind until the candidate submits or skips.
  await cand.page.getByText(/Submit or skip your own scorecard/).waitFor();
  await cand.page.getByRole('button', { name: 'Skip' }).click();
  await cand.page.getByTestId('overall').waitFor();
  expect(await cand.page.getByTestId('overall').textContent()).toBe('Hire');
  await cand.page.getByText('Asked about custom aliases early').waitFor();

  // The final board has three shapes; at the end of phase 2 it had one.
  const snapshot = cand.page.locator('#replay svg.board-snapshot');
  await expect.poll(() => snapshot.locator('[data-shape]').count()).toBe(3);
  await cand.page.getByRole('button', { name: 'Design at end of Estimate capacity' }).click();
  await expect.poll(() => snapshot.locator('[data-shape]').count()).toBe(1);
  expect(await cand.page.getByTestId('replay-phase').textContent()).toContain('Estimate capacity');
  // Evidence on the comment jumps the replay to that moment.
  await cand.page.locator('.badge.evidence').first().click();
  await expect.poll(() => snapshot.locator('[data-shape]').count()).toBe(3);

  // The reference design is now revealed to the candidate.
  await cand.page.getByRole('heading', { name: 'Reference design' }).waitFor();
  expect(await cand.page.locator('section[aria-labelledby="ref-title"]').textContent()).not.toContain('opens here once');

  // Markdown export.
  const [md] = await Promise.all([cand.page.waitForEvent('download'), cand.page.getByRole('button', { name: 'Export Markdown' }).click()]);
  const { readFileSync } = await import('node:fs');
  const text = readFileSync((await md.path())!, 'utf8');
  expect(text).toContain('# Review: URL shortener');
  expect(text).toContain('| Requirements | 3 — Asked about custom aliases early |');

  // Progress shows the scored session.
  await cand.page.getByRole('link', { name: 'Progress' }).click();
  await cand.page.getByRole('img', { name: /Scores over 1 sessions/ }).waitFor();
  expect(cand.errors).toEqual([]);
  expect(int.errors).toEqual([]);
  await cand.ctx.close();
  await int.ctx.close();
});
