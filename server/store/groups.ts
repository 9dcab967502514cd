/** Study groups: members, invite codes, the board of slots, and what members have seen (spoilers). */
import { sql, type Kysely } from 'kysely';
import type { GroupRole, Role } from '../../shared/api';
import type { Database, GroupRow, SlotRow } from './schema';

export type { GroupRow, SlotRow };

export async function createGroup(
  db: Kysely<Database>,
  g: { id: string; name: string; inviteCode: string; ownerId: string; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('groups').values({ id: g.id, name: g.name, invite_code: g.inviteCode, created_by: g.ownerId, created_at: g.now }).execute();
    await trx.insertInto('group_members').values({ group_id: g.id, user_id: g.ownerId, role: 'owner', joined_at: g.now }).execute();
  });
}

export async function getGroup(db: Kysely<Database>, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroupByCode(db: Kysely<Database>, code: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('invite_code', '=', code).executeTakeFirst();
}

export async function memberRole(db: Kysely<Database>, groupId: string, userId: string): Promise<GroupRole | undefined> {
  const row = await db.selectFrom('group_members').select('role').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

export async function groupsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('group_members as me')
    .innerJoin('groups', 'groups.id', 'me.group_id')
    .select((eb) => [
      'groups.id',
      'groups.name',
      'groups.created_at',
      'me.role',
      eb.selectFrom('group_members as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.group_id', '=', 'groups.id').as('member_count'),
    ])
    .where('me.user_id', '=', userId)
    .orderBy('groups.name')
    .execute();
}

export async function listMembers(db: Kysely<Database>, groupId: string) {
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['group_members.user_id', 'users.username', 'users.display_name', 'group_members.role', 'group_members.joined_at'])
    .where('group_members.group_id', '=', groupId)
    .orderBy('group_members.joined_at')
    .orderBy('users.username_key')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, role: r.role, joinedAt: r.joined_at }));
}

/** Adds a member; joining twice is harmless. */
export async function addMember(db: Kysely<Database>, groupId: string, userId: string, now: number): Promise<void> {
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, role: 'member', joined_at: now })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

export async function renameGroup(db: Kysely<Database>, id: string, name: string): Promise<void> {
  await db.updateTable('groups').set({ name }).where('id', '=', id).execute();
}

export async function setInviteCode(db: Kysely<Database>, id: string, code: string): Promise<void> {
  await db.updateTable('groups').set({ invite_code: code }).where('id', '=', id).execute();
}

/**
 * Takes a member out of a group with their open slots. When the owner goes, the longest-standing
 * member becomes the owner; when nobody is left, the group goes too.
 */
export async function removeMember(db: Kysely<Database>, groupId: string, userId: string): Promise<{ removed: boolean; groupDeleted: boolean }> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('group_slots').where('group_id', '=', groupId).where('posted_by', '=', userId).where('status', '=', 'open').execute();
    const gone = await trx.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).returning('role').executeTakeFirst();
    if (!gone) return { removed: false, groupDeleted: false };
    const heir = await trx
      .selectFrom('group_members')
      .select(['user_id', 'role'])
      .where('group_id', '=', groupId)
      .orderBy('joined_at')
      .orderBy('user_id')
      .executeTakeFirst();
    if (!heir) {
      await trx.deleteFrom('groups').where('id', '=', groupId).execute();
      return { removed: true, groupDeleted: true };
    }
    if (gone.role === 'owner') {
      await trx.updateTable('group_members').set({ role: 'owner' }).where('group_id', '=', groupId).where('user_id', '=', heir.user_id).execute();
    }
    return { removed: true, groupDeleted: false };
  });
}

// ---------------------------------------------------------------------------------------------
// The board

export const MAX_OPEN_SLOTS_PER_MEMBER = 5;

