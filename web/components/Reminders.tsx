import { useEffect, useRef } from 'react';
import type { UpcomingList } from '../../shared/api';
import { api } from '../api';
import { useAuth } from '../auth';
import { badgedTitle, openNow, remindersOn, takeNewlyTaken, takenText, takeUnreminded } from '../reminders';
import { slotTimeText } from '../schedule';

const POLL_MS = 60_000;
const TICK_MS = 15_000;

const mayNotify = () => remindersOn() && typeof Notification !== 'undefined' && Notification.permission === 'granted';

/**
 * Mounted once for a signed-in person: keeps the upcoming list (re-read every minute, and taken from
 * any "Upcoming" section that loads it), badges the page title while a room is open, and, when
 * reminders are on and allowed, shows one notification per session 10 minutes before its start and
 * one when a partner takes your slot (badged in the title until you look at the page).
 */
export function Reminders() {
  const latest = useRef<{ list: UpcomingList; offset: number } | null>(null);
  /** Slots announced as taken that this tab's person has not looked at yet. */
  const unseenTaken = useRef(new Set<string>());

  useEffect(() => {
    const check = () => {
      const got = latest.current;
      const open = got ? openNow(got.list.sessions, Date.now() + got.offset) : [];
      document.title = badgedTitle(document.title, open.length + unseenTaken.current.size);
      if (!open.length || !mayNotify()) return;
      for (const s of takeUnreminded(open)) {
        const minutes = Math.max(0, Math.round((s.startsAt - (Date.now() + got!.offset)) / 60_000));
        new Notification(minutes > 0 ? `Mock interview in ${minutes} min` : 'Mock interview now', {
          body: `${s.role === 'candidate' ? `${s.partner.displayName} interviews you` : `You interview ${s.partner.displayName}`} (${s.groupName}). The room is open.`,
          tag: `mockroom-${s.slotId}`,
        });
      }
    };
    const announceTaken = (list: UpcomingList) => {
      const taken = takeNewlyTaken(list.sessions);
      if (!taken.length || !mayNotify()) return;
      for (const s of taken) {
        const { title, body } = takenText(s, slotTimeText(s.startsAt, s.durationMinutes, null).local);
        const n = new Notification(title, { body, tag: `mockroom-taken-${s.slotId}` });
        n.onclick = () => window.focus();
        unseenTaken.current.add(s.slotId);
      }
    };
    const take = (list: UpcomingList) => {
      latest.current = { list, offset: list.serverTime - Date.now() };
      announceTaken(list);
      check();
    };
    /** The person looked at the page: the "taken" part of the badge has done its job. */
    const seen = () => {
      if (document.visibilityState !== 'visible' || !unseenTaken.current.size) return;
      unseenTaken.current.clear();
      check();
    };
    const load = () => api.get<UpcomingList>('/me/upcoming').then(take, () => undefined);
    const onList = (e: Event) => take((e as CustomEvent<UpcomingList>).detail);
    window.addEventListener('mockroom:upcoming', onList);
    window.addEventListener('mockroom:reminders', check);
    document.addEventListener('visibilitychange', seen);
    window.addEventListener('pointerdown', seen);
    window.addEventListener('keydown', seen);
    void load();
    const poll = setInterval(load, POLL_MS);
    const tick = setInterval(check, TICK_MS);
    return () => {
      window.removeEventListener('mockroom:upcoming', onList);
      window.removeEventListener('mockroom:reminders', check);
      document.removeEventListener('visibilitychange', seen);
      window.removeEventListener('pointerdown', seen);
      window.removeEventListener('keydown', seen);
      clearInterval(poll);
      clearInterval(tick);
      document.title = badgedTitle(document.title, 0);
    };
  }, []);
  return null;
}

/** Reminders for whoever is signed in (the room's page has no Layout, so it mounts this too). */
export function SignedInReminders() {
  const { me } = useAuth();
  return me ? <Reminders key={me.id} /> : null;
}
