// Screenshots of scheduled mocks as the candidate sees them, at 1440 and 1024 px, light and dark: home
// (Upcoming, reminders), My sessions (a surprise problem, a cancelled one), the room before a surprise
// starts, a cancelled session's room and its review.
// Run: npx tsx scripts/schedule-screens.ts [outDir]   (needs `npm run build` first)
import type { Page } from 'playwright-core';
import { twoPeople } from './lib/two-people';

const out = process.argv[2] ?? '/tmp/schedule-shots';
const { cand, int, close } = await twoPeople();
try {
  const post = (page: Page, path: string, body: unknown = {}) =>
    page.evaluate(async ([p, bd]) => (await (await fetch(p as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bd) })).json()), [path, body] as const);
  const group = await post(cand, '/api/groups', { name: 'Thursday club' });
  await post(int, '/api/groups/join', { code: group.inviteCode });
  const at = (days: number) => new Date(Math.ceil((Date.now() + days * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
  // A surprise: Casey asks to be interviewed on any problem; Ivy picks one.
  const surprise = await post(cand, `/api/groups/${group.id}/slots`, { role: 'candidate', startsAt: at(1), timeZone: 'Europe/Berlin' });
  const taken = await post(int, `/api/groups/${group.id}/slots/${surprise.id}/take`, { problemSlug: 'news-feed' });
  // Another, fixed problem, that Ivy calls off.
  const fixed = await post(cand, `/api/groups/${group.id}/slots`, { role: 'candidate', problemSlug: 'url-shortener', startsAt: at(2), timeZone: 'Europe/Berlin' });
  const off = await post(int, `/api/groups/${group.id}/slots/${fixed.id}/take`, {});
  await post(int, `/api/groups/${group.id}/slots/${fixed.id}/cancel`);

  const shoot = async (page: Page, name: string, ready: () => Promise<unknown>) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; localStorage.setItem('mockroom.theme', t); }, theme);
      for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
        await page.setViewportSize({ width, height });
        await ready();
        await page.waitForTimeout(400); // colours ease between themes
        await page.screenshot({ path: `${out}/${name}-${width}-${theme}.png` });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };
  await cand.goto('/');
  await shoot(cand, 'home-upcoming', () => cand.getByTestId('upcoming-item').first().waitFor());
  await cand.goto('/sessions');
  await shoot(cand, 'sessions-list', () => cand.getByText('Cancelled', { exact: true }).first().waitFor());
  await cand.goto(`/sessions/${taken.sessionId}/room`);
  await shoot(cand, 'room-surprise', () => cand.getByTestId('my-role').waitFor());
  await cand.goto(`/sessions/${off.sessionId}/room`);
  await shoot(cand, 'room-cancelled', () => cand.getByTestId('cancelled-banner').waitFor());
  await cand.goto(`/sessions/${off.sessionId}/review`);
  await shoot(cand, 'review-cancelled', () => cand.getByTestId('review-cancelled').waitFor());
  console.log(`wrote ${out}`);
} finally {
  await close();
}