export async function countOpenSlots(db: Kysely<Database>, groupId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('group_slots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('group_id', '=', groupId)
    .where('posted_by', '=', userId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getSlot(db: Kysely<Database>, groupId: string, slotId: string): Promise<SlotRow | undefined> {
  return db.selectFrom('group_slots').selectAll().where('id', '=', slotId).where('group_id', '=', groupId).executeTakeFirst();
}

/** Open slots of current, enabled members, oldest first. */
export async function openSlots(db: Kysely<Database>, groupId: string) {
  return db
    .selectFrom('group_slots')
    .innerJoin('group_members', (j) => j.onRef('group_members.group_id', '=', 'group_slots.group_id').onRef('group_members.user_id', '=', 'group_slots.posted_by'))
    .innerJoin('users', 'users.id', 'group_slots.posted_by')
    .selectAll('group_slots')
    .select('users.display_name as poster_name')
    .where('group_slots.group_id', '=', groupId)
    .where('group_slots.status', '=', 'open')
    .where('users.disabled', '=', 0)
    .orderBy('group_slots.created_at')
    .execute();
}

export async function deleteSlot(db: Kysely<Database>, slotId: string): Promise<boolean> {
  const res = await db.deleteFrom('group_slots').where('id', '=', slotId).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** The user's slots in this group taken since `since` whose session has not ended. */
export async function takenSlotsOf(db: Kysely<Database>, groupId: string, userId: string, since: number) {
  return db
    .selectFrom('group_slots')
    .innerJoin('sessions', 'sessions.id', 'group_slots.session_id')
    .innerJoin('problems', 'problems.slug', 'sessions.problem_slug')
    .innerJoin('users', 'users.id', 'group_slots.taken_by')
    .select(['group_slots.id', 'group_slots.session_id', 'group_slots.taken_at', 'users.display_name as taker_name', 'problems.title as problem_title'])
    .where('group_slots.group_id', '=', groupId)
    .where('group_slots.posted_by', '=', userId)
    .where('group_slots.status', '=', 'taken')
    // A slot with a time is a scheduled session: nobody is pulled into its room when it is taken.
    .where('group_slots.starts_at', 'is', null)
    .where('group_slots.taken_at', '>=', since)
    .where('sessions.status', '!=', 'ended')
    .orderBy('group_slots.taken_at', 'desc')
    .execute();
}

/**
 * Paired sessions shared to this group by current members since `since` that still wait for a peer:
 * status waiting and exactly one of the two seats taken. A member's session that was not shared to
 * the group is not on its board.
 */
export async function waitingSessions(db: Kysely<Database>, groupId: string, since: number) {
  return db
    .selectFrom('sessions')
    .innerJoin('group_members', (j) => j.onRef('group_members.user_id', '=', 'sessions.created_by').on('group_members.group_id', '=', groupId))
    .innerJoin('users', 'users.id', 'sessions.created_by')
    .innerJoin('participants', (j) => j.onRef('participants.session_id', '=', 'sessions.id').onRef('participants.user_id', '=', 'sessions.created_by'))
    .innerJoin('problems', 'problems.slug', 'sessions.problem_slug')
    .select([
      'sessions.id',
      'sessions.problem_slug',
      'problems.title as problem_title',
      'sessions.created_by',
      'sessions.created_at',
      'users.display_name as host_name',
      'participants.role as host_role',
    ])
    .where('sessions.group_id', '=', groupId)
    .where('sessions.mode', '=', 'paired')
    .where('sessions.status', '=', 'waiting')
    .where('sessions.created_at', '>=', since)
    .where('users.disabled', '=', 0)
    .where('participants.role', 'in', ['candidate', 'interviewer'])
    .where(
      (eb) =>
        eb
          .selectFrom('participants as seat')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('seat.session_id', '=', 'sessions.id')
          .where('seat.role', 'in', ['candidate', 'interviewer']),
      '=',
      1,
    )
    .orderBy('sessions.created_at', 'desc')
    .limit(50)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Spoilers and activity

/**
 * Per current member, per problem, the roles in which they took part in a session on it. A
 * candidate has seen the prompt; an interviewer or observer has seen the guide as well.
 */
export async function seenByMembers(db: Kysely<Database>, groupId: string): Promise<Map<string, Map<string, Role[]>>> {
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('participants', 'participants.user_id', 'group_members.user_id')
    .innerJoin('sessions', 'sessions.id', 'participants.session_id')
    .leftJoin('group_slots', 'group_slots.session_id', 'sessions.id')
    .select(['group_members.user_id', 'sessions.problem_slug', 'participants.role'])
    .where('group_members.group_id', '=', groupId)
    // Not a surprise its candidate has yet to meet (an "any problem" slot with a time that she posted,
    // not started: the same rule as mayKnowProblem): this table must not tell her.
    .where(
      sql<boolean>`NOT (participants.role = 'candidate' AND sessions.started_at IS NULL AND group_slots.id IS NOT NULL
        AND group_slots.problem_slug IS NULL AND group_slots.starts_at IS NOT NULL AND group_slots.posted_by = participants.user_id)`,
    )
    .distinct()
    .execute();
  const out = new Map<string, Map<string, Role[]>>();
  for (const r of rows) {
    let byProblem = out.get(r.user_id);
    if (!byProblem) out.set(r.user_id, (byProblem = new Map()));
    byProblem.set(r.problem_slug, [...(byProblem.get(r.problem_slug) ?? []), r.role].sort());
  }
  return out;
}

/** Per current member: sessions that started, as candidate and as interviewer, and the latest. */
export async function memberCounts(db: Kysely<Database>, groupId: string) {
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .leftJoin('participants', 'participants.user_id', 'group_members.user_id')
    .leftJoin('sessions', (j) => j.onRef('sessions.id', '=', 'participants.session_id').on('sessions.started_at', 'is not', null))
    .select((eb) => [
      'group_members.user_id',
      'users.display_name',
      eb.fn.sum<number>(sql`CASE WHEN sessions.id IS NOT NULL AND participants.role = 'candidate' THEN 1 ELSE 0 END`).as('as_candidate'),
      eb.fn.sum<number>(sql`CASE WHEN sessions.id IS NOT NULL AND participants.role = 'interviewer' THEN 1 ELSE 0 END`).as('as_interviewer'),
      eb.fn.max<number | null>('sessions.started_at').as('last_at'),
    ])
    .where('group_members.group_id', '=', groupId)
    .groupBy(['group_members.user_id', 'users.display_name', 'group_members.joined_at', 'users.username_key'])
    .orderBy('group_members.joined_at')
    .orderBy('users.username_key')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    displayName: r.display_name,
    asCandidate: Number(r.as_candidate ?? 0),
    asInterviewer: Number(r.as_interviewer ?? 0),
    lastSessionAt: r.last_at ?? null,
  }));
}

/** The latest sessions in which a current member took part, with the members among their participants. */
export async function recentMemberSessions(db: Kysely<Database>, groupId: string, limit = 20) {
  const sessions = await db
    .selectFrom('sessions')
    .innerJoin('problems', 'problems.slug', 'sessions.problem_slug')
    .select(['sessions.id', 'sessions.problem_slug', 'problems.title as problem_title', 'sessions.mode', 'sessions.status', 'sessions.created_at', 'sessions.started_at'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('participants')
          .innerJoin('group_members', 'group_members.user_id', 'participants.user_id')
          .select('participants.user_id')
          .whereRef('participants.session_id', '=', 'sessions.id')
          .where('group_members.group_id', '=', groupId),
      ),
    )
    .orderBy('sessions.created_at', 'desc')
    .orderBy('sessions.id', 'desc')
    .limit(limit)
    .execute();
  if (!sessions.length) return [];
  const people = await db
    .selectFrom('participants')
    .innerJoin('group_members', 'group_members.user_id', 'participants.user_id')
    .innerJoin('users', 'users.id', 'participants.user_id')
    .select(['participants.session_id', 'participants.user_id', 'users.display_name', 'participants.role'])
    .where('group_members.group_id', '=', groupId)
    .where(
      'participants.session_id',
      'in',
      sessions.map((s) => s.id),
    )
    .orderBy('participants.joined_at')
    .execute();
  return sessions.map((s) => ({
    ...s,
    participants: people.filter((p) => p.session_id === s.id).map((p) => ({ userId: p.user_id, displayName: p.display_name, role: p.role })),
  }));
}
