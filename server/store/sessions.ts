/** Sessions and their participants. Events live in events.ts. */
import { sql, type Kysely } from 'kysely';
import type { Role, SessionStatus } from '../../shared/api';
import type { Database, SessionRow } from './schema';

export type { SessionRow };

export interface ParticipantRow {
  userId: string;
  displayName: string;
  role: Role;
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
    // Ties in joined_at (same millisecond): seats before observers, candidate first (the same on both
    // engines; PostgreSQL has no rowid).
    .orderBy('participants.joined_at')
    .orderBy(sql`CASE participants.role WHEN 'candidate' THEN 0 WHEN 'interviewer' THEN 1 ELSE 2 END`)
    .orderBy('participants.user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, role: r.role }));
}

export async function roleOf(db: Kysely<Database>, sessionId: string, userId: string): Promise<Role | undefined> {
  const row = await db
    .selectFrom('participants')
    .select('role')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
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
  for (const r of rows) out.set(r.problem_slug, [...(out.get(r.problem_slug) ?? []), r.role]);
  return out;
}

export type { SessionStatus };
