/** Times of scheduled mocks as people read them: the viewer's zone, the poster's beside it, a countdown. */
import { JOIN_EARLY_MS } from '../shared/api';

export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const fmt = (ms: number, timeZone: string, withZone: boolean) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(withZone ? { timeZoneName: 'short' as const } : {}),
  }).format(ms);

/** "Tue, 1 Dec, 20:00 (40 min)", and "· 14:00 EST for the poster (America/New_York)" when the zones differ. */
export function slotTimeText(startsAt: number, minutes: number, posterZone: string | null, zone = viewerZone()): { local: string; poster: string | null } {
  const local = `${fmt(startsAt, zone, false)} (${minutes} min)`;
  const poster = posterZone && posterZone !== zone ? `${new Intl.DateTimeFormat(undefined, { timeZone: posterZone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(startsAt)} for the poster (${posterZone})` : null;
  return { local, poster };
}

/** "in 2 d 3 h", "in 14 min", "in 45 s", "started 3 min ago". */
export function countdown(startsAt: number, now: number): string {
  const ms = startsAt - now;
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const parts =
    s >= 86_400 ? `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`
    : s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
    : s >= 60 ? `${Math.floor(s / 60)} min`
    : `${s} s`;
  return ms >= 0 ? `in ${parts}` : `started ${parts} ago`;
}

/** The room opens 10 minutes before the start (by the server's clock). */
export const roomOpen = (startsAt: number, serverNow: number) => serverNow >= startsAt - JOIN_EARLY_MS;

/** A `datetime-local` value ("2026-12-01T20:00") read in the browser's zone, as ISO 8601 with its offset. */
export function localInputToIso(value: string): string | null {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return null;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const y = d.getFullYear();
  return `${y}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(off / 60)}:${pad(off % 60)}`;
}
