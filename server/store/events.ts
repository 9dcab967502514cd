/**
 * The event log on the hot path: raw prepared statements (Kysely builds a query object per call,
 * which is measurable at tens of thousands of events per second) and group commit, one transaction
 * for every event that arrived in an event-loop turn.
 */
import type { EventKind } from '../../shared/protocol';
import type { StoredEvent } from '../rooms/room';
import type { Sqlite } from './db';

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

export class EventLog {
  private readonly insert;
  private readonly setStatus;
  private readonly selectAfter;
  private readonly selectAll;
  private readonly commitBatch: (batch: PendingEvent[]) => void;

  constructor(private readonly sqlite: Sqlite) {
    this.insert = sqlite.prepare(
      'INSERT INTO events (session_id, seq, ts, author, kind, data, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.setStatus = sqlite.prepare(
      'UPDATE sessions SET status = ?, started_at = COALESCE(started_at, ?), ended_at = ? WHERE id = ?',
    );
    this.selectAfter = sqlite.prepare(
      'SELECT seq, ts, author, kind, data, op_id AS opId FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectAll = sqlite.prepare(
      'SELECT seq, ts, author, kind, data, op_id AS opId FROM events WHERE session_id = ? ORDER BY seq',
    );
    this.commitBatch = sqlite.transaction((batch: PendingEvent[]) => {
      for (const e of batch) {
        this.insert.run(e.sessionId, e.seq, e.ts, e.author, e.kind, e.json, e.opId);
        if (e.status) this.setStatus.run(e.status.status, e.status.startedAt, e.status.endedAt, e.sessionId);
      }
    });
  }

  /** Commits the batch in one transaction; throws (and commits nothing) on failure. */
  commit(batch: PendingEvent[]): void {
    if (batch.length) this.commitBatch(batch);
  }

  /** Raw rows after a seq, data still serialised (sent to clients as is). */
  rowsAfter(sessionId: string, afterSeq: number, limit: number): { seq: number; ts: number; author: string; kind: EventKind; data: string; opId: string | null }[] {
    return this.selectAfter.all(sessionId, afterSeq, limit) as never;
  }

  /** Every event of a session, parsed, in order: the input of a room fold. */
  *all(sessionId: string): Generator<StoredEvent> {
    for (const row of this.selectAll.iterate(sessionId) as Iterable<{ seq: number; ts: number; author: string; kind: EventKind; data: string; opId: string | null }>) {
      yield { seq: row.seq, ts: row.ts, author: row.author, kind: row.kind, data: JSON.parse(row.data), opId: row.opId };
    }
  }
}
