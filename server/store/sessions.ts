/** Sessions and their participants. Events live in events.ts. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PhaseId } from '../../shared/phases';
import type { Role, SessionMode, SessionStatus } from '../../shared/api';
import type { Database, SessionsTable } from './schema';

export type SessionRow = Selectable<SessionsTable>;

export interface ParticipantRow {
  userId: string;
  displayName: string;
  role: Role;
}

export async function insertSession(
  db: Kysely<Database>,
  s: {
    id: string;
    problemSlug: string;
    mode: SessionMode;
    phases: { id: PhaseId; minutes: number }[];
    inviteCode: string;
    observerCode: string;
    createdBy: string;
    role: Role;
    now: number;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: s.id,
        problem_slug: s.problemSlug,
        mode: s.mode,
        status: 'waiting',
        phases: JSON.stringify(s.phases),
        invite_code: s.inviteCode,
        observer_code: s.observerCode,
        created_by: s.createdBy,
        created_at: s.now,
        started_at: null,
        ended_at: null,
      })
      .execute();
    await trx.insertInto('participants').values({ session_id: s.id, user_id: s.createdBy, role: s.role, joined_at: s.now }).execute();
  });
}

export async function getSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listParticipants(db: Kysely<Database>, sessionId: string): Promise<ParticipantRow[]> {
  const rows = await db
    .selectFrom('participants')
    .innerJoin('users', 'users.id', 'participants.user_id')
    .select(['participants.user_id', 'users.display_name', 'participants.role'])
    .where('participants.session_id', '=', sessionId)
    // Ties in joined_at (same millisecond) fall back to insertion order.
    .orderBy('participants.joined_at')
    .orderBy(sql`participants.rowid`)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, role: r.role as Role }));
}

export async function roleOf(db: Kysely<Database>, sessionId: string, userId: string): Promise<Role | undefined> {
  const row = await db
    .selectFrom('participants')
    .select('role')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role as Role | undefined;
}

export async function addParticipant(db: Kysely<Database>, sessionId: string, userId: string, role: Role, now: number): Promise<void> {
  await db.insertInto('participants').values({ session_id: sessionId, user_id: userId, role, joined_at: now }).execute();
}

export async function sessionsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('participants')
    .innerJoin('sessions', 'sessions.id', 'participants.session_id')
    .innerJoin('problems', 'problems.slug', 'sessions.problem_slug')
    .select([
      'sessions.id',
      'sessions.problem_slug',
      'problems.title as problem_title',
      'sessions.mode',
      'sessions.status',
      'sessions.phases',
      'sessions.created_at',
      'sessions.started_at',
      'sessions.ended_at',
      'participants.role',
    ])
    .where('participants.user_id', '=', userId)
    .orderBy('sessions.created_at', 'desc')
    .limit(200)
    .execute();
}

/** True while the user is the candidate of a session on this problem that has not ended. */
export async function isLiveCandidateOf(db: Kysely<Database>, userId: string, problemSlug: string): Promise<boolean> {
  const row = await db
    .selectFrom('participants')
    .innerJoin('sessions', 'sessions.id', 'participants.session_id')
    .select('sessions.id')
    .where('participants.user_id', '=', userId)
    .where('participants.role', '=', 'candidate')
    .where('sessions.problem_slug', '=', problemSlug)
    .where('sessions.status', '!=', 'ended')
    .executeTakeFirst();
  return row !== undefined;
}

/** Per problem, the roles in which the user has taken part (for "practised" badges). */
export async function practisedSlugs(db: Kysely<Database>, userId: string): Promise<Map<string, Role[]>> {
  const rows = await db
    .selectFrom('participants')
    .innerJoin('sessions', 'sessions.id', 'participants.session_id')
    .select(['sessions.problem_slug', 'participants.role'])
    .where('participants.user_id', '=', userId)
    .distinct()
    .execute();
  const out = new Map<string, Role[]>();
  for (const r of rows) out.set(r.problem_slug, [...(out.get(r.problem_slug) ?? []), r.role as Role]);
  return out;
}

export type { SessionStatus };
