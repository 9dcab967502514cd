/**
 * Practice that counts, in Chromium with two people: the candidate types "100M" and her own figures,
 * hints and curveballs reach her wherever she is, and her notes reach the interviewer live.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, registerViaUi, serverAndBrowser, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

async function pair(): Promise<{ cand: Page; int: Page; sessionId: string; errors: () => string[] }> {
  const c = await newPage(env.browser, env.srv.url);
  const i = await newPage(env.browser, env.srv.url);
  await registerViaUi(c.page, uniqueName('cand'), undefined, 'Casey');
  await registerViaUi(i.page, uniqueName('int'), undefined, 'Ivy');
  const created = await c.page.evaluate(async () => (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json());
  await c.page.goto(`/sessions/${created.id}/room`);
  await i.page.goto(`/join/${created.id}?code=${created.inviteCode}`);
  // Joining from a link takes a click on a page that says what is joined.
  await i.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await i.page.getByTestId('my-role').waitFor();
  await c.page.getByTestId('my-role').waitFor();
  await i.page.getByRole('button', { name: 'Start interview' }).click();
  await c.page.getByTestId('phase-name').getByText('Clarify requirements').waitFor();
  return { cand: c.page, int: i.page, sessionId: created.id, errors: () => [...c.errors, ...i.errors] };
}

it('the worksheet takes "100M", explains a bad entry without losing it, and checks her own figures live for the interviewer', async () => {
  const { cand, int, errors } = await pair();
  await cand.getByRole('tab', { name: 'Estimates' }).click();
  await int.getByRole('tab', { name: 'Estimates' }).click();
  const dau = cand.getByLabel(/Daily active users/);
  await dau.fill('100M');
  await dau.blur();
  await expect.poll(() => int.getByLabel(/Daily active users/).inputValue(), { timeout: 5000 }).toBe('100M');

  // A bad entry shows why, stays in its field, and survives an edit elsewhere.
  const reads = cand.getByLabel(/Reads per user per day/);
  await reads.fill('ten');
  await cand.getByText(/"ten" is not a number or a unit/).waitFor();
  await cand.getByLabel(/Peak \/ average/).fill('3');
  await cand.getByLabel(/Peak \/ average/).blur();
  expect(await reads.inputValue()).toBe('ten');
  await reads.fill('10');
  await cand.getByText(/"ten" is not a number/).waitFor({ state: 'detached' });

  // Nothing is computed for her: she types the figure (as arithmetic) and sees its value with a unit.
  expect(await cand.getByText('Read QPS (average)').count()).toBeGreaterThan(0);
  const readQps = cand.getByLabel('Read QPS (average)');
  expect(await readQps.inputValue()).toBe('');
  await readQps.fill('100M*10/86400');
  await cand.getByTestId('fig-readQps-value').getByText('= 11.6K req/s').waitFor();
  await readQps.blur();
  // The interviewer's guide checks it against the reference as it arrives.
  await int.getByRole('tab', { name: 'Guide' }).click();
  await int.getByRole('button', { name: /^Next: Estimate capacity/ }).click();
  const row = int.getByRole('table', { name: 'Estimate check' }).getByRole('row', { name: /Read QPS \(average\)/ });
  await expect.poll(() => row.textContent(), { timeout: 8000 }).toMatch(/close.*11\.6K req\/s/);
  expect(await cand.getByRole('table', { name: 'Estimate check' }).count()).toBe(0);
  expect(errors()).toEqual([]);
});

it('a hint and a curveball reach the candidate on the Chat tab as toasts and a badge, and stay listed in the Prompt tab', async () => {
  const { cand, int, errors } = await pair();
  await cand.getByRole('tab', { name: /Chat/ }).click();
  await int.getByRole('tab', { name: 'Guide' }).click();
  await int.getByRole('button', { name: 'Reveal to candidate' }).first().click();
  const hintToast = cand.getByTestId('notice-hint');
  await hintToast.waitFor();
  expect(await hintToast.textContent()).toMatch(/Hint:/);
  await cand.getByRole('tab', { name: /Prompt/ }).getByLabel('1 new from your interviewer').waitFor();

  // Curveballs: the interviewer delivers one from the guide.
  const curveballs = int.getByRole('list').filter({ has: int.getByRole('button', { name: 'Deliver' }) }).first();
  const text = ((await curveballs.getByRole('listitem').first().textContent()) ?? '').replace(/^min \d+\s*/, '').replace(/\s*Deliver.*$/s, '').trim();
  await curveballs.getByRole('button', { name: 'Deliver' }).first().click();
  const cbToast = cand.getByTestId('notice-curveball');
  await cbToast.waitFor();
  expect(await cbToast.textContent()).toContain(text.slice(0, 40));
  await cand.getByRole('tab', { name: /Prompt/ }).getByLabel('2 new from your interviewer').waitFor();
  await int.getByText('delivered').first().waitFor();

  // At 1024 px the toasts stay over the workspace: the chat box in the side panel remains usable.
  await cand.setViewportSize({ width: 1024, height: 768 });
  const side = await cand.locator('.room-side').boundingBox();
  for (const toast of [hintToast, cbToast]) {
    const box = (await toast.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(side!.x);
  }
  await cand.getByRole('textbox', { name: 'Message' }).click();
  await cand.setViewportSize({ width: 1400, height: 900 });

  await cand.getByRole('tab', { name: /Prompt/ }).click();
  await cand.getByRole('heading', { name: 'Curveballs from your interviewer' }).waitFor();
  await cand.getByRole('heading', { name: 'Hints from your interviewer' }).waitFor();
  expect(await cand.getByRole('tab', { name: /Prompt/ }).getByLabel(/new from your interviewer/).count()).toBe(0);
  expect(errors()).toEqual([]);
});

it('notes typed by the candidate appear for the interviewer; the interviewer cannot edit them', async () => {
  const { cand, int, errors } = await pair();
  await cand.getByRole('tab', { name: 'Notes' }).click();
  await int.getByRole('tab', { name: 'Notes' }).click();
  await cand.getByLabel('API').fill('POST /urls {longUrl} -> {code}\nGET /:code -> 302');
  await cand.getByLabel('Data model').fill('urls(code PK, long_url, created_at)');
  await expect.poll(() => int.getByTestId('notes-api').textContent(), { timeout: 5000 }).toBe('POST /urls {longUrl} -> {code}\nGET /:code -> 302');
  await expect.poll(() => int.getByTestId('notes-data-model').textContent(), { timeout: 5000 }).toBe('urls(code PK, long_url, created_at)');
  expect(await int.locator('textarea#notes-api').count()).toBe(0);
  expect(errors()).toEqual([]);
});
