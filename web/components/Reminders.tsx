import { useEffect, useRef } from 'react';
import type { UpcomingList } from '../../shared/api';
import { api } from '../api';
import { badgedTitle, openNow, remindersOn, takeUnreminded } from '../reminders';

const POLL_MS = 60_000;
const TICK_MS = 15_000;

/**
 * Mounted once for a signed-in person: keeps the upcoming list (re-read every minute, and taken from
 * any "Upcoming" section that loads it), badges the page title while a room is open, and, when
 * reminders are on and allowed, shows one notification per session 10 minutes before its start.
 */
export function Reminders() {
  const latest = useRef<{ list: UpcomingList; offset: number } | null>(null);

  useEffect(() => {
    const check = () => {
      const got = latest.current;
      const open = got ? openNow(got.list.sessions, Date.now() + got.offset) : [];
      document.title = badgedTitle(document.title, open.length);
      if (!open.length || !remindersOn() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      for (const s of takeUnreminded(open)) {
        const minutes = Math.max(0, Math.round((s.startsAt - (Date.now() + got!.offset)) / 60_000));
        new Notification(minutes > 0 ? `Mock interview in ${minutes} min` : 'Mock interview now', {
          body: `${s.role === 'candidate' ? `${s.partner.displayName} interviews you` : `You interview ${s.partner.displayName}`} (${s.groupName}). The room is open.`,
          tag: `mockroom-${s.slotId}`,
        });
      }
    };
    const take = (list: UpcomingList) => {
      latest.current = { list, offset: list.serverTime - Date.now() };
      check();
    };
    const load = () => api.get<UpcomingList>('/me/upcoming').then(take, () => undefined);
    const onList = (e: Event) => take((e as CustomEvent<UpcomingList>).detail);
    window.addEventListener('mockroom:upcoming', onList);
    window.addEventListener('mockroom:reminders', check);
    void load();
    const poll = setInterval(load, POLL_MS);
    const tick = setInterval(check, TICK_MS);
    return () => {
      window.removeEventListener('mockroom:upcoming', onList);
      window.removeEventListener('mockroom:reminders', check);
      clearInterval(poll);
      clearInterval(tick);
      document.title = badgedTitle(document.title, 0);
    };
  }, []);
  return null;
}
