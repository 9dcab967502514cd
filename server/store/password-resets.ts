/** One-time password reset links an admin hands out (there is no mail server). Only a hash is stored. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256 } from '../ids';
import type { Database } from './schema';

export const RESET_TTL_MS = 24 * 3600 * 1000;

/** A new link for a user; earlier unused links of that user stop working. Returns the token. */
export async function createPasswordReset(db: Kysely<Database>, userId: string, createdBy: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    await trx
      .insertInto('password_resets')
      .values({ token_hash: sha256(token), user_id: userId, created_by: createdBy, created_at: now, expires_at: now + RESET_TTL_MS, used_at: null })
      .execute();
  });
  return token;
}

/** The user a valid (unused, unexpired) token resets, without using it. */
export async function resetTarget(db: Kysely<Database>, token: string, now: number) {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['users.id', 'users.username', 'users.disabled'])
    .where('password_resets.token_hash', '=', sha256(token))
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Uses the token: sets the password and ends every sign-in of the user, in one transaction. Returns
 * the ended sign-ins' ids, or null when the token is no longer valid (used a moment ago, expired).
 */
export async function usePasswordReset(db: Kysely<Database>, token: string, userId: string, passwordHash: string, now: number): Promise<string[] | null> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', sha256(token))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    const ended = await trx.deleteFrom('auth_sessions').where('user_id', '=', userId).returning('id').execute();
    return ended.map((r) => r.id);
  });
}
