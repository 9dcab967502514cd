/**
 * The audio side of a session: the external call link, recording consent, and recorded tracks stored
 * as chunks (blobs) with the server time each arrived, so the review aligns audio with the event log
 * and `npm run backup` (one SQLite file) keeps it.
 */
import type { Kysely } from 'kysely';
import type { CallSettings } from '../../shared/protocol';
import type { RecordingTrack } from '../../shared/api';
import type { Database } from './schema';

/** The call link and who consented; recording is active once every seat that must consent did. */
export async function callSettings(db: Kysely<Database>, sessionId: string): Promise<CallSettings | undefined> {
  const session = await db.selectFrom('sessions').select(['mode', 'call_link']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) return undefined;
  const seats = await db
    .selectFrom('participants')
    .select(['user_id', 'role', 'record_consent'])
    .where('session_id', '=', sessionId)
    .where('role', 'in', ['candidate', 'interviewer'])
    .execute();
  const consented = seats.filter((s) => s.record_consent === 1).map((s) => s.user_id);
  // Paired: both the candidate and the interviewer. Solo: the candidate records herself.
  const needed = session.mode === 'solo' ? ['candidate'] : ['candidate', 'interviewer'];
  const active = needed.every((role) => seats.some((s) => s.role === role && s.record_consent === 1));
  return { link: session.call_link, recording: { active, consented } };
}

export async function setConsent(db: Kysely<Database>, sessionId: string, userId: string, record: boolean): Promise<void> {
  await db
    .updateTable('participants')
    .set({ record_consent: record ? 1 : 0 })
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setCallLink(db: Kysely<Database>, sessionId: string, link: string | null): Promise<void> {
  await db.updateTable('sessions').set({ call_link: link }).where('id', '=', sessionId).execute();
}

export interface TrackRow {
  id: string;
  session_id: string;
  user_id: string;
  mime: string;
  started_at: number;
  last_at: number;
  chunks: number;
  bytes: number;
}

export async function getTrack(db: Kysely<Database>, trackId: string): Promise<TrackRow | undefined> {
  return db.selectFrom('recording_tracks').selectAll().where('id', '=', trackId).executeTakeFirst();
}

export async function tracksOfUser(db: Kysely<Database>, sessionId: string, userId: string): Promise<{ n: number; bytes: number }> {
  const row = await db
    .selectFrom('recording_tracks')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.lit(0)).as('bytes')])
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), bytes: Number(row.bytes) };
}

export async function createTrack(db: Kysely<Database>, t: { id: string; sessionId: string; userId: string; mime: string; startedAt: number; now: number }): Promise<void> {
  await db
    .insertInto('recording_tracks')
    .values({ id: t.id, session_id: t.sessionId, user_id: t.userId, mime: t.mime, started_at: t.startedAt, last_at: t.now, chunks: 0, bytes: 0 })
    .execute();
}

export async function setTrackStart(db: Kysely<Database>, trackId: string, startedAt: number): Promise<void> {
  await db.updateTable('recording_tracks').set({ started_at: startedAt }).where('id', '=', trackId).execute();
}

export async function chunkOf(db: Kysely<Database>, trackId: string, n: number): Promise<Buffer | undefined> {
  const row = await db.selectFrom('recording_chunks').select('data').where('track_id', '=', trackId).where('n', '=', n).executeTakeFirst();
  return row?.data;
}

/** Stores chunk `n` and counts it on its track, in one transaction. */
export async function insertChunk(db: Kysely<Database>, trackId: string, n: number, data: Buffer, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('recording_chunks').values({ track_id: trackId, n, received_at: now, bytes: data.length, data }).execute();
    await trx
      .updateTable('recording_tracks')
      .set((eb) => ({ chunks: eb('chunks', '+', 1), bytes: eb('bytes', '+', data.length), last_at: now }))
      .where('id', '=', trackId)
      .execute();
  });
}

export async function listTracks(db: Kysely<Database>, sessionId: string): Promise<RecordingTrack[]> {
  const rows = await db.selectFrom('recording_tracks').selectAll().where('session_id', '=', sessionId).orderBy('started_at').orderBy('id').execute();
  return rows.map((r) => ({ trackId: r.id, userId: r.user_id, startedAt: r.started_at, endedAt: r.last_at, chunks: r.chunks, bytes: r.bytes, mime: r.mime }));
}

/** Each chunk's size in order, to find the chunks a byte range touches without reading them. */
export async function chunkSizes(db: Kysely<Database>, trackId: string): Promise<{ n: number; bytes: number }[]> {
  return db.selectFrom('recording_chunks').select(['n', 'bytes']).where('track_id', '=', trackId).orderBy('n').execute();
}

export async function chunkData(db: Kysely<Database>, trackId: string, fromN: number, toN: number): Promise<Buffer[]> {
  const rows = await db
    .selectFrom('recording_chunks')
    .select('data')
    .where('track_id', '=', trackId)
    .where('n', '>=', fromN)
    .where('n', '<=', toN)
    .orderBy('n')
    .execute();
  return rows.map((r) => r.data);
}

export async function deleteTracks(db: Kysely<Database>, sessionId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ids = (await trx.selectFrom('recording_tracks').select('id').where('session_id', '=', sessionId).execute()).map((r) => r.id);
    if (!ids.length) return 0;
    await trx.deleteFrom('recording_chunks').where('track_id', 'in', ids).execute();
    await trx.deleteFrom('recording_tracks').where('session_id', '=', sessionId).execute();
    return ids.length;
  });
}
