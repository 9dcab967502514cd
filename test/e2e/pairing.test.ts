import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

async function phaseName(page: Page) {
  return (await page.getByTestId('phase-name').textContent()) ?? '';
}

it('two people pair on a problem, chat, and step through the four phases on a shared clock', async () => {
  const cand = await newPage(env.browser, env.srv.url);
  const int = await newPage(env.browser, env.srv.url);
  await registerViaUi(cand.page, uniqueName('cand'), undefined, 'Casey Candidate');
  await registerViaUi(int.page, uniqueName('int'), undefined, 'Ivy Interviewer');

  // The candidate creates a paired session from the problem page.
  await cand.page.goto('/problems/url-shortener');
  await cand.page.getByText('Pair with someone').click();
  await cand.page.getByRole('radio', { name: /Candidate/ }).check();
  await cand.page.getByRole('button', { name: 'Create a paired session' }).click();
  await cand.page.getByTestId('my-role').waitFor();
  expect(await cand.page.getByTestId('my-role').textContent()).toBe('Candidate');
  await cand.page.getByText(/Waiting for your interviewer/).waitFor();

  // The invite link is what "Copy invite link" copies.
  const sessionId = /sessions\/([^/]+)\/room/.exec(cand.page.url())![1]!;
  const info = await cand.page.evaluate(async (id) => (await fetch(`/api/sessions/${id}`)).json(), sessionId);
  await int.page.goto(`/join/${sessionId}?code=${info.inviteCode}`);
  // The link alone joins nothing: the page says what it is and waits for the click.
  await int.page.getByTestId('join-preview').getByText('the interviewer').waitFor();
  await int.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.page.getByTestId('my-role').waitFor();
  expect(await int.page.getByTestId('my-role').textContent()).toBe('Interviewer');
  await cand.page.getByText(/Waiting for your interviewer/).waitFor({ state: 'detached' });

  // The interviewer sees the guide; the candidate sees the prompt and no guide.
  await int.page.getByRole('heading', { name: 'Curveballs' }).waitFor();
  await int.page.getByRole('heading', { name: 'Clarifying questions' }).waitFor();
  await cand.page.getByRole('heading', { name: /Cover in this step/ }).waitFor();
  expect(await cand.page.getByRole('heading', { name: 'Curveballs' }).count()).toBe(0);
  expect(await cand.page.content()).not.toContain('Clarifying questions');
  expect(await cand.page.getByRole('button', { name: 'Start interview' }).count()).toBe(0);

  // Chat both ways, with Enter to send.
  await cand.page.getByRole('tab', { name: /Chat/ }).click();
  await int.page.getByRole('tab', { name: /Chat/ }).click();
  await cand.page.getByLabel('Message', { exact: true }).fill('Hi! Shall we start? <b>bold?</b>');
  await cand.page.getByLabel('Message', { exact: true }).press('Enter');
  await int.page.getByText('Hi! Shall we start? <b>bold?</b>').waitFor();
  await int.page.getByLabel('Message', { exact: true }).fill('Yes, go ahead.');
  await int.page.getByLabel('Message', { exact: true }).press('Enter');
  await cand.page.getByText('Yes, go ahead.').waitFor();

  // The interviewer drives the clock through all four phases.
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await cand.page.getByTestId('phase-name').getByText('Clarify requirements').waitFor();
  const first = await cand.page.getByTestId('countdown').textContent();
  expect(first).toMatch(/^[45]:\d\d$/);
  // The countdown ticks on the candidate's screen from server time.
  await expect.poll(() => cand.page.getByTestId('countdown').textContent(), { timeout: 4000 }).not.toBe(first);

  for (const next of ['Estimate capacity', 'High-level design', 'Deep dive']) {
    await int.page.getByRole('button', { name: `Next: ${next}` }).click();
    await cand.page.getByTestId('phase-name').getByText(next).waitFor();
    await int.page.getByTestId('phase-name').getByText(next).waitFor();
    if (next === 'Estimate capacity') {
      // The worksheet comes forward and syncs live.
      await cand.page.getByLabel(/Daily active users/).fill('100000000');
      await cand.page.getByLabel(/Daily active users/).blur();
      await expect.poll(() => int.page.getByLabel(/Daily active users/).inputValue(), { timeout: 5000 }).toBe('100M');
    }
  }
  expect(await phaseName(cand.page)).toContain('Deep dive');
  // The end-of-session confirmation is an in-app dialog: Escape cancels it, its button ends the session.
  await int.page.getByRole('button', { name: 'End session' }).click();
  const confirm = int.page.getByRole('dialog', { name: 'End the session for everyone?' });
  await confirm.waitFor();
  expect(await int.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
  await int.page.keyboard.press('Tab');
  await int.page.keyboard.press('Tab');
  expect(await int.page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  await int.page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'hidden' });
  expect(await int.page.getByTestId('countdown').textContent()).not.toBe('Ended');
  await int.page.getByRole('button', { name: 'End session' }).click();
  await confirm.getByRole('button', { name: 'End session' }).click();
  await cand.page.getByText('This session has ended').waitFor();
  expect(await cand.page.getByTestId('countdown').textContent()).toBe('Ended');

  expect(cand.errors).toEqual([]);
  expect(int.errors).toEqual([]);
  expect(cand.dialogs).toEqual([]);
  expect(int.dialogs).toEqual([]);
  await cand.ctx.close();
  await int.ctx.close();
});
