/**
 * A person's calendar: their upcoming scheduled sessions and their own open timed slots as
 * iCalendar events. Pure: the rows, the viewer, the clock and the site's origin come in.
 */
import type { UpcomingSession } from '../../shared/api';
import type { IcsEvent } from './ical';

export const PROD_ID = '-//mockroom//study group calendar//EN';

/** One UID per slot, kept when it is taken, changed or cancelled. */
export const slotUid = (slotId: string) => `slot-${slotId}@mockroom`;

const seatText = (seat: 'candidate' | 'interviewer') => (seat === 'candidate' ? 'you are the candidate' : 'you interview');

export function sessionEvent(s: UpcomingSession, meta: { sequence: number; updatedAt: number }, origin: string): IcsEvent {
  const room = `${origin}/sessions/${encodeURIComponent(s.sessionId)}/room`;
  const topic = s.problemTitle ?? 'problem kept for the start';
  const summary = `Mock interview with ${s.partner.displayName} (${seatText(s.role)})`;
  const description = [
    `${s.groupName}: ${s.role === 'candidate' ? `${s.partner.displayName} interviews you` : `you interview ${s.partner.displayName}`}.`,
    `Problem: ${topic}.`,
    s.status === 'cancelled' ? `Cancelled${s.cancelledBy ? ` by ${s.cancelledBy}` : ''}.` : 'The room opens 10 minutes before the start.',
    `Room: ${room}`,
  ].join('\n');
  return {
    uid: slotUid(s.slotId),
    sequence: meta.sequence,
    stamp: meta.updatedAt,
    start: s.startsAt,
    end: s.endsAt,
    summary: s.status === 'cancelled' ? `Cancelled: ${summary}` : summary,
    description,
    url: room,
    status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  };
}

export function openSlotEvent(
  s: { id: string; group_id: string; group_name: string; role: 'candidate' | 'interviewer'; starts_at: number | null; duration_minutes: number | null; sequence: number; updated_at: number | null; created_at: number; note: string | null; problem_title: string | null },
  origin: string,
): IcsEvent {
  const board = `${origin}/groups/${encodeURIComponent(s.group_id)}`;
  const wanted = s.role === 'candidate' ? 'an interviewer' : 'a candidate';
  return {
    uid: slotUid(s.id),
    sequence: s.sequence,
    stamp: s.updated_at ?? s.created_at,
    start: s.starts_at!,
    end: s.starts_at! + s.duration_minutes! * 60_000,
    summary: `Open mock slot: looking for ${wanted} (${s.group_name})`,
    description: [
      `Your slot on ${s.group_name}'s board, not taken yet.`,
      `Problem: ${s.problem_title ?? 'any'}.`,
      ...(s.note ? [`Note: ${s.note}`] : []),
      `Board: ${board}`,
    ].join('\n'),
    url: board,
    status: 'TENTATIVE',
  };
}
