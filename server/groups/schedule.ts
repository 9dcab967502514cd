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

/** What decides whether a session's problem is a surprise to someone: the slot it was made from. */
export interface SlotFacts {
  posted_by: string;
  role: Seat;
  problem_slug: string | null;
  starts_at: number | null;
}

/**
 * Whether this person may be told which problem a session is on: the one rule for the upcoming
 * list, calendars, the sessions API and the room's welcome. Everybody knew a problem fixed on the
 * slot (and every session not made from a slot names its problem). On an "any problem" slot with a
 * time the taker picked it, so a candidate who posted it (and was picked for) does not learn it
 * until the session has started, exactly as in a real interview; a session called off before its
 * start never names it (the interviewer may use that problem with her another time). An "any time"
 * slot pulls both into the room at once, and the board names the problem as it does so.
 */
export function mayKnowProblem(slot: SlotFacts | null | undefined, userId: string, started: boolean): boolean {
  if (!slot || started) return true;
  if (slot.problem_slug !== null || slot.starts_at === null) return true;
  if (seatOf(slot, userId) !== 'candidate') return true;
  return slot.posted_by !== userId; // the candidate took the slot and chose the problem
}

/**
 * One of a person's scheduled sessions as lists and calendars show it. `started`: whether the
 * session's clock was ever started (from `hasStarted`, which also asks a loaded room).
 */
export function upcomingView(row: ScheduledRow, userId: string, started: boolean): UpcomingSession {
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
    postedByYou: mine,
    problemTitle: mayKnowProblem(row, userId, started) ? row.problem_title : null,
    proposal: row.status === 'taken' && row.proposed_starts_at !== null ? { startsAt: row.proposed_starts_at, mine: row.proposed_by === userId } : null,
  };
}
