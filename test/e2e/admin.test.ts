import { expect, it } from 'vitest';
import { newPage, registerViaUi, serverAndBrowser, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

it('the admin sees who is in a room, disables an account (it is signed out at once) and enables it again', async () => {
  const admin = await newPage(env.browser, env.srv.url);
  const friend = await newPage(env.browser, env.srv.url);
  // The first account of an instance is its admin.
  await registerViaUi(admin.page, uniqueName('boss'), undefined, 'Ada Admin');
  const friendName = uniqueName('fr');
  await registerViaUi(friend.page, friendName, undefined, 'Finn Friend');

  // The friend opens a room and waits there for an interviewer.
  await friend.page.goto('/problems/url-shortener');
  await friend.page.getByText('Pair with someone').click();
  await friend.page.getByRole('radio', { name: /Candidate/ }).check();
  await friend.page.getByRole('button', { name: 'Create a paired session' }).click();
  await friend.page.getByText(/Waiting for your interviewer/).waitFor();

  await admin.page.getByRole('link', { name: 'Admin', exact: true }).click();
  await admin.page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  expect(await admin.page.getByTestId('registration-mode').textContent()).toBe('open');
  const status = admin.page.getByTestId('server-status');
  await status.waitFor();
  expect(await admin.page.getByTestId('status-rooms').textContent()).toBe('1');
  expect(await admin.page.getByTestId('status-connections').textContent()).toBe('1');
  await status.getByText('Write-ahead log').waitFor();

  // Disabling asks first, then ends the friend's socket and cookie at once.
  const row = admin.page.getByRole('row', { name: /Finn Friend/ });
  await row.getByRole('button', { name: 'Disable' }).click();
  await row.getByRole('button', { name: 'Yes, disable' }).click();
  await row.getByText('disabled').waitFor();
  await admin.page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(async () => admin.page.getByTestId('status-connections').textContent(), { timeout: 5000 }).toBe('0');
  await friend.page.reload();
  await friend.page.waitForURL(/\/login/);

  // Enabled again, the friend signs in with the same password and is sent back to the room.
  await row.getByRole('button', { name: 'Enable' }).click();
  await row.getByText('active').waitFor();
  await friend.page.getByLabel('Username').fill(friendName);
  await friend.page.getByLabel('Password').fill('a long enough passphrase');
  await friend.page.getByRole('button', { name: /Log in|Sign in/ }).click();
  await friend.page.waitForURL(/\/sessions\/[A-Za-z0-9_-]+\/room$/);
  expect(await friend.page.getByTestId('my-role').textContent()).toBe('Candidate');

  expect(admin.errors).toEqual([]);
  expect(friend.errors).toEqual([]);
  await admin.ctx.close();
  await friend.ctx.close();
});
