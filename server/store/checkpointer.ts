/**
 * Keeps the write-ahead log short without stalling the event loop. SQLite's automatic checkpoint runs
 * on the writing thread and stalls it 10-18 ms under sustained writes, so the main connection sets
 * wal_autocheckpoint=0 and checkpoints are shared out like this:
 *
 * - A worker thread with its own connection runs a PASSIVE checkpoint every interval. PASSIVE never
 *   blocks the writer, and it does the bulk of the copying. In a pause between writes that is all it
 *   takes: the WAL is then fully copied back and the next commit rewinds it to the start.
 * - Under sustained writes that never happens: frames appended while a PASSIVE runs stay behind, the
 *   WAL cannot rewind and grows (33 MB/s at 500 busy rooms). So once the live WAL (the frame count the
 *   checkpoint reports; the file never shrinks by itself) passes a bound, the worker runs quick
 *   PASSIVE passes until it has caught up to within a few milliseconds of writes, then asks the main
 *   thread to finish. The main thread runs one more PASSIVE on its own connection: as the only writer
 *   it has nothing appended behind it, so that pass completes the checkpoint and its next commit
 *   rewinds the WAL. It copies only the last few milliseconds of frames.
 *
 * Not a RESTART from the worker: that takes the write lock by polling (SQLite's busy handler sleeps
 * 1, 2, 5, 10 ms...), a writer committing every event-loop turn wins that race for hundreds of
 * milliseconds while the WAL keeps growing, and the RESTART then blocks the writer while it copies
 * the backlog (measured: 300-800 ms stalls).
 *
 * The worker is inline source so it runs the same from tsx, vitest and the bundled server.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WAL_LIMIT_BYTES, type Sqlite } from './db';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
// Lower this thread's priority below the event loop's (Linux applies nice per thread): on a
// one-core machine a checkpoint otherwise takes turns with the server for tens of milliseconds.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0 && workerData.nice) require('node:os').setPriority(tid, workerData.nice);
} catch {}
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
const frameBytes = db.pragma('page_size', { simple: true }) + 24;
let stopped = false;
function passive() {
  const t0 = performance.now();
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  return { log: r.log, busy: r.busy, ms: performance.now() - t0 };
}
function tick() {
  if (stopped) return;
  try {
    let r = passive();
    if (r.busy === 0 && r.log * frameBytes > workerData.rewindBytes) {
      // Catch up: each pass copies what was appended during the previous one.
      for (let i = 0; i < 4 && r.ms > 2; i++) r = passive();
      parentPort.postMessage({ rewind: r.log });
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
  setTimeout(tick, workerData.intervalMs);
}
parentPort.on('message', (m) => {
  if (m === 'stop') { stopped = true; try { db.close(); } catch {} parentPort.postMessage({ stopped: true }); }
});
setTimeout(tick, workerData.intervalMs);
`;

/**
 * Nice 10 weighs the thread at about a tenth of the event loop when both want the core: the loop
 * preempts it, and under saturation it still gets the few percent a checkpoint needs (3% of a core
 * at 5,000 events/s) so the WAL keeps rewinding.
 */
export const CHECKPOINTER_NICE = 10;

export interface CheckpointStats {
  /** Checkpoints finished on the main thread, each followed by a rewind of the WAL. */
  rewinds: number;
  /** Main-thread time those took, in milliseconds. */
  rewindMsTotal: number;
  rewindMsMax: number;
  /** Attempts that could not finish (another checkpoint or a reader was in the way). */
  missed: number;
}

export interface Checkpointer {
  readonly stats: CheckpointStats;
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** Between the worker's PASSIVE checkpoints. Longer copies a hot page once for more commits. */
  intervalMs?: number;
  /** Live WAL size past which the WAL is rewound. */
  rewindBytes?: number;
  /** The worker thread's nice value (Linux), above the event loop's 0 so the loop preempts it; 0 leaves it. */
  nice?: number;
  onError?: (message: string) => void;
  /** Every rewind, with the main-thread time it took and the frames it copied. */
  onRewind?: (info: { ms: number; frames: number }) => void;
}

/** `sqlite` is the main (writing) connection; `file` its database file. */
export function startCheckpointer(sqlite: Sqlite, file: string, opts: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      driver,
      intervalMs: opts.intervalMs ?? 1000,
      rewindBytes: opts.rewindBytes ?? WAL_LIMIT_BYTES,
      nice: opts.nice ?? CHECKPOINTER_NICE,
    },
  });
  worker.unref();
  const stats: CheckpointStats = { rewinds: 0, rewindMsTotal: 0, rewindMsMax: 0, missed: 0 };
  let stopping: Promise<void> | null = null;
  /** Frames the worker had copied when it asked for the rewind. */
  let backfilled = 0;

  const finishOnMainThread = () => {
    if (stopping || !sqlite.open || sqlite.inTransaction) return void stats.missed++;
    const t0 = performance.now();
    let frames: number;
    try {
      const [r] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      if (!r || r.busy || r.checkpointed < r.log) return void stats.missed++;
      frames = r.log - backfilled;
    } catch (err) {
      stats.missed++;
      opts.onError?.(String((err as Error).message ?? err));
      return;
    }
    const ms = performance.now() - t0;
    stats.rewinds++;
    stats.rewindMsTotal += ms;
    if (ms > stats.rewindMsMax) stats.rewindMsMax = ms;
    opts.onRewind?.({ ms, frames });
  };

  worker.on('message', (m: { error?: string; rewind?: number }) => {
    if (m.error) opts.onError?.(m.error);
    if (m.rewind !== undefined) {
      backfilled = m.rewind;
      finishOnMainThread();
    }
  });
  return {
    stats,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.once('message', (m: { stopped?: boolean }) => {
          if (m.stopped) void worker.terminate().then(done, done);
        });
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate().then(done, done), 2000).unref();
      });
      return stopping;
    },
  };
}
