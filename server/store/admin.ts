/** Instance administration: the user list, disabling accounts, registration invite codes. */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export async function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'is_admin', 'disabled', 'created_at'])
    .orderBy('created_at')
    .orderBy('username_key')
    .execute();
}

/** Returns false when there is no such user. */
export async function setUserDisabled(db: Kysely<Database>, userId: string, disabled: boolean): Promise<boolean> {
  const res = await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', userId).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function listInvites(db: Kysely<Database>) {
  return db
    .selectFrom('registration_invites')
    .innerJoin('users as creator', 'creator.id', 'registration_invites.created_by')
    .leftJoin('users as claimer', 'claimer.id', 'registration_invites.used_by')
    .select([
      'registration_invites.code',
      'registration_invites.created_at',
      'registration_invites.used_at',
      'creator.display_name as created_by',
      'claimer.display_name as used_by',
    ])
    .orderBy('registration_invites.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function createInvite(db: Kysely<Database>, code: string, createdBy: string, now: number): Promise<void> {
  await db.insertInto('registration_invites').values({ code, created_by: createdBy, created_at: now, used_by: null, used_at: null }).execute();
}

/** Revokes an invite that nobody used yet; false when there is none. */
export async function deleteUnusedInvite(db: Kysely<Database>, code: string): Promise<boolean> {
  const res = await db.deleteFrom('registration_invites').where('code', '=', code).where('used_by', 'is', null).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
