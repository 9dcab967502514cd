/**
 * The event log on PostgreSQL. A group commit is one statement whatever its size: the rows go in as
 * seven arrays through `unnest`, and the batch's session status changes ride in the same statement as
 * a data-modifying CTE, so a batch is atomic without BEGIN/COMMIT and costs one round trip. Both are
 * named (prepared once per pooled connection).
 *
 * A status change never revives an ended session: a scheduled session cancelled through another node
 * is ended in the table before that node's room hears of it, and a start it accepted meanwhile must not
 * write `live` over the cancel (the room closes with 4413 when the notice arrives and reloads ended).
 */
import type pg from 'pg';
import type { EventKind } from '../../shared/protocol';
import type { StoredEvent } from '../../shared/session-state';
import type { EventLog, EventRow, PendingEvent } from './events';

const COLUMNS = 'seq, ts, author, kind, data, op_id AS "opId"';

const INSERT = `INSERT INTO events (session_id, seq, ts, author, kind, data, op_id)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])`;

const INSERT_WITH_STATUS = `WITH inserted AS (${INSERT}),
  changed AS (
    UPDATE sessions s SET status = c.status, started_at = COALESCE(s.started_at, c.started_at), ended_at = c.ended_at
    FROM unnest($8::text[], $9::text[], $10::bigint[], $11::bigint[]) AS c(id, status, started_at, ended_at)
    WHERE s.id = c.id AND s.status <> 'ended'
  )
  SELECT 1`;

/** Rows read per query when a whole session is loaded. */
const LOAD_PAGE = 5_000;

/** PostgreSQL's "unique_violation": the (session, seq) index refused a row another node wrote. */
export const UNIQUE_VIOLATION = '23505';

export class PgEventLog implements EventLog {
  constructor(private readonly pool: pg.Pool) {}

  async commit(batch: PendingEvent[]): Promise<void> {
    const n = batch.length;
    if (!n) return;
    const sessions: string[] = new Array(n);
    const seqs: number[] = new Array(n);
    const tss: number[] = new Array(n);
    const authors: string[] = new Array(n);
    const kinds: string[] = new Array(n);
    const data: string[] = new Array(n);
    const opIds: (string | null)[] = new Array(n);
    // One UPDATE row per session: the last status wins, the first start sticks (as the SQLite log's
    // UPDATEs, run one per change in order, leave it).
    let changes: Map<string, { status: string; startedAt: number | null; endedAt: number | null }> | null = null;
    for (let i = 0; i < n; i++) {
      const e = batch[i]!;
      sessions[i] = e.sessionId;
      seqs[i] = e.seq;
      tss[i] = e.ts;
      authors[i] = e.author;
      kinds[i] = e.kind;
      data[i] = e.json;
      opIds[i] = e.opId;
      if (e.status) {
        changes ??= new Map();
        const prev = changes.get(e.sessionId);
        changes.set(e.sessionId, { status: e.status.status, startedAt: prev?.startedAt ?? e.status.startedAt, endedAt: e.status.endedAt });
      }
    }
    const rows = [sessions, seqs, tss, authors, kinds, data, opIds];
    if (!changes) {
      await this.pool.query({ name: 'mockroom_events_insert', text: INSERT, values: rows });
      return;
    }
    const ids = [...changes.keys()];
    const c = [...changes.values()];
    await this.pool.query({
      name: 'mockroom_events_insert_status',
      text: INSERT_WITH_STATUS,
      values: [...rows, ids, c.map((x) => x.status), c.map((x) => x.startedAt), c.map((x) => x.endedAt)],
    });
  }

  async rowsAfter(sessionId: string, afterSeq: number, limit: number): Promise<EventRow[]> {
    const r = await this.pool.query<EventRow>({
      name: 'mockroom_events_after',
      text: `SELECT ${COLUMNS} FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      values: [sessionId, afterSeq, limit],
    });
    return r.rows;
  }

  async rowsOfKind(sessionId: string, kind: EventKind): Promise<EventRow[]> {
    const r = await this.pool.query<EventRow>({
      name: 'mockroom_events_kind',
      text: `SELECT ${COLUMNS} FROM events WHERE session_id = $1 AND kind = $2 ORDER BY seq`,
      values: [sessionId, kind],
    });
    return r.rows;
  }

  async rowAt(sessionId: string, seq: number): Promise<EventRow | undefined> {
    const r = await this.pool.query<EventRow>({
      name: 'mockroom_events_at',
      text: `SELECT ${COLUMNS} FROM events WHERE session_id = $1 AND seq = $2`,
      values: [sessionId, seq],
    });
    return r.rows[0];
  }

  /** Read page by page (a long session is ~100,000 events), parsed into one array for the fold. */
  async all(sessionId: string): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (let after = 0; ; ) {
      const rows = await this.rowsAfter(sessionId, after, LOAD_PAGE);
      for (const row of rows) out.push({ seq: row.seq, ts: row.ts, author: row.author, kind: row.kind, data: JSON.parse(row.data), opId: row.opId });
      if (rows.length < LOAD_PAGE) return out;
      after = rows[rows.length - 1]!.seq;
    }
  }
}
