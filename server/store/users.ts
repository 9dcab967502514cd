import type { Kysely, Transaction } from 'kysely';
import type { RegistrationMode } from '../config';
import type { Database, UserRow } from './schema';

export type { UserRow };

type Executor = Kysely<Database> | Transaction<Database>;

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface RegistrationRequest {
  username: string;
  mode: RegistrationMode;
  inviteCode: string | undefined;
  /** May this request create the first account (loopback, or the right setup token)? */
  mayCreateFirst: boolean;
}

export type RegistrationRefusal = 'setup_token_required' | 'registration_closed' | 'invite_required' | 'bad_invite' | 'username_taken';

/**
 * Why a registration would be refused now, or null. Checked in this order so that nothing about
 * usernames is revealed to someone without a valid invite: first account, mode, invite code, username.
 * Cheap reads only: it runs before the password is hashed, and again inside the insert's transaction.
 */
export async function registrationRefusal(db: Executor, r: RegistrationRequest): Promise<{ refusal: RegistrationRefusal | null; first: boolean }> {
  const first = (await countUsers(db)) === 0;
  if (first) {
    // The first account becomes the admin: in any mode, but only from this machine or with the token.
    if (!r.mayCreateFirst) return { refusal: 'setup_token_required', first };
  } else if (r.mode === 'closed') {
    return { refusal: 'registration_closed', first };
  } else if (r.mode === 'invite') {
    if (!r.inviteCode) return { refusal: 'invite_required', first };
    const invite = await db.selectFrom('registration_invites').select('code').where('code', '=', r.inviteCode).where('used_by', 'is', null).executeTakeFirst();
    if (!invite) return { refusal: 'bad_invite', first };
  }
  if (await findUserByUsername(db, r.username)) return { refusal: 'username_taken', first };
  return { refusal: null, first };
}

/**
 * Inserts a user after checking, inside the same (IMMEDIATE) transaction, everything
 * `registrationRefusal` checked: two simultaneous first registrations cannot both become admin, and
 * an invite code is claimed once.
 */
export async function createUser(
  db: Kysely<Database>,
  user: { id: string; displayName: string; passwordHash: string; now: number },
  request: RegistrationRequest,
): Promise<{ user: UserRow } | { error: RegistrationRefusal }> {
  return db.transaction().execute(async (trx) => {
    const { refusal, first } = await registrationRefusal(trx, request);
    if (refusal) return { error: refusal };
    const row: UserRow = {
      id: user.id,
      username: request.username,
      username_key: request.username.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      is_admin: first ? 1 : 0,
      disabled: 0,
      created_at: user.now,
    };
    await trx.insertInto('users').values(row).execute();
    if (!first && request.mode === 'invite') {
      await trx
        .updateTable('registration_invites')
        .set({ used_by: user.id, used_at: user.now })
        .where('code', '=', request.inviteCode!)
        .where('used_by', 'is', null)
        .execute();
    }
    return { user: row };
  });
}

export async function setDisplayName(db: Kysely<Database>, userId: string, displayName: string): Promise<void> {
  await db.updateTable('users').set({ display_name: displayName }).where('id', '=', userId).execute();
}

/**
 * Sets a new password and ends the user's sign-ins (all, or all but `keepSignInId`) in one
 * transaction; returns the ids of the sign-ins that ended, so their sockets can be closed.
 */
export async function setPassword(db: Kysely<Database>, userId: string, passwordHash: string, keepSignInId?: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    let q = trx.deleteFrom('auth_sessions').where('user_id', '=', userId);
    if (keepSignInId) q = q.where('id', '!=', keepSignInId);
    const ended = await q.returning('id').execute();
    await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    return ended.map((r) => r.id);
  });
}
