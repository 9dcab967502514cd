/**
 * Slots with a time (issue 19): the board's open slots in time order, scheduled sessions (a timed
 * slot that was taken), cancelling one, and each user's private calendar feed token.
 */
import { sql, type Kysely } from 'kysely';
import type { Seat } from '../../shared/api';
import type { Database } from './schema';

/** A timed slot's end in SQL: start plus its length. */
const endsAt = sql<number>`group_slots.starts_at + group_slots.duration_minutes * 60000`;

export async function insertSlotWithTime(
  db: Kysely<Database>,
  s: {
    id: string;
    groupId: string;
    postedBy: string;
    role: Seat;
    problemSlug: string | null;
    note: string | null;
    startsAt: number | null;
    durationMinutes: number | null;
    timeZone: string | null;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('group_slots')
    .values({
      id: s.id,
      group_id: s.groupId,
      posted_by: s.postedBy,
      role: s.role,
      problem_slug: s.problemSlug,
      note: s.note,
      status: 'open',
      created_at: s.now,
      taken_by: null,
      taken_at: null,
      session_id: null,
      starts_at: s.startsAt,
      duration_minutes: s.durationMinutes,
      time_zone: s.timeZone,
      sequence: 0,
      updated_at: s.now,
    })
    .execute();
}

/** Open timed slots whose end has passed leave the board (and stop counting against the poster's 5). */
export async function dropExpiredSlots(db: Kysely<Database>, groupId: string, now: number): Promise<void> {
  await db
    .deleteFrom('group_slots')
    .where('group_id', '=', groupId)
    .where('status', '=', 'open')
    .where('starts_at', 'is not', null)
    .where(sql<number>`starts_at + duration_minutes * 60000`, '<=', now)
    .execute();
}

/** A slot changed in a way calendars should notice. */
export async function bumpSlot(db: Kysely<Database>, slotId: string, now: number): Promise<void> {
  await db
    .updateTable('group_slots')
    .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: now }))
    .where('id', '=', slotId)
    .execute();
}

