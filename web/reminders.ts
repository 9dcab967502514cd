/**
 * Reminders for scheduled mocks while the app is open (no mail server): a browser notification 10
 * minutes before and when a partner takes your slot, asked for only when the person turns reminders
 * on, and a badge in the page title. The decisions are plain functions; `web/components/Reminders.tsx`
 * runs them.
 */
import type { UpcomingSession } from '../shared/api';
import { roomOpen } from './schedule';

const SETTING = 'mockroom.reminders';
const SENT = 'mockroom.reminded';
const TAKEN = 'mockroom.announcedTaken';

export const remindersOn = (): boolean => localStorage.getItem(SETTING) === 'on';
export const setRemindersOn = (on: boolean) => {
  localStorage.setItem(SETTING, on ? 'on' : 'off');
  window.dispatchEvent(new CustomEvent('mockroom:reminders'));
};

/** Scheduled sessions whose room is open now (10 minutes before the start until the end). */
export const openNow = (sessions: UpcomingSession[], serverNow: number) =>
  sessions.filter((s) => s.status === 'scheduled' && roomOpen(s.startsAt, serverNow) && serverNow < s.endsAt);

/** "(1) Mockroom": the count of open rooms in front of the page's own title. */
export function badgedTitle(title: string, count: number): string {
  const bare = title.replace(/^\(\d+\) /, '');
  return count > 0 ? `(${count}) ${bare}` : bare;
}

/** The sessions not yet in the `key` list of slot ids, which then holds them: one per slot, across tabs and reloads. */
function takeNew(key: string, sessions: UpcomingSession[]): UpcomingSession[] {
  let sent: string[] = [];
  try {
    sent = JSON.parse(localStorage.getItem(key) ?? '[]') as string[];
  } catch {
    sent = [];
  }
  const fresh = sessions.filter((s) => !sent.includes(s.slotId));
  if (fresh.length) localStorage.setItem(key, JSON.stringify([...sent, ...fresh.map((s) => s.slotId)].slice(-50)));
  return fresh;
}

/** Slots reminded of already, across tabs and reloads (so one session rings once). */
export const takeUnreminded = (sessions: UpcomingSession[]) => takeNew(SENT, sessions);

/**
 * Your slots a partner took that were not announced yet (each once, across tabs and reloads). Taken
 * while reminders were off, they are taken here all the same, silently: turning reminders on later
 * does not ring for old news.
 */
export const takeNewlyTaken = (sessions: UpcomingSession[]) => takeNew(TAKEN, sessions.filter((s) => s.postedByYou && s.status === 'scheduled'));

/** "Finn took your slot": what the notification says. */
export function takenText(s: UpcomingSession, when: string): { title: string; body: string } {
  return {
    title: `${s.partner.displayName} took your slot`,
    body: `${when}: ${s.role === 'candidate' ? `${s.partner.displayName} interviews you` : `you interview ${s.partner.displayName}`} (${s.groupName}).`,
  };
}
