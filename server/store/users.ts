import type { Kysely } from 'kysely';
import type { Database, UsersTable } from './schema';

export type UserRow = UsersTable;

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Inserts a user; the first user becomes admin. Runs in one transaction so two simultaneous first
 * registrations cannot both become admin. Returns null when the username is taken.
 */
export async function createUser(
  db: Kysely<Database>,
  user: { id: string; username: string; displayName: string; passwordHash: string; now: number },
  inviteCode?: string,
): Promise<{ user: UserRow } | { error: 'username_taken' | 'bad_invite' }> {
  try {
    return await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username_key', '=', user.username.toLowerCase()).executeTakeFirst();
    if (taken) return { error: 'username_taken' as const };
    const n = await countUsers(trx);
    const row: UserRow = {
      id: user.id,
      username: user.username,
      username_key: user.username.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      is_admin: n === 0 ? 1 : 0,
      disabled: 0,
      created_at: user.now,
    };
    await trx.insertInto('users').values(row).execute();
    if (inviteCode !== undefined && n > 0) {
      const claimed = await trx
        .updateTable('registration_invites')
        .set({ used_by: user.id, used_at: user.now })
        .where('code', '=', inviteCode)
        .where('used_by', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) throw new InviteRejected();
    }
    return { user: row };
    });
  } catch (err) {
    if (err instanceof InviteRejected) return { error: 'bad_invite' };
    throw err;
  }
}

class InviteRejected extends Error {}
