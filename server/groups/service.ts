/**
 * Multi-step writes on a group's board, each in one transaction: taking a slot (claim it, create the
 * paired session shared to the group, seat both people, link the slot) and taking the open seat of a
 * session shared to the group, and calling off a scheduled session. A crash part-way leaves nothing
 * half done.
 */
import type { Kysely } from 'kysely';
import type { Seat } from '../../shared/api';
import { HttpError } from '../http/errors';
import type { CatalogEntry } from '../problems/catalog';
import { currentStatus, insertSessionIn, takeSeatIn, type LiveStatus } from '../sessions/service';
import { cancelScheduled } from '../store/schedule';
import type { Database, SessionRow, SlotRow } from '../store/schema';

export const otherSeat = (seat: Seat): Seat => (seat === 'candidate' ? 'interviewer' : 'candidate');

const takenAMomentAgo = () => new HttpError(409, 'conflict', 'Someone took this slot a moment ago.');

/**
 * Takes an open slot: the poster gets the seat they asked for, the taker the other. Of two people
 * clicking at once exactly one pairs (the claim is a conditional update in an IMMEDIATE transaction).
 */
export async function takeSlot(
  db: Kysely<Database>,
  t: { slot: SlotRow; takerId: string; problem: CatalogEntry; sessionId: string; now: number },
): Promise<{ takerRole: Seat }> {
  const posterRole = t.slot.role;
  const takerRole = otherSeat(posterRole);
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('group_slots')
      .set({ status: 'taken', taken_by: t.takerId, taken_at: t.now })
      .where('id', '=', t.slot.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw takenAMomentAgo();
    await insertSessionIn(
      trx,
      { id: t.sessionId, problem: t.problem, mode: 'paired', role: posterRole, createdBy: t.slot.posted_by, groupId: t.slot.group_id, now: t.now },
      'peer',
    );
    const row = await trx.selectFrom('sessions').selectAll().where('id', '=', t.sessionId).executeTakeFirstOrThrow();
    await takeSeatIn(trx, row, t.takerId, { kind: 'seat' }, t.now, { limitOpen: true });
    await trx.updateTable('group_slots').set({ session_id: t.sessionId }).where('id', '=', t.slot.id).execute();
  });
  return { takerRole };
}

/**
 * Takes the open seat of a session shared to this group (no invite code needed inside the group).
 * Any other session, including a member's session that was not shared, is "not found".
 */
export async function joinBoardSession(
  db: Kysely<Database>,
  j: { groupId: string; sessionId: string; userId: string; since: number; now: number; liveStatus: LiveStatus },
): Promise<{ row: SessionRow; role: Seat }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sessions')
      .innerJoin('group_members', (jn) => jn.onRef('group_members.user_id', '=', 'sessions.created_by').onRef('group_members.group_id', '=', 'sessions.group_id'))
      .selectAll('sessions')
      .where('sessions.id', '=', j.sessionId)
      .where('sessions.group_id', '=', j.groupId)
      .where('sessions.mode', '=', 'paired')
      .where('sessions.created_at', '>=', j.since)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found', 'That session was not found.');
    const current = { ...row, status: currentStatus(j.liveStatus, row) };
    const existing = await trx.selectFrom('participants').select('role').where('session_id', '=', row.id).where('user_id', '=', j.userId).executeTakeFirst();
    if (existing?.role === 'observer') throw new HttpError(409, 'conflict', 'You are watching that session as an observer already.');
    const { role } = await takeSeatIn(trx, current, j.userId, { kind: 'seat' }, j.now, { limitOpen: true });
    return { row: current, role: role as Seat };
  });
}

/**
 * Calls off a scheduled session (either of its two people). Its session has not started, so it ends
 * with the cancel, in the same transaction: it stops counting against both people's open sessions
 * and its room turns read-only. One that has started is ended in its room, not from a calendar; one
 * that ended already simply stays ended. Returns whether this ended the session (the caller then
 * closes its sockets, if the room is loaded, so they reload it as ended).
 */
export async function cancelScheduledSession(
  db: Kysely<Database>,
  c: { slotId: string; sessionId: string; userId: string; now: number; liveStatus: LiveStatus },
): Promise<{ sessionEnded: boolean }> {
  return db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom('sessions').select(['id', 'status']).where('id', '=', c.sessionId).executeTakeFirstOrThrow();
    const status = currentStatus(c.liveStatus, session);
    if (status === 'live' || status === 'paused') throw new HttpError(409, 'conflict', 'That session has started: end it in the room instead.');
    if (!(await cancelScheduled(trx, c.slotId, c.userId, c.now))) throw new HttpError(409, 'conflict', 'That session is not scheduled any more.');
    if (status !== 'waiting') return { sessionEnded: false };
    const ended = await trx
      .updateTable('sessions')
      .set({ status: 'ended', ended_at: c.now })
      .where('id', '=', c.sessionId)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) === 1) return { sessionEnded: true };
    // Its clock started meanwhile, through another node (PostgreSQL re-reads the row it waited for): the
    // cancel loses, as if it had come after the start, and the slot stays as it was (this rolls back).
    throw new HttpError(409, 'conflict', 'That session has started: end it in the room instead.');
  });
}
