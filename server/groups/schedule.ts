/**
 * The rules of slots with a time (issue 19), written once: which times a slot may have, how the
 * board orders slots, each person's seat in a scheduled session, and when the candidate may know
 * the problem.
 */
import { SLOT_MAX_AHEAD_DAYS, type Seat, type UpcomingSession } from '../../shared/api';
import { DEFAULT_PHASES } from '../../shared/phases';
import { HttpError } from '../http/errors';
import type { ScheduledRow } from '../store/schedule';

/** A slot's default length: the four default phases. */
export const DEFAULT_SLOT_MINUTES = DEFAULT_PHASES.reduce((sum, p) => sum + p.minutes, 0);
const DAY_MS = 24 * 3600 * 1000;

/**
 * The stored time of a new slot from its validated body: "any time" without `startsAt`; otherwise
 * a start in the future and at most 90 days ahead, a length (default 40 minutes) and the poster's
 * zone (UTC when the client sent none).
 */
export function slotTime(
  body: { startsAt?: string; durationMinutes?: number; timeZone?: string },
  now: number,
): { startsAt: number | null; durationMinutes: number | null; timeZone: string | null } {
  if (body.startsAt === undefined) {
    if (body.durationMinutes !== undefined) throw new HttpError(400, 'bad_request', 'A length needs a start time: give startsAt too.', 'durationMinutes');
    return { startsAt: null, durationMinutes: null, timeZone: null };
  }
  const startsAt = Date.parse(body.startsAt);
  if (!Number.isFinite(startsAt)) throw new HttpError(400, 'bad_request', 'That start time is not a date.', 'startsAt');
  if (startsAt <= now) throw new HttpError(400, 'bad_request', 'Pick a start time in the future.', 'startsAt');
  if (startsAt > now + SLOT_MAX_AHEAD_DAYS * DAY_MS) {
    throw new HttpError(400, 'bad_request', `Plan at most ${SLOT_MAX_AHEAD_DAYS} days ahead.`, 'startsAt');
  }
  return { startsAt, durationMinutes: body.durationMinutes ?? DEFAULT_SLOT_MINUTES, timeZone: body.timeZone ?? 'UTC' };
}

/** Board order: slots with a time first, soonest first; then "any time" slots, oldest first. */
export function byTime(a: { starts_at: number | null; created_at: number }, b: { starts_at: number | null; created_at: number }): number {
  if (a.starts_at !== null && b.starts_at !== null) return a.starts_at - b.starts_at || a.created_at - b.created_at;
  if (a.starts_at !== null) return -1;
  if (b.starts_at !== null) return 1;
  return a.created_at - b.created_at;
}

export const seatOf = (row: { posted_by: string; role: Seat }, userId: string): Seat =>
  row.posted_by === userId ? row.role : row.role === 'candidate' ? 'interviewer' : 'candidate';

/**
 * Whether this person may see the problem's title before the start. Everybody knew a problem fixed
 * on the slot; on an "any problem" slot the taker picked it, so a candidate who posted it (and was
 * picked for) does not learn it before the session starts, exactly as in a real interview.
 */
export function mayKnowProblem(row: { posted_by: string; role: Seat; problem_slug: string | null; starts_at: number | null }, userId: string, now: number): boolean {
  if (row.problem_slug !== null) return true;
  if (seatOf(row, userId) !== 'candidate') return true;
  if (row.posted_by !== userId) return true; // the candidate took the slot and chose the problem
  return row.starts_at !== null && now >= row.starts_at;
}

export function upcomingView(row: ScheduledRow, userId: string, now: number): UpcomingSession {
  const mine = row.posted_by === userId;
  const duration = row.duration_minutes!;
  return {
    slotId: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    sessionId: row.session_id!,
    startsAt: row.starts_at!,
    endsAt: row.starts_at! + duration * 60_000,
    durationMinutes: duration,
    timeZone: row.time_zone ?? 'UTC',
    status: row.status === 'cancelled' ? 'cancelled' : 'scheduled',
    cancelledBy: row.status === 'cancelled' ? row.canceller_name : null,
    role: seatOf(row, userId),
    partner: mine ? { userId: row.taken_by!, displayName: row.taker_name } : { userId: row.posted_by, displayName: row.poster_name },
    problemTitle: mayKnowProblem(row, userId, now) ? row.problem_title : null,
    proposal: row.status === 'taken' && row.proposed_starts_at !== null ? { startsAt: row.proposed_starts_at, mine: row.proposed_by === userId } : null,
  };
}
