import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

it('a person browses, filters and opens problems, with the guide behind a spoiler gate', async () => {
  const { page, ctx, errors, dialogs } = await newPage(env.browser, env.srv.url);
  await registerViaUi(page, uniqueName('lib'));
  await page.getByRole('link', { name: 'Problems' }).click();
  const cards = page.getByRole('list', { name: 'Problems' }).getByRole('listitem');
  await cards.first().waitFor();
  const total = await cards.count();
  expect(total).toBeGreaterThanOrEqual(15);

  await page.getByLabel('Difficulty').selectOption('easy');
  await expect.poll(() => cards.count()).toBeLessThan(total);
  for (const badge of await cards.locator('.badge.easy, .badge.medium, .badge.hard').allTextContents()) expect(badge).toBe('easy');
  await page.getByLabel('Difficulty').selectOption('');

  await page.getByLabel('Search', { exact: true }).fill('ride');
  await page.getByRole('link', { name: /ride/i }).first().waitFor();
  await page.getByLabel('Search', { exact: true }).fill('zzzz-nothing');
  await page.getByText('No problem matches these filters.').waitFor();
  await page.getByLabel('Search', { exact: true }).fill('shortener');
  await page.getByRole('link', { name: /URL shortener/i }).click();

  await page.getByRole('heading', { name: 'The prompt' }).waitFor();
  await expect(page.getByRole('heading', { name: 'Clarifying questions' }).count()).resolves.toBe(0);
  await page.getByRole('button', { name: /show the guide/ }).click();
  await page.getByRole('heading', { name: 'Clarifying questions' }).waitFor();
  await page.getByRole('heading', { name: 'Deep dives' }).waitFor();
  await page.getByRole('table', { name: 'Reference figures' }).waitFor();
  expect(errors).toEqual([]);
  expect(dialogs).toEqual([]);
  await ctx.close();
});
