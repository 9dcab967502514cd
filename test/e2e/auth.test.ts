import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

it('a person registers, logs out and logs back in', async () => {
  const { page, ctx, errors } = await newPage(env.browser, env.srv.url);
  const username = uniqueName('ada');
  await registerViaUi(page, username);
  await expect(page.getByTestId('whoami').textContent()).resolves.toContain(username);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();

  // A wrong password shows the server's message inline.
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('definitely not it');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();

  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('whoami').waitFor();
  await page.reload();
  await page.getByTestId('whoami').waitFor();
  expect(errors).toEqual([]);
  await ctx.close();
});

it('shows field errors on the register form and keeps the typed values', async () => {
  const { page, ctx } = await newPage(env.browser, env.srv.url);
  await page.goto('/register');
  await page.getByLabel('Username').fill('ok-name');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Use at least 10 characters.').waitFor();
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(/common passwords/).waitFor();
  expect(await page.getByLabel('Username').inputValue()).toBe('ok-name');
  await ctx.close();
});

it('renders a hostile display name inert', async () => {
  const { page, ctx, dialogs } = await newPage(env.browser, env.srv.url);
  await registerViaUi(page, uniqueName('xss'), undefined, '<img src=x onerror=alert(1)>');
  await expect(page.getByTestId('whoami').textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
  // Rendered as text: there is no image element whose onerror could run.
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  await ctx.close();
});

it('shows a 404 page for unknown addresses and sends signed-out visitors to log in', async () => {
  const { page, ctx } = await newPage(env.browser, env.srv.url);
  await page.goto('/no/such/page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.goto('/problems');
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  expect(page.url()).toContain('/login?next=%2Fproblems');
  await ctx.close();
});
