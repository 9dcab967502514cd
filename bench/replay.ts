/**
 * Replay: a 10,000-event session read from SQLite through the EventLog and folded with `Room.fold`,
 * which is what the hub does when a room loads (DESIGN §8 bar: under 200 ms).
 *   node --expose-gc --import tsx bench/replay.ts [--events 10000] [--runs 15]
 *
 * The events are made by a live `Room` from realistic client ops (shapes of every kind with pen
 * strokes, bound arrows, many moves and edits, deletes, reorders, chat, estimates, phase changes),
 * so they are exactly what the server would have stored; they are committed in group-commit sized
 * batches. Then a fresh connection (cold SQLite page cache) reads and folds them, several times.
 * Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Room, type RoomInit } from '../server/rooms/room';
import { openSqlite, openStore } from '../server/store/db';
import { SqliteEventLog, type PendingEvent } from '../server/store/events';
import { INPUT_KEYS } from '../shared/estimate';
import type { ClientOp } from '../shared/protocol';
import { median, summarize } from './lib/stats';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const EVENTS = arg('events', 10_000);
const RUNS = arg('runs', 15);

// A deterministic generator, so every run folds the same session.
let seed = 42;
const rnd = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const COMPONENTS = ['client', 'cdn', 'load-balancer', 'api-gateway', 'app-service', 'worker', 'cache', 'sql-database', 'message-queue', 'object-storage'] as const;
const WORDS = 'the write path goes through the queue so the cache can be warmed before reads hit the primary replica and we shard by user id'.split(' ');
/** A client op without its opId (distributed over the union). */
type OpBody = ClientOp extends infer T ? (T extends unknown ? Omit<T, 'opId'> : never) : never;
const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mockroom-replay-'));
  try {
    const file = join(dir, 'replay.sqlite');
    const store = await openStore(file);
    // Events only: no users or session rows, so the benchmark does not depend on their schema.
    store.sqlite.pragma('foreign_keys = OFF');
    const log = new SqliteEventLog(store.sqlite);

    const sessionId = 'replay-session';
    const init: RoomInit = {
      sessionId,
      mode: 'paired',
      plan: [
        { id: 'clarify', minutes: 5 },
        { id: 'estimate', minutes: 5 },
        { id: 'design', minutes: 15 },
        { id: 'deep-dive', minutes: 15 },
      ],
      hints: new Map([
        ['h1', { text: 'Think about where the hot keys live.', phase: 'design' }],
        ['h2', { text: 'What happens when the cache node fails?', phase: 'deep-dive' }],
        ['h3', { text: 'How do you make the write idempotent?', phase: 'deep-dive' }],
      ]),
    };
    const room = new Room(init);
    const candidate = { id: 'user-candidate-0000000001', role: 'candidate' as const };
    const interviewer = { id: 'user-interviewer-00000001', role: 'interviewer' as const };
    let now = Date.parse('2026-01-01T10:00:00Z');
    let opN = 0;
    const shapes: string[] = [];
    const boxes: string[] = [];
    const batch: PendingEvent[] = [];
    const kinds: Record<string, number> = {};
    let rejected = 0;

    const submit = (author: typeof candidate | typeof interviewer, msg: OpBody) => {
      now += Math.floor(rnd() * 400);
      const out = room.handleOp(author, { ...msg, opId: `op${++opN}` } as ClientOp, now);
      if (out.kind !== 'event') {
        rejected++;
        return false;
      }
      const e = out.event;
      kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      batch.push({ sessionId, seq: e.seq, ts: e.ts, author: e.author, kind: e.kind, json: JSON.stringify(e.data), opId: out.opId });
      if (batch.length >= 20) log.commit(batch.splice(0));
      return true;
    };

    submit(interviewer, { type: 'phase', action: 'start' });
    const nextAt = [Math.floor(EVENTS * 0.1), Math.floor(EVENTS * 0.25), Math.floor(EVENTS * 0.6)];
    const hintAt = [Math.floor(EVENTS * 0.5), Math.floor(EVENTS * 0.7), Math.floor(EVENTS * 0.8)];
    while (room.seq < EVENTS) {
      const author = rnd() < 0.7 ? candidate : interviewer;
      if (nextAt.includes(room.seq)) {
        submit(interviewer, { type: 'phase', action: 'next' });
        continue;
      }
      const h = hintAt.indexOf(room.seq);
      if (h >= 0) {
        submit(interviewer, { type: 'hint', id: `h${h + 1}` });
        continue;
      }
      const r = rnd();
      if (shapes.length < 5 || r < 0.08) {
        const id = `shape-${opN}`;
        const t = rnd();
        const x = Math.round(rnd() * 2000);
        const y = Math.round(rnd() * 1200);
        let shape: Record<string, unknown>;
        if (t < 0.45) shape = { id, type: 'component', component: pick(COMPONENTS), x, y, w: 160, h: 80, text: sentence(2) };
        else if (t < 0.6) shape = { id, type: pick(['rect', 'ellipse', 'diamond'] as const), x, y, w: 120, h: 70, style: { stroke: '#1f2937', fill: '#e0f2fe' } };
        else if (t < 0.7) shape = { id, type: 'text', x, y, w: 240, h: 40, text: sentence(8) };
        else if (t < 0.85 && boxes.length >= 2) {
          const from = pick(boxes);
          let to = pick(boxes);
          if (to === from) to = boxes[(boxes.indexOf(from) + 1) % boxes.length]!;
          shape = { id, type: 'arrow', x, y, w: 100, h: 40, from, to };
        } else {
          const points = Array.from({ length: 40 }, (_, i) => [Math.round(i * 3 + rnd() * 5), Math.round(rnd() * 30), 0.5]);
          shape = { id, type: 'pen', x, y, w: 120, h: 30, points };
        }
        if (submit(author, { type: 'board', op: { kind: 'add', shape } } as never)) {
          shapes.push(id);
          if (shape.type !== 'arrow' && shape.type !== 'pen') boxes.push(id);
        }
      } else if (r < 0.78) {
        const id = pick(shapes);
        const patch = rnd() < 0.8 ? { x: Math.round(rnd() * 2000), y: Math.round(rnd() * 1200) } : { text: sentence(3) };
        if (!submit(author, { type: 'board', op: { kind: 'update', id, patch } } as never)) {
          // An update of an arrow's text, say: fine, try a move next time.
        }
      } else if (r < 0.8 && shapes.length > 20) {
        const id = shapes.splice(Math.floor(rnd() * shapes.length), 1)[0]!;
        const bi = boxes.indexOf(id);
        if (bi >= 0) boxes.splice(bi, 1);
        submit(author, { type: 'board', op: { kind: 'delete', ids: [id] } } as never);
      } else if (r < 0.82) {
        submit(author, { type: 'board', op: { kind: 'reorder', ids: [pick(shapes)], to: rnd() < 0.5 ? 'front' : 'back' } } as never);
      } else if (r < 0.97) {
        submit(author, { type: 'chat', text: sentence(5 + Math.floor(rnd() * 20)) });
      } else {
        submit(author, { type: 'estimate', inputs: { [pick(INPUT_KEYS)]: Math.round(rnd() * 1e6) } } as never);
      }
    }
    if (batch.length) log.commit(batch.splice(0));
    const bytes = (store.sqlite.prepare('SELECT SUM(LENGTH(data)) AS n FROM events').get() as { n: number }).n;
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();

    // Measure on a fresh connection: the first read has a cold SQLite page cache.
    const sqlite = openSqlite(file);
    const events = new SqliteEventLog(sqlite);
    const fold = () => Room.fold(init, events.all(sessionId));
    const times: number[] = [];
    let folded: Room | null = null;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      folded = fold();
      times.push(performance.now() - t0);
    }
    if (folded!.seq !== EVENTS) throw new Error(`folded ${folded!.seq} events, expected ${EVENTS}`);
    // Read and parse alone, and fold alone from parsed events.
    const readTimes: number[] = [];
    let parsed: ReturnType<typeof Array.from<unknown>> = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      parsed = Array.from(events.all(sessionId));
      readTimes.push(performance.now() - t0);
    }
    const foldTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      Room.fold(init, parsed as never);
      foldTimes.push(performance.now() - t0);
    }
    // Heap a folded room keeps (board, chat, and the opId map used to drop resent ops).
    const gc = (globalThis as { gc?: () => void }).gc;
    let retainedKb = NaN;
    if (gc) {
      folded = null;
      parsed = [];
      gc();
      const h0 = process.memoryUsage().heapUsed;
      const keep = fold();
      gc();
      retainedKb = (process.memoryUsage().heapUsed - h0) / 1024;
      void keep.seq;
    }
    sqlite.close();
    const s = summarize(times.slice(1));
    console.log(
      JSON.stringify({
        events: EVENTS,
        kinds,
        rejected,
        dataBytes: bytes,
        firstMs: times[0],
        medianMs: median(times.slice(1)),
        p95Ms: s.p95,
        maxMs: Math.max(...times),
        readParseMs: median(readTimes),
        foldOnlyMs: median(foldTimes),
        retainedKb,
        runs: RUNS,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
