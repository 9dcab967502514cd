/**
 * Multi-step writes on sessions, each in one transaction: creating a session, taking a seat. The
 * sessions and groups routes both use these, so the rules (default phases, the open-session budget,
 * the spoiler rule, who gets which seat) are written once.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Role, SessionMode, SessionStatus } from '../../shared/api';
import { DEFAULT_PHASES, type PhaseId } from '../../shared/phases';
import { HttpError } from '../http/errors';
import { newCode } from '../ids';
import type { CatalogEntry } from '../problems/catalog';
import type { Database, SessionRow } from '../store/schema';

type Trx = Transaction<Database>;

/** A loaded room knows its status before the table does (between a phase op and its commit). */
export type LiveStatus = (sessionId: string) => SessionStatus | undefined;

export function currentStatus(liveStatus: LiveStatus, row: { id: string; status: SessionStatus }): SessionStatus {
  return liveStatus(row.id) ?? row.status;
}

/**
 * Whether a session's clock was ever started. A scheduled session called off before its start ended
 * without starting (`started_at` stays null); a loaded room knows of a start before the table does.
 */
export function hasStarted(liveStatus: LiveStatus, row: { id: string; started_at: number | null }): boolean {
  if (row.started_at !== null) return true;
  const live = liveStatus(row.id);
  return live === 'live' || live === 'paused';
}

/** Sessions a user may have that have not ended (DESIGN §6: resources bounded per user). */
export const MAX_OPEN_SESSIONS = 20;

export type PhasePlan = { id: PhaseId; minutes: number }[];

/** The framework's phases with the problem's suggested minutes. */
export function defaultPhases(entry: CatalogEntry): PhasePlan {
  return DEFAULT_PHASES.map((p) => ({ id: p.id, minutes: entry.view.phases[p.id as Exclude<PhaseId, 'wrap-up'>] ?? p.minutes }));
}

export async function countOpenSessions(db: Kysely<Database> | Trx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('participants')
    .innerJoin('sessions', 'sessions.id', 'participants.session_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('participants.user_id', '=', userId)
    .where('participants.role', 'in', ['candidate', 'interviewer'])
    .where('sessions.status', '!=', 'ended')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Refuses (429 too_many_sessions) when the user already has MAX_OPEN_SESSIONS sessions open. */
export async function checkOpenSessions(trx: Trx, userId: string, who: 'you' | 'peer' = 'you'): Promise<void> {
  const open = await countOpenSessions(trx, userId);
  if (open < MAX_OPEN_SESSIONS) return;
  const message =
    who === 'you'
      ? `You have ${open} sessions that have not ended (at most ${MAX_OPEN_SESSIONS}). End some of them in My sessions first.`
      : `Your peer has ${open} sessions that have not ended (at most ${MAX_OPEN_SESSIONS}): they must end some first.`;
  throw new HttpError(429, 'too_many_sessions', message);
}

/** A seat that can reveal the guide's hints: the interviewer's, or a solo session's owner. */
const reveals = (role: Role, mode: SessionMode) => (mode === 'paired' && role === 'interviewer') || (mode === 'solo' && role === 'candidate');

/**
 * The spoiler rule across sessions: nobody is the candidate of a live paired session on a problem
 * while holding, in another live session on it, a seat that reveals its hints (as an interviewer, or
 * alone in a solo session). Otherwise a candidate could read the hints of her own interview through a
 * second session. (A solo candidacy has nothing to protect: its owner reveals hints in it anyway.) The
 * guide is gated the same way (GET /api/problems/:slug/guide).
 */
export async function checkSpoilers(trx: Trx, userId: string, problemSlug: string, seat: { role: Role; mode: SessionMode }, exceptSessionId?: string): Promise<void> {
  let q = trx
    .selectFrom('participants')
    .innerJoin('sessions', 'sessions.id', 'participants.session_id')
    .select(['participants.role', 'sessions.mode'])
    .where('participants.user_id', '=', userId)
    .where('sessions.problem_slug', '=', problemSlug)
    .where('sessions.status', '!=', 'ended');
  if (exceptSessionId) q = q.where('sessions.id', '!=', exceptSessionId);
  const others = await q.execute();
  const interviewed = (role: Role, mode: SessionMode) => mode === 'paired' && role === 'candidate';
  const newReveals = reveals(seat.role, seat.mode);
  const newInterviewed = interviewed(seat.role, seat.mode);
  if (others.some((o) => (newReveals && interviewed(o.role, o.mode)) || (newInterviewed && reveals(o.role, o.mode)))) {
    throw new HttpError(
      409,
      'live_candidate',
      newInterviewed
        ? "You hold a seat that reveals this problem's hints in another session that has not ended (as its interviewer, or alone in a solo session): end it before you are interviewed on the same problem."
        : 'You are the candidate of an interview on this problem that has not ended: end it before you interview or practise alone on the same problem.',
    );
  }
}

export interface NewSession {
  id: string;
  problem: CatalogEntry;
  mode: SessionMode;
  /** The creator's seat. */
  role: Role;
  phases?: PhasePlan;
  createdBy: string;
  /** Shared to this group's board (the creator must be a member). */
  groupId?: string | null;
  now: number;
}

/** Inserts a session with its creator's seat, inside the caller's transaction, after every check. */
export async function insertSessionIn(trx: Trx, s: NewSession, who: 'you' | 'peer' = 'you'): Promise<void> {
  await checkOpenSessions(trx, s.createdBy, who);
  await checkSpoilers(trx, s.createdBy, s.problem.summary.slug, { role: s.role, mode: s.mode });
  await trx
    .insertInto('sessions')
    .values({
      id: s.id,
      problem_slug: s.problem.summary.slug,
      mode: s.mode,
      status: 'waiting',
      phases: JSON.stringify(s.phases ?? defaultPhases(s.problem)),
      invite_code: newCode(),
      observer_code: newCode(),
      created_by: s.createdBy,
      created_at: s.now,
      started_at: null,
      ended_at: null,
      group_id: s.groupId ?? null,
    })
    .execute();
  await trx.insertInto('participants').values({ session_id: s.id, user_id: s.createdBy, role: s.role, joined_at: s.now }).execute();
}

/** Creates a session (POST /api/sessions). */
export async function createSession(db: Kysely<Database>, s: NewSession): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (s.groupId) {
      const member = await trx.selectFrom('group_members').select('role').where('group_id', '=', s.groupId).where('user_id', '=', s.createdBy).executeTakeFirst();
      if (!member) throw new HttpError(404, 'not_found', 'That group was not found.', 'groupId');
    }
    await insertSessionIn(trx, s);
  });
}

