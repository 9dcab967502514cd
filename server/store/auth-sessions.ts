/**
 * Server-side sign-ins: the cookie holds 32 random bytes; only their SHA-256 is stored. Each sign-in
 * also has a public id (listed and revoked on the settings page; the hub records it on every socket it
 * opens, so ending a sign-in closes its sockets).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId, sha256 } from '../ids';
import type { Database, UserRow } from './schema';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** last_seen_at is written at most this often per sign-in, not on every request. */
export const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

export interface SignIn {
  token: string;
  id: string;
}

export async function createAuthSession(db: Kysely<Database>, userId: string, now: number, userAgent: string | null = null): Promise<SignIn> {
  const token = randomBytes(32).toString('base64url');
  const id = newId();
  await db
    .insertInto('auth_sessions')
    .values({
      token_hash: sha256(token),
      id,
      user_id: userId,
      created_at: now,
      expires_at: now + SESSION_TTL_MS,
      last_seen_at: now,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
    })
    .execute();
  return { token, id };
}

/** The signed-in user with the sign-in's id (`sign_in_id`) and when it was last seen. */
export type SignedInUser = UserRow & { sign_in_id: string; last_seen_at: number | null };

export async function userForToken(db: Kysely<Database>, token: string, now: number): Promise<SignedInUser | undefined> {
  const row = await db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .selectAll('users')
    .select(['auth_sessions.id as sign_in_id', 'auth_sessions.last_seen_at'])
    .where('auth_sessions.token_hash', '=', sha256(token))
    .where('auth_sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || row.disabled) return undefined;
  return row;
}

/** Of these sign-in ids, those still valid: not ended, not expired, their user not disabled. */
export async function liveSignIns(db: Kysely<Database>, ids: string[], now: number): Promise<Set<string>> {
  const alive = new Set<string>();
  // Chunks keep each statement's parameter list short on either engine.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('auth_sessions')
      .innerJoin('users', 'users.id', 'auth_sessions.user_id')
      .select('auth_sessions.id')
      .where('auth_sessions.id', 'in', ids.slice(i, i + 500))
      .where('auth_sessions.expires_at', '>', now)
      .where('users.disabled', '=', 0)
      .execute();
    for (const r of rows) alive.add(r.id);
  }
  return alive;
}

export async function touchAuthSession(db: Kysely<Database>, signInId: string, now: number): Promise<void> {
  await db.updateTable('auth_sessions').set({ last_seen_at: now }).where('id', '=', signInId).execute();
}

/** Deletes the sign-in of a cookie token; returns its id (to close its sockets), if there was one. */
export async function deleteAuthSession(db: Kysely<Database>, token: string): Promise<string | undefined> {
  const row = await db.deleteFrom('auth_sessions').where('token_hash', '=', sha256(token)).returning('id').executeTakeFirst();
  return row?.id;
}

/** Deletes a user's sign-ins, all or all but one; returns the ids of those deleted. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string, exceptId?: string): Promise<string[]> {
  let q = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}

/** Deletes one sign-in of a user by its public id; false when there is none. */
export async function deleteSignIn(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('auth_sessions').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export async function listSignIns(db: Kysely<Database>, userId: string, now: number) {
  return db
    .selectFrom('auth_sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent', 'expires_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Removes expired sign-ins and password reset links; returns how many rows went. */
export async function purgeExpired(db: Kysely<Database>, now: number): Promise<number> {
  const a = await db.deleteFrom('auth_sessions').where('expires_at', '<=', now).executeTakeFirst();
  const b = await db.deleteFrom('password_resets').where('expires_at', '<=', now).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}
