import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, registerViaUi, serverAndBrowser, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();
const PASSWORD = 'a long enough passphrase';
const NEW_PASSWORD = 'a brand new passphrase';

async function logIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const status = (page: Page) => page.evaluate(async () => (await fetch('/api/me')).status);

it('settings: rename, see and end other sign-ins, change the password, sign out everywhere', async () => {
  // The first account of the instance is its admin; the reset-link test below needs it.
  const admin = await newPage(env.browser, env.srv.url);
  await registerViaUi(admin.page, uniqueName('boss'), undefined, 'Ada Admin');
  await admin.ctx.close();

  const me = await newPage(env.browser, env.srv.url);
  const laptop = await newPage(env.browser, env.srv.url);
  const username = uniqueName('set');
  await registerViaUi(me.page, username, PASSWORD, 'Grace');
  await logIn(laptop.page, username, PASSWORD);
  await laptop.page.getByTestId('whoami').waitFor();

  // The header's name opens the settings.
  await me.page.getByTestId('whoami').click();
  await me.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await me.page.getByLabel('Display name').fill('Grace Hopper');
  await me.page.getByRole('button', { name: 'Save name' }).click();
  await me.page.getByRole('status').getByText('Saved').waitFor();
  await me.page.getByTestId('whoami').getByText('Grace Hopper').waitFor();

  // Two sign-ins: this browser is marked.
  const signIns = me.page.getByTestId('sign-ins');
  await expect.poll(() => signIns.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
  expect(await signIns.getByText('this browser').count()).toBe(1);

  // A wrong current password says so next to the field.
  await me.page.getByLabel('Current password').fill('not my password at all');
  await me.page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await me.page.getByLabel('New password again').fill(NEW_PASSWORD);
  await me.page.getByRole('button', { name: 'Change password' }).click();
  await me.page.getByText('That is not your current password.').waitFor();
  // The right one: the laptop is signed out, this browser stays, the old password stops working.
  await me.page.getByLabel('Current password').fill(PASSWORD);
  await me.page.getByRole('button', { name: 'Change password' }).click();
  await me.page.getByText('Password changed. Your other sign-in was signed out.').waitFor();
  expect(await status(laptop.page)).toBe(401);
  expect(await status(me.page)).toBe(200);
  await logIn(laptop.page, username, PASSWORD);
  await laptop.page.getByText('Wrong username or password.').waitFor();
  await logIn(laptop.page, username, NEW_PASSWORD);
  await laptop.page.getByTestId('whoami').waitFor();

  // Sign out everywhere asks first, then ends both sign-ins.
  await me.page.reload();
  await expect.poll(() => signIns.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
  await me.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await me.page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  await me.page.waitForURL(/\/login/);
  expect(await status(me.page)).toBe(401);
  expect(await status(laptop.page)).toBe(401);

  expect(me.errors).toEqual([]);
  expect(laptop.errors).toEqual([]);
  await me.ctx.close();
  await laptop.ctx.close();
});

it('a reset link from the admin sets a new password once and signs in', async () => {
  const admin = await newPage(env.browser, env.srv.url);
  const user = await newPage(env.browser, env.srv.url);
  const adminName = (await env.srv.store.db.selectFrom('users').select('username').where('is_admin', '=', 1).executeTakeFirstOrThrow()).username;
  await logIn(admin.page, adminName, PASSWORD);
  await admin.page.getByTestId('whoami').waitFor();
  const username = uniqueName('forgot');
  await registerViaUi(user.page, username, PASSWORD, 'Forgetful Fred');
  await user.page.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }));

  await admin.page.goto('/admin');
  const row = admin.page.getByRole('row', { name: /Forgetful Fred/ });
  await row.getByRole('button', { name: 'Reset link' }).click();
  const url = await admin.page.getByLabel(/One-time password reset link for/).inputValue();
  expect(url).toMatch(new RegExp(`^${env.srv.url}/reset\\?token=[A-Za-z0-9_-]{40,}$`));

  await user.page.goto(url);
  await user.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await user.page.getByText(`@${username}`).waitFor();
  await user.page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await user.page.getByLabel('New password again').fill('something else entirely');
  await user.page.getByRole('button', { name: 'Set password and sign in' }).click();
  await user.page.getByText('The two passwords differ.').waitFor();
  await user.page.getByLabel('New password again').fill(NEW_PASSWORD);
  await user.page.getByRole('button', { name: 'Set password and sign in' }).click();
  await user.page.getByTestId('whoami').getByText('Forgetful Fred').waitFor();
  expect(new URL(user.page.url()).pathname).toBe('/');

  // The link worked once.
  await user.page.goto(url);
  await user.page.getByRole('heading', { name: 'Reset link not valid' }).waitFor();
  await user.page.getByRole('alert').getByText(/used already/).waitFor();

  expect(admin.errors).toEqual([]);
  expect(user.errors).toEqual([]);
  await admin.ctx.close();
  await user.ctx.close();
});