/** Calls off a scheduled session; false when it is not scheduled (any more). */
export async function cancelScheduled(db: Kysely<Database>, slotId: string, userId: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('group_slots')
    .set((eb) => ({ status: 'cancelled', cancelled_by: userId, sequence: eb('sequence', '+', 1), updated_at: now }))
    .where('id', '=', slotId)
    .where('status', '=', 'taken')
    .where('starts_at', 'is not', null)
    .where((eb) => eb.or([eb('posted_by', '=', userId), eb('taken_by', '=', userId)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Records a proposed new start for a scheduled session (replacing an earlier proposal). */
export async function proposeTime(db: Kysely<Database>, slotId: string, userId: string, startsAt: number): Promise<boolean> {
  const res = await db
    .updateTable('group_slots')
    .set({ proposed_starts_at: startsAt, proposed_by: userId })
    .where('id', '=', slotId)
    .where('status', '=', 'taken')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The other person accepts: the start moves, calendars see a new SEQUENCE. */
export async function acceptProposal(db: Kysely<Database>, slotId: string, userId: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('group_slots')
    .set((eb) => ({
      starts_at: eb.ref('proposed_starts_at'),
      proposed_starts_at: null,
      proposed_by: null,
      sequence: eb('sequence', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', slotId)
    .where('status', '=', 'taken')
    .where('proposed_starts_at', 'is not', null)
    .where('proposed_by', '!=', userId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Either of the two drops the proposal (declined, or withdrawn by who made it). */
export async function dropProposal(db: Kysely<Database>, slotId: string): Promise<void> {
  await db.updateTable('group_slots').set({ proposed_starts_at: null, proposed_by: null }).where('id', '=', slotId).execute();
}

/**
 * Timed slots a user is in (posted or took) that were taken or cancelled and end after `since`,
 * soonest first, with everything a list or a calendar entry shows.
 */
export async function scheduledOf(db: Kysely<Database>, userId: string, since: number, slotId?: string) {
  let q = db
    .selectFrom('group_slots')
    .innerJoin('groups', 'groups.id', 'group_slots.group_id')
    .innerJoin('users as poster', 'poster.id', 'group_slots.posted_by')
    .innerJoin('users as taker', 'taker.id', 'group_slots.taken_by')
    .leftJoin('users as canceller', 'canceller.id', 'group_slots.cancelled_by')
    .leftJoin('sessions', 'sessions.id', 'group_slots.session_id')
    .leftJoin('problems', 'problems.slug', 'sessions.problem_slug')
    .select([
      'group_slots.id',
      'group_slots.group_id',
      'groups.name as group_name',
      'group_slots.session_id',
      'group_slots.posted_by',
      'group_slots.taken_by',
      'group_slots.role',
      'group_slots.problem_slug',
      'group_slots.status',
      'group_slots.starts_at',
      'group_slots.duration_minutes',
      'group_slots.time_zone',
      'group_slots.sequence',
      'group_slots.updated_at',
      'group_slots.created_at',
      'group_slots.note',
      'group_slots.proposed_starts_at',
      'group_slots.proposed_by',
      'poster.display_name as poster_name',
      'taker.display_name as taker_name',
      'canceller.display_name as canceller_name',
      'problems.title as problem_title',
      'sessions.started_at as session_started_at',
    ])
    .where('group_slots.status', 'in', ['taken', 'cancelled'])
    .where('group_slots.starts_at', 'is not', null)
    .where((eb) => eb.or([eb('group_slots.posted_by', '=', userId), eb('group_slots.taken_by', '=', userId)]))
    .where(endsAt, '>', since);
  if (slotId) q = q.where('group_slots.id', '=', slotId);
  return q.orderBy('group_slots.starts_at').orderBy('group_slots.id').execute();
}

export type ScheduledRow = Awaited<ReturnType<typeof scheduledOf>>[number];

/** The user's own open timed slots (in groups they still belong to) that end after `since`. */
export async function openTimedSlotsOf(db: Kysely<Database>, userId: string, since: number) {
  return db
    .selectFrom('group_slots')
    .innerJoin('groups', 'groups.id', 'group_slots.group_id')
    .innerJoin('group_members', (j) => j.onRef('group_members.group_id', '=', 'group_slots.group_id').onRef('group_members.user_id', '=', 'group_slots.posted_by'))
    .leftJoin('problems', 'problems.slug', 'group_slots.problem_slug')
    .select([
      'group_slots.id',
      'group_slots.group_id',
      'groups.name as group_name',
      'group_slots.role',
      'group_slots.starts_at',
      'group_slots.duration_minutes',
      'group_slots.sequence',
      'group_slots.updated_at',
      'group_slots.created_at',
      'group_slots.note',
      'problems.title as problem_title',
    ])
    .where('group_slots.posted_by', '=', userId)
    .where('group_slots.status', '=', 'open')
    .where('group_slots.starts_at', 'is not', null)
    .where(endsAt, '>', since)
    .orderBy('group_slots.starts_at')
    .execute();
}

/**
 * The slot each of these sessions was made from (most sessions have none), with what decides a
 * surprise problem and who called it off.
 */
export async function slotsOfSessions(db: Kysely<Database>, sessionIds: string[]) {
  if (!sessionIds.length) return new Map<string, never>();
  const rows = await db
    .selectFrom('group_slots')
    .leftJoin('users as canceller', 'canceller.id', 'group_slots.cancelled_by')
    .select(['group_slots.session_id', 'group_slots.posted_by', 'group_slots.role', 'group_slots.problem_slug', 'group_slots.starts_at', 'group_slots.status', 'canceller.display_name as canceller_name'])
    .where('group_slots.session_id', 'in', sessionIds)
    .execute();
  return new Map(rows.map((r) => [r.session_id!, r]));
}

// ---------------------------------------------------------------------------------------------
// Calendar feed tokens: stored as they are, since GET /api/me/calendar shows the URL again (a
// read-only view of one's own schedule; rotating it is the remedy for a leak).

export async function feedTokenOf(db: Kysely<Database>, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('calendar_feeds').select('token').where('user_id', '=', userId).executeTakeFirst())?.token;
}

/** Sets (or replaces) the user's token; the previous one stops working with this statement. */
export async function setFeedToken(db: Kysely<Database>, userId: string, token: string, now: number): Promise<void> {
  await db
    .insertInto('calendar_feeds')
    .values({ user_id: userId, token, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token, created_at: now }))
    .execute();
}

/** The enabled user a token belongs to. */
export async function userOfFeedToken(db: Kysely<Database>, token: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select('users.id')
    .where('calendar_feeds.token', '=', token)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return row?.id;
}
