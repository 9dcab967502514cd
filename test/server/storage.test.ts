/** The storage layer under write pressure: WAL checkpoints and transactions waiting for the lock. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { CHECKPOINTER_NICE, startCheckpointer } from '../../server/store/checkpointer';
import { openStore, statementCache, type Sqlite } from '../../server/store/db';
import { SqliteEventLog, type PendingEvent } from '../../server/store/events';
import { createUser } from '../../server/store/users';
import { tempDirs } from '../helpers/temp';

const tempDir = tempDirs('storage');
const temp = () => join(tempDir(), 'db.sqlite');

/** A user, a problem and sessions for events to belong to (foreign keys). */
function seedSessions(sqlite: Sqlite, ids: string[], status: string): void {
  sqlite.prepare("INSERT INTO users (id, username, username_key, display_name, password_hash, is_admin, disabled, created_at) VALUES ('u', 'u', 'u', 'u', 'x', 1, 0, 1)").run();
  sqlite.prepare("INSERT INTO problems (slug, title, difficulty, tags, summary, prompt, phases, guide, content_hash, updated_at) VALUES ('p', 'P', 'easy', '[]', 's', 'x', '{}', '{}', 'h', 1)").run();
  const add = sqlite.prepare("INSERT INTO sessions (id, problem_slug, mode, status, phases, invite_code, observer_code, created_by, created_at) VALUES (?, 'p', 'paired', ?, '[]', ?, ?, 'u', 1)");
  for (const id of ids) add.run(id, status, `i${id}`, `o${id}`);
}

it('under sustained writes the checkpointer keeps the WAL near its bound instead of letting it grow', { timeout: 40_000 }, async () => {
  const file = temp();
  const store = await openStore(file);
  const sessions = Array.from({ length: 50 }, (_, i) => `s${i}`);
  seedSessions(store.sqlite, sessions, 'live');

  const bound = 512 * 1024;
  const errors: string[] = [];
  const checkpointer = startCheckpointer(store.sqlite, file, { intervalMs: 50, rewindBytes: bound, onError: (m) => errors.push(m) });
  const log = new SqliteEventLog(store.sqlite);
  const seqs = new Map(sessions.map((s) => [s, 0]));
  const data = JSON.stringify({ op: 'update', id: 'shape', patch: { x: 1, y: 2, text: 'x'.repeat(200) } });
  let walPeak = 0;
  let written = 0;
  // Write until the checkpointer has rewound the WAL a few times (a condition, not a duration: a loaded
  // machine is slower), with a deadline far beyond what a healthy run needs.
  const deadline = Date.now() + 30_000;
  while ((written < 3000 || checkpointer.stats.rewinds <= 2) && Date.now() < deadline) {
    const batch: PendingEvent[] = [];
    for (let i = 0; i < 5; i++) {
      const s = sessions[(written + i * 7) % sessions.length]!;
      const seq = seqs.get(s)! + 1;
      seqs.set(s, seq);
      batch.push({ sessionId: s, seq, ts: Date.now(), author: 'u', kind: 'board', json: data, opId: null });
    }
    log.commit(batch);
    written += batch.length;
    walPeak = Math.max(walPeak, statSync(`${file}-wal`).size);
    // About the pace of a busy server: a small group commit every millisecond.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const stats = { ...checkpointer.stats };
  await checkpointer.stop();

  // Every commit landed, in order, and the checkpoints did not get in the way of any of them.
  const count = store.sqlite.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  expect(count.n).toBe(written);
  expect(errors).toEqual([]);
  expect(stats.rewinds).toBeGreaterThan(2);
  // Far more WAL was written than the bound (~2.7 KB per event); the file stayed near the bound.
  expect(written).toBeGreaterThan(2000);
  expect(walPeak).toBeLessThan(8 * bound);
  expect((store.sqlite.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
  await store.close();
});

/** The nice value of each of this process's threads (Linux), from /proc/self/task/TID/stat. */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19 of proc(5)
  });
}

it.runIf(process.platform === 'linux')('the checkpointer thread runs below the event loop’s priority, so the loop preempts it', async () => {
  const file = temp();
  const store = await openStore(file);
  const before = threadNices().filter((n) => n === CHECKPOINTER_NICE).length;
  const checkpointer = startCheckpointer(store.sqlite, file, { intervalMs: 50 });
  // One more thread at the checkpointer's nice; this (the event loop's) thread is unchanged.
  await expect.poll(() => threadNices().filter((n) => n === CHECKPOINTER_NICE).length, { timeout: 10_000 }).toBe(before + 1);
  const self = readFileSync('/proc/thread-self/stat', 'utf8');
  expect(Number(self.slice(self.lastIndexOf(')') + 2).split(' ')[16])).toBe(0);
  await checkpointer.stop();
  await store.close();
});