export type SeatChoice = { kind: 'seat' } | { kind: 'observer' };

/**
 * Takes a seat in a session inside the caller's transaction: the open one of candidate/interviewer,
 * or an observer's. Returns the role, or the role the user already had.
 */
export async function takeSeatIn(trx: Trx, row: SessionRow, userId: string, choice: SeatChoice, now: number, opts: { limitOpen?: boolean } = {}): Promise<{ role: Role; joined: boolean }> {
  const existing = await trx.selectFrom('participants').select('role').where('session_id', '=', row.id).where('user_id', '=', userId).executeTakeFirst();
  if (existing) return { role: existing.role, joined: false };
  if (row.status === 'ended') throw new HttpError(409, 'session_ended', 'That session has already ended.');
  let role: Role;
  if (choice.kind === 'observer') {
    role = 'observer';
  } else {
    if (row.mode === 'solo') throw new HttpError(409, 'session_full', 'This is a solo session: join it as an observer with the observer link.');
    const taken = new Set((await trx.selectFrom('participants').select('role').where('session_id', '=', row.id).execute()).map((p) => p.role));
    const open = (['candidate', 'interviewer'] as const).find((r) => !taken.has(r));
    if (!open) throw new HttpError(409, 'session_full', 'Both seats of this session are taken. Ask for the observer link to watch.');
    role = open;
    if (opts.limitOpen) await checkOpenSessions(trx, userId);
    await checkSpoilers(trx, userId, row.problem_slug, { role, mode: row.mode }, row.id);
  }
  // The unique index on (session, seat) decides between two people taking the last seat at once;
  // the transaction is IMMEDIATE, so the read above already saw the other's seat.
  await trx.insertInto('participants').values({ session_id: row.id, user_id: userId, role, joined_at: now }).execute();
  return { role, joined: true };
}

/** Joins a session with its invite or observer code (POST /api/sessions/:id/join). */
export async function joinWithCode(
  db: Kysely<Database>,
  sessionId: string,
  userId: string,
  code: string,
  now: number,
  liveStatus: LiveStatus,
): Promise<{ row: SessionRow; role: Role; joined: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
    // Wrong code and unknown session answer alike, so codes cannot be probed per session.
    if (!row || (code !== row.invite_code && code !== row.observer_code)) {
      throw new HttpError(404, 'not_found', 'No session matches that link and code. Check the invite link.');
    }
    const current = { ...row, status: currentStatus(liveStatus, row) };
    const { role, joined } = await takeSeatIn(trx, current, userId, code === row.observer_code ? { kind: 'observer' } : { kind: 'seat' }, now);
    return { row: current, role, joined };
  });
}
