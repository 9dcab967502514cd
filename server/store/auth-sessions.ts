/** Server-side login sessions: the cookie holds 32 random bytes; only their SHA-256 is stored. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256 } from '../ids';
import type { Database, UsersTable } from './schema';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export async function createAuthSession(db: Kysely<Database>, userId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('auth_sessions')
    .values({ token_hash: sha256(token), user_id: userId, created_at: now, expires_at: now + SESSION_TTL_MS })
    .execute();
  return token;
}

export async function userForToken(db: Kysely<Database>, token: string, now: number): Promise<UsersTable | undefined> {
  const row = await db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .selectAll('users')
    .where('auth_sessions.token_hash', '=', sha256(token))
    .where('auth_sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || row.disabled) return undefined;
  return row;
}

export async function deleteAuthSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('token_hash', '=', sha256(token)).execute();
}

export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
}

export async function purgeExpiredSessions(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('auth_sessions').where('expires_at', '<=', now).execute();
}

/** The signed-in user and the sign-in's id (the token's hash), for sockets that must close at logout. */
export async function signInForToken(db: Kysely<Database>, token: string, now: number): Promise<{ user: UsersTable; signInId: string } | undefined> {
  const user = await userForToken(db, token, now);
  return user ? { user, signInId: sha256(token) } : undefined;
}
