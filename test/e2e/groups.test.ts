import { expect, it } from 'vitest';
import { newPage, serverAndBrowser, registerViaUi, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

it('a study group: create it, a friend joins by link, one posts a slot, the other takes it, both land in the room', async () => {
  const owner = await newPage(env.browser, env.srv.url);
  const friend = await newPage(env.browser, env.srv.url);
  await registerViaUi(owner.page, uniqueName('own'), undefined, 'Olga Owner');
  await registerViaUi(friend.page, uniqueName('fr'), undefined, 'Finn <img src=x onerror=alert(1)>');

  // The owner creates the group (its name holds markup, which must render as text).
  await owner.page.getByRole('link', { name: 'Groups' }).click();
  await owner.page.getByLabel('Group name').fill('Design club <script>alert(1)</script>');
  await owner.page.getByRole('button', { name: 'Create group' }).click();
  await owner.page.getByRole('heading', { level: 1, name: 'Design club <script>alert(1)</script>' }).waitFor();
  const link = await owner.page.getByLabel('Invite link').inputValue();
  expect(link).toMatch(new RegExp(`^${env.srv.url}/groups/join\\?code=[A-HJ-NP-Z2-9]{10}$`));

  // The friend follows the invite link: the page names the group and joins only on a click.
  await friend.page.goto(link);
  await friend.page.getByTestId('join-preview').getByText('Design club <script>alert(1)</script>').waitFor();
  const groupId = await owner.page.evaluate(async () => ((await (await fetch('/api/groups')).json()) as { id: string }[])[0]!.id);
  expect(await friend.page.evaluate(async (id) => (await fetch(`/api/groups/${id}`)).status, groupId)).toBe(404);
  await friend.page.getByRole('button', { name: 'Join this group' }).click();
  await friend.page.getByRole('heading', { level: 1, name: /Design club/ }).waitFor();
  await friend.page.getByText('2 members · you are a member').waitFor();
  await owner.page.reload();
  await owner.page.getByRole('cell', { name: /Finn <img/ }).waitFor();

  // The owner wants to be interviewed, on any problem.
  await owner.page.getByRole('radio', { name: /Be interviewed/ }).check();
  await owner.page.getByLabel('Note (optional)').fill('Free for the next hour');
  await owner.page.getByRole('button', { name: 'Post to the board' }).click();
  await owner.page.getByTestId('slot').getByText('looking for an interviewer on any problem').waitFor();

  // The friend's board picks it up, suggests problems the owner has not seen, and one click pairs them.
  const take = friend.page.getByRole('button', { name: "Take Olga Owner's slot as interviewer" });
  await take.waitFor({ timeout: 10_000 });
  await friend.page.getByText('Free for the next hour').waitFor();
  const problem = friend.page.getByTestId('slot').getByLabel('Problem');
  expect(await problem.inputValue()).not.toBe('');
  await problem.selectOption('news-feed');
  await take.click();

  await friend.page.waitForURL(/\/sessions\/[A-Za-z0-9_-]+\/room$/);
  await friend.page.getByTestId('my-role').waitFor();
  expect(await friend.page.getByTestId('my-role').textContent()).toBe('Interviewer');
  // The poster's board notices the slot was taken and sends them to the same room.
  await owner.page.waitForURL(/\/sessions\/[A-Za-z0-9_-]+\/room$/, { timeout: 10_000 });
  expect(new URL(owner.page.url()).pathname).toBe(new URL(friend.page.url()).pathname);
  await owner.page.getByTestId('my-role').waitFor();
  expect(await owner.page.getByTestId('my-role').textContent()).toBe('Candidate');
  // Both are there: the interviewer sees the guide for the chosen problem, and the clock starts.
  await friend.page.getByRole('button', { name: 'Start interview' }).click();
  await owner.page.getByTestId('phase-name').getByText('Clarify requirements').waitFor();

  // Back on the group page, the session shows in the activity and the spoiler table.
  await friend.page.goto('/groups');
  await friend.page.getByRole('link', { name: /Design club/ }).click();
  await friend.page.getByRole('heading', { name: 'Recent sessions' }).waitFor();
  await friend.page.getByRole('cell', { name: /News feed/i }).first().waitFor();
  await friend.page.getByRole('cell', { name: 'as interviewer' }).waitFor();

  expect(owner.errors).toEqual([]);
  expect(friend.errors).toEqual([]);
  expect(owner.dialogs).toEqual([]);
  expect(friend.dialogs).toEqual([]);
  await owner.ctx.close();
  await friend.ctx.close();
});

it('joining by typing the code: a wrong code says why and keeps the form, the right one gets in', async () => {
  const owner = await newPage(env.browser, env.srv.url);
  const friend = await newPage(env.browser, env.srv.url);
  await registerViaUi(owner.page, uniqueName('own'));
  await registerViaUi(friend.page, uniqueName('fr'));
  const group = await owner.page.evaluate(async () => {
    const res = await fetch('/api/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Typed-in club' }) });
    return (await res.json()) as { id: string; inviteCode: string };
  });

  await friend.page.goto('/groups/join');
  const input = friend.page.getByLabel('Invite code');
  await input.fill('WRONGCODE2');
  await friend.page.getByRole('button', { name: 'Continue' }).click();
  await friend.page.getByRole('alert').waitFor();
  expect(await input.inputValue()).toBe('WRONGCODE2');
  await input.fill(` ${group.inviteCode.toLowerCase()} `);
  await friend.page.getByRole('button', { name: 'Continue' }).click();
  await friend.page.getByRole('button', { name: 'Join this group' }).click();
  await friend.page.waitForURL(new RegExp(`/groups/${group.id}$`));
  await friend.page.getByRole('heading', { level: 1, name: 'Typed-in club' }).waitFor();
  expect(friend.errors).toEqual([]);
  await owner.ctx.close();
  await friend.ctx.close();
});
