import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, registerViaUi, uniqueName } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

/** Pictures to look at (test-results/screenshots, not committed): the board and home "Upcoming", 1440 and 1024 wide, light and dark. */
const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

// The server's clock runs `shift` ms ahead of the real one: moving it is how the test reaches
// "10 minutes before" without waiting. The page measures its offset from each answer's serverTime.
let shift = 0;
let srv: TestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => {
  srv = await startTestServer({}, { now: () => Date.now() + shift });
  const launched = await launchBrowser();
  browser = launched.browser;
  closeBrowser = launched.close;
});
afterAll(async () => {
  await closeBrowser?.();
  await srv?.stop();
});

async function pageIn(timezoneId: string) {
  const ctx = await browser.newContext({ baseURL: srv.url, viewport: { width: 1440, height: 900 }, timezoneId });
  // A recording stand-in for the Notification API: permission starts undecided and is granted when asked.
  await ctx.addInitScript(() => {
    const w = window as unknown as { notes: { title: string; tag?: string }[]; asked: number; Notification: unknown };
    w.notes = [];
    w.asked = 0;
    w.Notification = class {
      static permission = 'default';
      static async requestPermission() {
        w.asked += 1;
        (this as unknown as { permission: string }).permission = 'granted';
        return 'granted';
      }
      constructor(title: string, opts: { tag?: string } = {}) {
        w.notes.push({ title, tag: opts.tag });
      }
    };
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { ctx, page, errors, dialogs };
}

/** A `datetime-local` value for `ms` in the page's own time zone. */
const localValue = (page: Page, ms: number) =>
  page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);

async function shots(page: Page, name: string, testId = 'upcoming') {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 1024]) {
    for (const theme of ['light', 'dark']) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate((t) => {
        localStorage.setItem('mockroom.theme', t);
        document.documentElement.dataset.theme = t;
      }, theme);
      await page.getByTestId(testId).first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `${name}-${width}-${theme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

it('a slot with a time: posted in Berlin, taken from New York, upcoming for both, the room opens 10 minutes before', async () => {
  const owner = await pageIn('Europe/Berlin');
  const friend = await pageIn('America/New_York');
  await registerViaUi(owner.page, uniqueName('own'), undefined, 'Olga Owner');
  await registerViaUi(friend.page, uniqueName('fr'), undefined, 'Finn Friend');
  const group = await owner.page.evaluate(async () => {
    const res = await fetch('/api/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Planners' }) });
    return (await res.json()) as { id: string; inviteCode: string };
  });
  expect(await friend.page.evaluate(async (code) => (await fetch('/api/groups/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).status, group.inviteCode)).toBe(200);

  // Olga posts "interview me" for 30 minutes from now (to the minute), in her own zone.
  const start = Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000;
  await owner.page.goto(`/groups/${group.id}`);
  await owner.page.getByRole('radio', { name: /Be interviewed/ }).check();
  await owner.page.getByRole('radio', { name: /At a set time/ }).check();
  const local = await localValue(owner.page, start);
  await owner.page.getByLabel('Starts').fill(local);
  await owner.page.getByLabel('Length').selectOption('60');
  await owner.page.getByRole('button', { name: 'Post to the board' }).click();
  await owner.page.getByTestId('slot-time').waitFor();

  // Finn sees it in New York time, with Olga's Berlin time beside it.
  await friend.page.goto(`/groups/${group.id}`);
  const when = friend.page.getByTestId('slot-time');
  await when.getByText('(Europe/Berlin)').waitFor();
  const nyTime = await friend.page.evaluate((ms) => new Intl.DateTimeFormat(undefined, { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(ms), start);
  expect(await when.textContent()).toContain(nyTime);
  expect(await when.textContent()).toContain('(60 min)');
  await shots(friend.page, 'group-board-timed-slot', 'slot');

  // Taking it schedules the session: Finn stays on the page, and it is under "Upcoming".
  await friend.page.getByRole('button', { name: "Take Olga Owner's slot as interviewer" }).click();
  const item = friend.page.getByTestId('upcoming-item');
  await item.getByText('You interview Olga Owner').waitFor();
  expect(new URL(friend.page.url()).pathname).toBe(`/groups/${group.id}`);
  await item.getByText(/in (29|30) min/).waitFor();
  expect(await item.getByRole('button', { name: 'Join room' }).isDisabled()).toBe(true);

  // Olga's group page and home page pick it up; the problem stays a surprise for the candidate.
  const mine = owner.page.getByTestId('upcoming-item');
  await mine.getByText('Finn Friend interviews you').waitFor({ timeout: 15_000 });
  await mine.getByText('a problem you will see at the start').waitFor();
  expect(new URL(owner.page.url()).pathname).toBe(`/groups/${group.id}`);
  await shots(owner.page, 'group-upcoming');
  await owner.page.goto('/');
  await mine.getByText('Finn Friend interviews you').waitFor();
  // Not listed a second time (with the problem's name) under "Sessions in progress" before its room opens.
  await owner.page.getByText('No open sessions.').waitFor();
  await shots(owner.page, 'home-upcoming');
  expect(await mine.getByRole('button', { name: 'Join room' }).isDisabled()).toBe(true);
  // Reminders: permission is asked for only when turned on; nothing rings yet, no badge.
  expect(await owner.page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(0);
  await owner.page.getByLabel(/Remind me 10 minutes before/).check();
  expect(await owner.page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(1);
  expect(await owner.page.evaluate(() => (window as unknown as { notes: unknown[] }).notes)).toEqual([]);
  expect(await owner.page.title()).not.toMatch(/^\(\d+\)/);

  // Finn proposes an hour later (from New York); Olga accepts; the countdown follows.
  await item.getByRole('button', { name: 'Propose another time' }).click();
  const moved = start + 60 * 60_000;
  await item.getByLabel('New start').fill(await localValue(friend.page, moved));
  await item.getByRole('button', { name: 'Propose', exact: true }).click();
  await item.getByText(/You proposed .*; waiting for Olga Owner/).waitFor();
  await owner.page.getByRole('button', { name: 'Refresh' }).first().click();
  await mine.getByText('Finn Friend proposes').waitFor();
  await mine.getByRole('button', { name: 'Accept new time' }).click();
  await mine.getByText(/in 1 h (29|30) min/).waitFor();

  // Server time moves to 9 minutes before the (new) start: on the next read the room opens.
  shift = moved - 9 * 60_000 - Date.now();
  await owner.page.getByRole('button', { name: 'Refresh' }).first().click();
  const join = mine.getByRole('link', { name: 'Join room' });
  await join.waitFor();
  await mine.getByText(/in (8|9) min/).waitFor();
  // One notification, and the page title carries a badge.
  await owner.page.waitForFunction(() => (window as unknown as { notes: unknown[] }).notes.length === 1);
  expect(await owner.page.evaluate(() => (window as unknown as { notes: { title: string }[] }).notes[0]!.title)).toMatch(/^Mock interview in (8|9) min$/);
  expect(await owner.page.title()).toMatch(/^\(1\) /);
  await join.click();
  await owner.page.waitForURL(/\/sessions\/[A-Za-z0-9_-]+\/room$/);
  await owner.page.getByTestId('my-role').waitFor();
  expect(await owner.page.getByTestId('my-role').textContent()).toBe('Candidate');

  // Finn cancels; Olga's list marks it.
  await friend.page.getByRole('button', { name: 'Refresh' }).first().click();
  await item.getByRole('button', { name: 'Cancel' }).click();
  await item.getByRole('button', { name: 'Yes, cancel it' }).click();
  await item.getByText('Cancelled by Finn Friend').waitFor();
  await owner.page.goto('/');
  await mine.getByText('Cancelled by Finn Friend').waitFor();

  for (const p of [owner, friend]) {
    expect(p.errors).toEqual([]);
    expect(p.dialogs).toEqual([]);
    await p.ctx.close();
  }
});

it('a partner takes your timed slot: one notification and a title badge in any tab of the app (reminders on), not again after a reload', async () => {
  // Notifications granted; the stand-in records every one created.
  const granted = async () => {
    const ctx = await browser.newContext({ baseURL: srv.url, viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Berlin' });
    await ctx.addInitScript(() => {
      const w = window as unknown as { notes: { title: string; body?: string; tag?: string }[]; Notification: unknown };
      w.notes = [];
      w.Notification = class {
        static permission = 'granted';
        static async requestPermission() {
          return 'granted';
        }
        onclick: (() => void) | null = null;
        constructor(title: string, opts: { body?: string; tag?: string } = {}) {
          w.notes.push({ title, body: opts.body, tag: opts.tag });
        }
      };
    });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { ctx, page, errors };
  };
  const owner = await granted();
  const friend = await granted();
  await registerViaUi(owner.page, uniqueName('own'), undefined, 'Tess Taken');
  await registerViaUi(friend.page, uniqueName('fr'), undefined, 'Tom Taker');
  const api = (page: Page, path: string, body: unknown = {}) =>
    page.evaluate(
      async ([p, b]) => {
        const res = await fetch(p as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
        return { status: res.status, body: (await res.json()) as { id: string; inviteCode: string } };
      },
      [path, body] as const,
    );
  const group = (await api(owner.page, '/api/groups', { name: 'Notified' })).body;
  expect((await api(friend.page, '/api/groups/join', { code: group.inviteCode })).status).toBe(200);

  // Tess turns reminders on, posts a slot for tomorrow and goes to read the library (no "Upcoming" there:
  // only the page-wide reminders, every minute, on a clock the test moves).
  await owner.page.goto('/');
  await owner.page.getByLabel(/Remind me 10 minutes before and when someone takes my slot/).check();
  const startsAt = new Date(Math.ceil((Date.now() + 24 * 3600_000) / 60_000) * 60_000).toISOString();
  const slot = await api(owner.page, `/api/groups/${group.id}/slots`, { role: 'candidate', problemSlug: 'news-feed', startsAt, timeZone: 'Europe/Berlin' });
  expect(slot.status).toBe(201);
  await owner.page.clock.install();
  await owner.page.goto('/problems');
  await owner.page.getByRole('heading', { name: /Problem/ }).first().waitFor();
  const notes = () => owner.page.evaluate(() => (window as unknown as { notes: { title: string; body?: string; tag?: string }[] }).notes);
  await owner.page.clock.runFor(61_000);
  expect(await notes()).toEqual([]);

  // Tom takes it: within a minute Tess's tab rings once and badges its title.
  expect((await api(friend.page, `/api/groups/${group.id}/slots/${slot.body.id}/take`)).status).toBe(201);
  const upcoming = owner.page.waitForResponse((r) => r.url().endsWith('/api/me/upcoming'));
  await owner.page.clock.runFor(61_000);
  await upcoming;
  await expect.poll(notes, { timeout: 10_000 }).toHaveLength(1);
  const [note] = await notes();
  expect(note).toMatchObject({ title: 'Tom Taker took your slot', tag: `mockroom-taken-${slot.body.id}` });
  expect(note!.body).toContain('Tom Taker interviews you (Notified)');
  await expect.poll(() => owner.page.title()).toMatch(/^\(1\) /);
  // The next polls do not ring again; looking at the page (a click) clears the badge.
  await owner.page.clock.runFor(121_000);
  expect(await notes()).toHaveLength(1);
  await owner.page.mouse.click(5, 300);
  await expect.poll(() => owner.page.title()).not.toMatch(/^\(\d+\)/);

  // A reload (a fresh page: the record is empty) reads the list again and stays silent.
  const reread = owner.page.waitForResponse((r) => r.url().endsWith('/api/me/upcoming'));
  await owner.page.reload();
  await reread;
  await owner.page.clock.runFor(61_000);
  await owner.page.getByRole('heading', { name: /Problem/ }).first().waitFor();
  expect(await notes()).toEqual([]);
  expect(await owner.page.title()).not.toMatch(/^\(\d+\)/);

  // Tom, who took it, is not told that his own take happened.
  await friend.page.goto('/');
  await friend.page.getByTestId('upcoming-item').getByText('You interview Tess Taken').waitFor();
  expect(await friend.page.evaluate(() => (window as unknown as { notes: unknown[] }).notes)).toEqual([]);

  for (const p of [owner, friend]) {
    expect(p.errors).toEqual([]);
    await p.ctx.close();
  }
});

it("the candidate's room keeps a surprise problem unnamed until the interviewer starts; a cancel ends an open room at once", async () => {
  const cand = await pageIn('Europe/Berlin');
  const int = await pageIn('Europe/Berlin');
  await registerViaUi(cand.page, uniqueName('sc'), undefined, 'Sura Surprised');
  await registerViaUi(int.page, uniqueName('si'), undefined, 'Ivo Picker');
  const post = (page: Page, path: string, body: unknown = {}) =>
    page.evaluate(async ([p, b]) => (await (await fetch(p as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).json()) as Record<string, string>, [path, body] as const);
  const group = await post(cand.page, '/api/groups', { name: 'Surprises' });
  await post(int.page, '/api/groups/join', { code: group.inviteCode });
  const tomorrow = new Date(Math.ceil((Date.now() + 24 * 3600_000) / 60_000) * 60_000).toISOString();
  const slot = await post(cand.page, `/api/groups/${group.id}/slots`, { role: 'candidate', startsAt: tomorrow });
  const { sessionId } = await post(int.page, `/api/groups/${group.id}/slots/${slot.id}/take`, { problemSlug: 'news-feed' });

  await cand.page.goto(`/sessions/${sessionId}/room`);
  await cand.page.getByRole('heading', { name: 'A surprise problem' }).waitFor();
  await cand.page.getByTestId('surprise-prompt').waitFor();
  expect(await cand.page.locator('body').textContent()).not.toMatch(/news feed/i);
  await int.page.goto(`/sessions/${sessionId}/room`);
  await int.page.getByRole('heading', { name: /News feed/ }).waitFor();
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  // The start names it for her, title and prompt, without a reload.
  await cand.page.getByRole('heading', { name: /News feed/ }).waitFor();
  await cand.page.getByTestId('surprise-prompt').waitFor({ state: 'detached' });
  await cand.page.getByRole('heading', { name: 'The prompt' }).waitFor();

  // Another scheduled mock, with its room open in her tab: Ivo cancels it, and the room ends there and then.
  const next = await post(cand.page, `/api/groups/${group.id}/slots`, { role: 'candidate', problemSlug: 'url-shortener', startsAt: tomorrow });
  const second = await post(int.page, `/api/groups/${group.id}/slots/${next.id}/take`, {});
  await cand.page.goto(`/sessions/${second.sessionId}/room`);
  await cand.page.getByText('Not started').first().waitFor();
  expect((await post(int.page, `/api/groups/${group.id}/slots/${next.id}/cancel`)).status).toBe('cancelled');
  await cand.page.getByTestId('cancelled-banner').getByText('Ivo Picker cancelled this scheduled session before it started.').waitFor();
  expect(await cand.page.getByRole('button', { name: 'Rectangle' }).isDisabled()).toBe(true);
  // Nobody to call in a mock that never happened: no audio, recording or call link controls.
  expect(await cand.page.getByTestId('join-audio').count()).toBe(0);
  expect(await cand.page.getByRole('checkbox', { name: /Record/ }).count()).toBe(0);
  expect(await cand.page.locator('.room-call').count()).toBe(0);

  for (const p of [cand, int]) {
    expect(p.errors).toEqual([]);
    await p.ctx.close();
  }
});
