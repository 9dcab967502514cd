/**
 * The event log (SQLite) on the hot path: raw prepared statements (Kysely builds a query object per call,
 * which is measurable at tens of thousands of events per second) and group commit, one transaction
 * for every event that arrived in an event-loop turn.
 *
 * A batch without status changes is one multi-row INSERT: a single statement commits atomically on
 * its own, so there is no BEGIN/COMMIT to run and one native call binds every row (the per-row
 * `run()` and the transaction wrapper were a third of the hot path's CPU).
 */
import type { EventKind } from '../../shared/protocol';
import type { StoredEvent } from '../../shared/session-state';
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from './db';

/** Larger batches go through the transaction (SQLite allows 32,766 parameters per statement). */
const MAX_ROWS_PER_INSERT = 64;

export interface PendingEvent {
  sessionId: string;
  seq: number;
  ts: number;
  author: string;
  kind: EventKind;
  /** The data, serialised once. */
  json: string;
  opId: string | null;
  /** New session status when this event changes it (phase events). */
  status?: { status: string; startedAt: number | null; endedAt: number | null };
}

/** An event row as stored, its data still serialised (sent to clients as is). */
export interface EventRow {
  seq: number;
  ts: number;
  author: string;
  kind: EventKind;
  data: string;
  opId: string | null;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * The event log as the rooms and routes use it, on either engine. SQLite answers synchronously (the
 * hot path stays one native call per batch); PostgreSQL answers with promises. Callers await.
 */
export interface EventLog {
  /** Commits the batch atomically; throws or rejects, and commits nothing, on failure. */
  commit(batch: PendingEvent[]): MaybePromise<void>;
  /** Raw rows after a seq, data still serialised (sent to clients as is). */
  rowsAfter(sessionId: string, afterSeq: number, limit: number): MaybePromise<EventRow[]>;
  /** A session's events of one kind, in order. */
  rowsOfKind(sessionId: string, kind: EventKind): MaybePromise<EventRow[]>;
  rowAt(sessionId: string, seq: number): MaybePromise<EventRow | undefined>;
  /** Every event of a session, parsed, in order: the input of a room fold. */
  all(sessionId: string): MaybePromise<Iterable<StoredEvent>>;
}

export class SqliteEventLog implements EventLog {
  private readonly insert;
  private readonly setStatus;
  private readonly selectAfter;
  private readonly selectAll;
  private readonly selectOne;
  private readonly selectKind;
  private readonly commitBatch: (batch: PendingEvent[]) => void;
  /** Multi-row INSERTs by row count, prepared on first use. */
  private readonly insertRows = new Map<number, Statement>();

  constructor(private readonly sqlite: Sqlite) {
    this.insert = sqlite.prepare(
      'INSERT INTO events (session_id, seq, ts, author, kind, data, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.setStatus = sqlite.prepare(
      // Never over an ended session (a cancel committed first): see pg-events.ts.
      "UPDATE sessions SET status = ?, started_at = COALESCE(started_at, ?), ended_at = ? WHERE id = ? AND status <> 'ended'",
    );
    this.selectAfter = sqlite.prepare(
      'SELECT seq, ts, author, kind, data, op_id AS opId FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectAll = sqlite.prepare(
      'SELECT seq, ts, author, kind, data, op_id AS opId FROM events WHERE session_id = ? ORDER BY seq',
    );
    this.selectOne = sqlite.prepare('SELECT seq, ts, author, kind, data, op_id AS opId FROM events WHERE session_id = ? AND seq = ?');
    this.selectKind = sqlite.prepare('SELECT seq, ts, author, kind, data, op_id AS opId FROM events WHERE session_id = ? AND kind = ? ORDER BY seq');
    this.commitBatch = sqlite.transaction((batch: PendingEvent[]) => {
      for (const e of batch) {
        this.insert.run(e.sessionId, e.seq, e.ts, e.author, e.kind, e.json, e.opId);
        if (e.status) this.setStatus.run(e.status.status, e.status.startedAt, e.status.endedAt, e.sessionId);
      }
    });
  }

  /** Commits the batch atomically; throws (and commits nothing) on failure. */
  commit(batch: PendingEvent[]): void {
    const n = batch.length;
    if (!n) return;
    if (n > MAX_ROWS_PER_INSERT || batch.some((e) => e.status)) return this.commitBatch(batch);
    let stmt = this.insertRows.get(n);
    if (!stmt) {
      stmt = this.sqlite.prepare(`INSERT INTO events (session_id, seq, ts, author, kind, data, op_id) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
      this.insertRows.set(n, stmt);
    }
    const params: unknown[] = new Array(n * 7);
    for (let i = 0, j = 0; i < n; i++) {
      const e = batch[i]!;
      params[j++] = e.sessionId;
      params[j++] = e.seq;
      params[j++] = e.ts;
      params[j++] = e.author;
      params[j++] = e.kind;
      params[j++] = e.json;
      params[j++] = e.opId;
    }
    stmt.run(params);
  }

  /** Raw rows after a seq, data still serialised (sent to clients as is). */
  rowsAfter(sessionId: string, afterSeq: number, limit: number): EventRow[] {
    return this.selectAfter.all(sessionId, afterSeq, limit) as EventRow[];
  }

  /** A session's events of one kind, in order (e.g. its estimate ops, for the estimate check). */
  rowsOfKind(sessionId: string, kind: EventKind): EventRow[] {
    return this.selectKind.all(sessionId, kind) as EventRow[];
  }

  rowAt(sessionId: string, seq: number): EventRow | undefined {
    return this.selectOne.get(sessionId, seq) as EventRow | undefined;
  }

  /** Every event of a session, parsed, in order: the input of a room fold. */
  *all(sessionId: string): Generator<StoredEvent> {
    for (const row of this.selectAll.iterate(sessionId) as Iterable<EventRow>) {
      yield { seq: row.seq, ts: row.ts, author: row.author, kind: row.kind, data: JSON.parse(row.data), opId: row.opId };
    }
  }
}
