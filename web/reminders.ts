/**
 * Reminders for scheduled mocks while the app is open (no mail server): a browser notification 10
 * minutes before, asked for only when the person turns reminders on, and a badge in the page title.
 * The decisions are plain functions; `web/components/Reminders.tsx` runs them.
 */
import type { UpcomingSession } from '../shared/api';
import { roomOpen } from './schedule';

const SETTING = 'mockroom.reminders';
const SENT = 'mockroom.reminded';

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

/** Slots reminded of already, across tabs and reloads (so one session rings once). */
export function takeUnreminded(sessions: UpcomingSession[]): UpcomingSession[] {
  let sent: string[] = [];
  try {
    sent = JSON.parse(localStorage.getItem(SENT) ?? '[]') as string[];
  } catch {
    sent = [];
  }
  const fresh = sessions.filter((s) => !sent.includes(s.slotId));
  if (fresh.length) localStorage.setItem(SENT, JSON.stringify([...sent, ...fresh.map((s) => s.slotId)].slice(-50)));
  return fresh;
}