it('a transaction that reads before it writes waits for a write lock held elsewhere instead of failing', async () => {
  const file = temp();
  const store = await openStore(file);
  // Another connection (as the checkpointer's RESTART does) holds the write lock for 300 ms.
  const holder = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const db = new (require(workerData.driver))(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
     const at = Date.now();
     db.exec('COMMIT');
     db.close();
     parentPort.postMessage({ released: at });`,
    { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } },
  );
  // The worker's own clock at the release: the time this thread hears of it lags under load.
  const released = new Promise<number>((resolve) => holder.on('message', (m: unknown) => typeof m === 'object' && m !== null && resolve((m as { released: number }).released)));
  await new Promise<void>((resolve) => holder.once('message', (m) => m === 'locked' && resolve()));
  const result = await createUser(
    store.db,
    { id: 'u1', displayName: 'Ada', passwordHash: 'x', now: 1 },
    { username: 'Ada', mode: 'open', inviteCode: undefined, mayCreateFirst: true },
  );
  const done = Date.now();
  expect('user' in result && result.user.is_admin).toBe(1);
  expect(done).toBeGreaterThanOrEqual(await released);
  await holder.terminate();
  await store.close();
});

it('a batch commits all of its events or none of them, with or without a status change', async () => {
  const store = await openStore(temp());
  seedSessions(store.sqlite, ['s'], 'waiting');
  const log = new SqliteEventLog(store.sqlite);
  const ev = (seq: number, extra: Partial<PendingEvent> = {}): PendingEvent => ({ sessionId: 's', seq, ts: seq, author: 'u', kind: 'chat', json: JSON.stringify({ text: `#${seq}` }), opId: `o${seq}`, ...extra });
  const count = () => (store.sqlite.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

  log.commit([ev(1), ev(2), ev(3)]);
  expect(count()).toBe(3);
  // seq 3 again: the whole batch fails, seq 4 is not left behind.
  expect(() => log.commit([ev(4), ev(3)])).toThrow(/UNIQUE/);
  expect(count()).toBe(3);
  const started = { status: 'live', startedAt: 10, endedAt: null };
  expect(() => log.commit([ev(4, { kind: 'phase', status: started }), ev(2)])).toThrow(/UNIQUE/);
  expect(count()).toBe(3);
  expect((store.sqlite.prepare("SELECT status FROM sessions WHERE id = 's'").get() as { status: string }).status).toBe('waiting');
  // A big batch (past one statement's rows) and one with a status change both land whole.
  log.commit(Array.from({ length: 150 }, (_, i) => ev(4 + i)));
  log.commit([ev(154, { kind: 'phase', status: started }), ev(155)]);
  expect(count()).toBe(155);
  expect((store.sqlite.prepare("SELECT status FROM sessions WHERE id = 's'").get() as { status: string }).status).toBe('live');
  expect(log.rowsAfter('s', 150, 10).map((r) => r.seq)).toEqual([151, 152, 153, 154, 155]);
  await store.close();
});

it('Kysely reuses one prepared statement per query text, within a bound', async () => {
  const store = await openStore(temp());
  const sqlite = store.sqlite;
  const prepared: string[] = [];
  const original = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => {
    prepared.push(sql);
    return original(sql);
  }) as typeof sqlite.prepare;
  const cached = statementCache(sqlite, 3);
  const a = cached.prepare('SELECT 1 AS x');
  expect(cached.prepare('SELECT 1 AS x')).toBe(a);
  expect(prepared).toEqual(['SELECT 1 AS x']);
  for (const n of [2, 3, 4]) cached.prepare(`SELECT ${n} AS x`);
  // Past the bound the cache starts over instead of growing.
  expect(cached.prepare('SELECT 1 AS x')).not.toBe(a);
  expect(prepared).toHaveLength(5);

  // Through Kysely: the same query twice prepares once, and results stay correct.
  const before = prepared.length;
  for (const name of ['ada', 'bob']) await store.db.selectFrom('users').select('id').where('username_key', '=', name).execute();
  sqlite.prepare = original;
  await store.db.insertInto('users').values({ id: 'u1', username: 'Ada', username_key: 'ada', display_name: 'Ada', password_hash: 'x', is_admin: 1, disabled: 0, created_at: 1 }).execute();
  expect(await store.db.selectFrom('users').select('id').where('username_key', '=', 'ada').execute()).toEqual([{ id: 'u1' }]);
  expect(prepared.length - before).toBeLessThanOrEqual(1);
  await store.close();
});
