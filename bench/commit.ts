/**
 * Group-commit cost in isolation: what one event costs the writing thread in `EventLog.commit` (the
 * real code and schema), with the room load's access pattern: many live sessions, a few events from
 * different sessions per transaction. The profile of the room load puts most of the server's time
 * here, so this shows what each storage layout costs:
 *   - the events table as the migrations make it today (described in the output);
 *   - the first release's layout: keyed by (session, seq) WITHOUT ROWID plus a unique (session,
 *     author, op_id) index, and the same without that index;
 *   - rows appended in commit order (a rowid table) with a (session, seq) index, with and without the
 *     op_id index;
 *   - 4 KiB pages instead of today's 1 KiB (each transaction writes every page it dirtied to the WAL);
 *   - bigger and smaller batches (the group-commit window).
 *   node --import tsx bench/commit.ts [--sessions 500] [--events 30000]
 * Prints one JSON line: per variant, µs per event on the writing thread, WAL bytes per event, and the
 * time a checkpoint of that WAL takes (the checkpointer thread's share).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../server/store/db';
import { SqliteEventLog, type PendingEvent } from '../server/store/events';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SESSIONS = arg('sessions', 500);
const EVENTS = arg('events', 30_000);
const WARMUP = Math.floor(EVENTS / 3);

export interface CommitVariant {
  name: string;
  batch: number;
  usPerEvent: number;
  walBytesPerEvent: number;
  checkpointUsPerEvent: number;
}

const COLUMNS = `session_id TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, author TEXT NOT NULL,
    kind TEXT NOT NULL, data TEXT NOT NULL, op_id TEXT`;
/** Layouts to compare with whatever the migrations make (same columns, so EventLog's statements work). */
const LAYOUTS = {
  /** The first release's: keyed by (session, seq) (it also had a unique op_id index: `opIndex`). */
  keyed: `DROP TABLE events;
    CREATE TABLE events (${COLUMNS}, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;`,
  /** Rows appended in commit order; an index finds a session's events. */
  appended: `DROP TABLE events;
    CREATE TABLE events (id INTEGER PRIMARY KEY, ${COLUMNS});
    CREATE UNIQUE INDEX events_session_seq ON events(session_id, seq);`,
} as const;

/** The events table as the migrations leave it, in one line. */
function describeEvents(db: BetterSqlite3.Database): string {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'events' AND sql IS NOT NULL").all() as { type: string; name: string; sql: string }[];
  const table = rows.find((r) => r.type === 'table')?.sql ?? '';
  const layout = /WITHOUT ROWID/i.test(table) ? `keyed by ${/PRIMARY KEY\s*\(([^)]*)\)/i.exec(table)?.[1] ?? '?'} (WITHOUT ROWID)` : 'rowid table (rows in commit order)';
  const indexes = rows.filter((r) => r.type === 'index').map((r) => `${/UNIQUE/i.test(r.sql) ? 'unique ' : ''}index on (${/\(([^)]*)\)/.exec(r.sql)?.[1] ?? '?'})`);
  return `${layout}${indexes.length ? `, ${indexes.join(', ')}` : ''}`;
}

let migrated = '';

async function variant(name: string, o: { batch: number; pageSize?: number; layout?: keyof typeof LAYOUTS; opIndex?: boolean }): Promise<CommitVariant> {
  const dir = mkdtempSync(join(tmpdir(), 'mockroom-commit-'));
  try {
    const file = join(dir, 'commit.sqlite');
    const store = await openStore(file, { pageSize: o.pageSize });
    const db = store.sqlite;
    db.pragma('foreign_keys = OFF');
    if (!migrated) migrated = describeEvents(db);
    if (o.layout) db.exec(LAYOUTS[o.layout]);
    if (o.opIndex) db.exec('CREATE UNIQUE INDEX IF NOT EXISTS events_op ON events(session_id, author, op_id) WHERE op_id IS NOT NULL');
    const log = new SqliteEventLog(db);
    const sessions = Array.from({ length: SESSIONS }, () => ({ id: randomBytes(16).toString('base64url'), seq: 0, authors: [randomBytes(16).toString('base64url'), randomBytes(16).toString('base64url')] }));
    let n = 0;
    const next = (): PendingEvent => {
      const s = sessions[Math.floor(Math.random() * sessions.length)]!;
      const author = s.authors[n & 1]!;
      n++;
      const json = `{"op":{"kind":"update","id":"shape-${n % 97}","patch":{"x":${100 + (n % 400) + 0.5},"y":${80 + ((n * 7) % 300) + 0.25},"w":180,"h":96,"text":"Load balancer ~op:${n}~","style":{"stroke":"#1f2937","fill":"#e0f2fe"}}}}`;
      return { sessionId: s.id, seq: ++s.seq, ts: Date.now(), author, kind: 'board', json, opId: `o${n}` };
    };
    const walSize = () => {
      try {
        return statSync(`${file}-wal`).size;
      } catch {
        return 0;
      }
    };
    const run = (events: number) => {
      let us = 0;
      let walBytes = 0;
      let ckptUs = 0;
      for (let done = 0; done < events; ) {
        // Checkpoint outside the timed part, as the server's worker thread does, and time it apart.
        const w0 = walSize();
        const chunk = Math.min(2000, events - done);
        const batches: PendingEvent[][] = [];
        for (let i = 0; i < chunk; i += o.batch) batches.push(Array.from({ length: Math.min(o.batch, chunk - i) }, next));
        const t0 = performance.now();
        for (const b of batches) log.commit(b);
        us += (performance.now() - t0) * 1000;
        walBytes += walSize() - w0;
        const c0 = performance.now();
        db.pragma('wal_checkpoint(TRUNCATE)');
        ckptUs += (performance.now() - c0) * 1000;
        done += chunk;
      }
      return { us, walBytes, ckptUs };
    };
    // Warm up: the tables already hold events of every session, as in a server that has been running.
    run(WARMUP);
    const r = run(EVENTS);
    await store.close();
    return { name, batch: o.batch, usPerEvent: r.us / EVENTS, walBytesPerEvent: r.walBytes / EVENTS, checkpointUsPerEvent: r.ckptUs / EVENTS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const out: CommitVariant[] = [];
  out.push(await variant('as migrated', { batch: 5 }));
  out.push(await variant('first release: keyed by (session_id, seq) WITHOUT ROWID + unique op_id index', { batch: 5, layout: 'keyed', opIndex: true }));
  out.push(await variant('keyed by (session_id, seq) WITHOUT ROWID, no op_id index', { batch: 5, layout: 'keyed', opIndex: false }));
  out.push(await variant('appended in commit order + (session_id, seq) index + unique op_id index', { batch: 5, layout: 'appended', opIndex: true }));
  out.push(await variant('appended in commit order + (session_id, seq) index', { batch: 5, layout: 'appended' }));
  out.push(await variant('as migrated, with 4 KiB pages (before 2026-11-23 19:00)', { batch: 5, pageSize: 4096 }));
  out.push(await variant('as migrated, 4x bigger batches', { batch: 20 }));
  out.push(await variant('as migrated, one event per transaction', { batch: 1 }));
  console.log(JSON.stringify({ sessions: SESSIONS, events: EVENTS, migrated, variants: out }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
