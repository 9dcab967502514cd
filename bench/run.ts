/**
 * `npm run bench`: every benchmark, a table, and the figures in bench/README.md.
 *
 *   npm run bench                     full run (about 10-15 minutes), updates bench/README.md
 *   npm run bench -- --quick          smoke run (about a minute), writes bench/results/ only
 *   npm run bench -- --only rooms,replay
 *       sections: rooms, saturation, memory, profile, commit, replay, http, web, cold
 *   npm run bench -- --targets ours,relay   (rooms and saturation; default ours,relay,peer)
 *   npm run bench -- --reps 5 --profile --no-readme --sizes 500 --no-tmpfs --no-sustained
 *   npm run bench -- --only rooms --server-node-args="--max-semi-space-size=4"   (what-if; no README)
 *
 * Servers run pinned to core 0 and every load generator to core 1 (taskset). Ours, the bare relay
 * and the y-websocket peer reference take turns, rep after rep, so a noisy neighbour hits them alike;
 * tables show medians of the valid runs and ratios taken within each rep.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRouteResult } from './http';
import { prepareAccounts } from './lib/accounts';
import { summarizeProfile, type ProfileSummary } from './lib/cpu-profile';
import type { AccountsFile, LoadConfig, LoadResult, LoadStep, StepResult, TargetKind } from './lib/load-types';
import { describeMachine, machine } from './lib/machine';
import { hasTaskset, ROOT, runNode } from './lib/proc';
import { median } from './lib/stats';
import { allocatedBetween, parseGcTrace, processStartMonoUs } from './lib/gc-trace';
import { ensureBuilt, ensurePeer, freshDataDir, LOAD_CORE, PEER_YJS, SERVER_CORE, SERVER_BUNDLE, START_NODE_FLAGS, startTarget } from './lib/targets';
import { measureWeb, type WebBudget } from './web-budget';
import pg from 'pg';
import { pgBinDir, startCluster, type PgCluster } from '../test/helpers/pg-cluster';

// ------------------------------------------------------------------------------------------------
// Options and plans

const SECTIONS = ['rooms', 'saturation', 'memory', 'profile', 'garbage', 'commit', 'replay', 'http', 'web', 'cold'] as const;
type Section = (typeof SECTIONS)[number];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v && !v.startsWith('--') ? v : '';
}

const quick = flag('quick') !== undefined;
const onlyArg = flag('only');
const only = onlyArg ? new Set(onlyArg.split(',').map((s) => s.trim())) : null;
for (const s of only ?? []) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}"; sections: ${SECTIONS.join(', ')}`);
const wants = (s: Section) => (only ? only.has(s) : true);
const targetsArg = flag('targets');
let targets: TargetKind[] = targetsArg ? (targetsArg.split(',') as TargetKind[]) : ['ours', 'relay', 'peer'];
const forceProfile = flag('profile') !== undefined;
/** Extra node flags for our server, for what-if runs: --server-node-args=--max-semi-space-size=4 */
const serverNodeArgs = (process.argv.find((a) => a.startsWith('--server-node-args='))?.slice('--server-node-args='.length) ?? '').split(' ').filter(Boolean);
/**
 * A/B (rooms only): `--compare-bundle dist/other/main.js` runs that build of ours beside the current one,
 * interleaved, as "ours-b"; `--compare-node-args="--flag …"` runs ours-b with other Node flags (either or both).
 */
const compareNodeArgs = (process.argv.find((a) => a.startsWith('--compare-node-args='))?.slice('--compare-node-args='.length) ?? '').split(' ').filter(Boolean);
const compareBundle = flag('compare-bundle') ?? (compareNodeArgs.length ? SERVER_BUNDLE : undefined);
const writeReadme = !quick && !only && !serverNodeArgs.length && !compareBundle && flag('no-readme') === undefined;

const PLAN = quick
  ? {
      sizes: [100],
      rate: 5,
      warmupMs: 1000,
      windowMs: 3000,
      drainMs: 1500,
      reps: 1,
      sat: { rooms: 250, rates: [10, 30, 50], warmupMs: 500, windowMs: 2000 },
      memoryRooms: 250,
      memoryTargets: ['ours'] as TargetKind[],
      httpSeconds: 2,
      coldReps: 2,
      commitEvents: 6000,
      retries: 1,
      profileRooms: 100,
    }
  : {
      sizes: [100, 500, 1000],
      rate: 5,
      warmupMs: 2000,
      windowMs: 6000,
      drainMs: 3000,
      reps: 3,
      sat: { rooms: 500, rates: [5, 8, 10, 12, 14, 16, 20, 25, 30], warmupMs: 1000, windowMs: 3000 },
      memoryRooms: 1000,
      memoryTargets: ['ours', 'relay', 'peer'] as TargetKind[],
      httpSeconds: 5,
      coldReps: 5,
      commitEvents: 20_000,
      retries: 4,
      profileRooms: 500,
    };
const reps = Number(flag('reps') || PLAN.reps);
const sizesArg = flag('sizes');
if (sizesArg) PLAN.sizes = sizesArg.split(',').map(Number);
/**
 * A diagnostic run of ours with DATA_DIR on tmpfs at this room count: the same server without disk
 * I/O (no write-back, no fsync in the checkpoints), to tell the disk's share of latency and CPU apart.
 */
const TMPFS = existsSync('/dev/shm') ? '/dev/shm' : null;
const tmpfsAt = flag('no-tmpfs') === undefined && TMPFS ? 500 : -1;
/**
 * One long run of ours at 500 rooms: the short windows cannot see what happens when the WAL reaches
 * the checkpointer's rewind bound (128 MB, ~10 s at 500 rooms) and how the heap settles.
 */
const SUSTAINED_S = 40;
const sustainedAt = quick || flag('no-sustained') !== undefined ? -1 : 500;
/** Diagnostic: the sustained run with DATA_DIR on tmpfs, to tell the disk's share apart. */
const sustainedOnTmpfs = flag('sustained-on-tmpfs') !== undefined && TMPFS !== null;
/**
 * Ours on PostgreSQL beside SQLite at this room count (issue 17): a local cluster pinned to the
 * server's core, durable settings (fsync and synchronous commit on), its backends' CPU counted as the
 * server's. Skipped with --no-pg or when PostgreSQL is not installed.
 */
const pgAt = flag('no-pg') === undefined && pgBinDir() ? 500 : -1;
const SAT_P99_MS = 50;

const BARS = {
  p99At500Ms: 5,
  usPerOpAt500: 50,
  rssAt500Mb: 150,
  p99At1000Ms: 10,
  saturationOps: 30_000,
  peerCpuRatio: 2 / 3,
  peerP99Factor: 10,
  replayMs: 200,
  webKb: 250,
  /** Issue 12: heap allocated per op on the hot path. */
  garbageKbPerOp: 4,
};

// ------------------------------------------------------------------------------------------------
// Logging

const t0 = performance.now();
const clock = () => {
  const s = Math.round((performance.now() - t0) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const log = (s: string) => console.log(`[${clock()}] ${s}`);
const fmt = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));
const fmtX = (v: number | undefined, d = 2) => (v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(d)}x`);
const fmtInt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));

// ------------------------------------------------------------------------------------------------
// Runs

/** What ran: a target, or ours with its data directory on tmpfs, a long window, or on PostgreSQL. */
type Label = TargetKind | 'ours-tmpfs' | 'ours-sustained' | 'ours-pg' | 'ours-b';
const targetOf = (l: Label): TargetKind => (l === 'ours-tmpfs' || l === 'ours-sustained' || l === 'ours-pg' || l === 'ours-b' ? 'ours' : l);
const labelText = (l: Label) =>
  l === 'ours-b' ? `ours B (${[compareBundle === SERVER_BUNDLE ? '' : compareBundle, ...compareNodeArgs].filter(Boolean).join(' ')})` : l === 'ours-tmpfs' ? 'ours, data on tmpfs' : l === 'ours-sustained' ? `ours, ${SUSTAINED_S} s window` : l === 'ours-pg' ? 'ours on PostgreSQL' : l;

interface Run {
  kind: Label;
  rooms: number;
  rep: number;
  result: LoadResult | null;
  error?: string;
  serverLog: string;
  retryOf?: boolean;
  /** Largest size of our WAL file during the run, MB (sampled every 200 ms). */
  walMaxMb?: number;
}

const work = mkdtempSync(join(tmpdir(), 'mockroom-bench-'));
const template = join(work, 'template');
const accountsFile = join(work, 'accounts.json');
const accountsPgFile = join(work, 'accounts-pg.json');
let runN = 0;
/** The PostgreSQL cluster for the ours-pg runs, with a template database prepared like `template`. */
let pgCluster: PgCluster | null = null;
const PG_TEMPLATE = 'bench_template';

async function pgAdmin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgCluster!.url });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

const pgUrl = (db: string) => pgCluster!.url.replace(/\/postgres$/, `/${db}`);

async function loadRun(label: Label, rooms: number, steps: LoadStep[], o: { mode?: 'load' | 'memory'; stopP99Ms?: number; drainMs?: number; cpuProfDir?: string; nodeArgs?: string[]; anyNodeArgs?: string[] } = {}): Promise<{ result: LoadResult | null; error?: string; serverLog: string; walMaxMb?: number; serverStartMonoUs?: number }> {
  const id = ++runN;
  const kind = targetOf(label);
  const onTmpfs = label === 'ours-tmpfs' || (label === 'ours-sustained' && sustainedOnTmpfs);
  const onPg = label === 'ours-pg';
  const dataDir =
    kind === 'ours'
      ? onPg
        ? mkdtempSync(join(work, `run-${id}-`))
        : freshDataDir(template, onTmpfs ? join(TMPFS!, `mockroom-bench-${process.pid}-${id}`) : join(work, `run-${id}`))
      : undefined;
  const pgDb = `run_${id}`;
  let target;
  try {
    // A fresh database per run, copied from the prepared template (accounts, sessions).
    if (onPg) await pgAdmin(`CREATE DATABASE ${pgDb} TEMPLATE ${PG_TEMPLATE}`);
    target = await startTarget(kind, { bundle: label === 'ours-b' ? compareBundle : undefined, dataDir, cpuProfDir: o.cpuProfDir, nodeArgs: [...serverNodeArgs, ...(label === 'ours-b' ? compareNodeArgs : []), ...(o.nodeArgs ?? [])], anyNodeArgs: o.anyNodeArgs, env: onPg ? { DATABASE_URL: pgUrl(pgDb) } : undefined });
  } catch (err) {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (onPg) await pgAdmin(`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`).catch(() => {});
    return { result: null, error: `server did not start: ${String((err as Error).message).slice(0, 300)}`, serverLog: '' };
  }
  const serverStartMonoUs = processStartMonoUs(target.pid);
  const cfg: LoadConfig = {
    target: kind,
    host: '127.0.0.1',
    port: target.port,
    serverPid: target.pid,
    databasePid: onPg ? pgCluster!.pid : undefined,
    accountsFile: onPg ? accountsPgFile : accountsFile,
    rooms,
    mode: o.mode ?? 'load',
    steps,
    stopP99Ms: o.stopP99Ms,
    drainMs: o.drainMs ?? PLAN.drainMs,
    connectConcurrency: 32,
    yjsPath: PEER_YJS,
    cacheDir: work,
    serverCore: hasTaskset() ? SERVER_CORE : undefined,
    // Diagnostics: BENCH_TRACE_DIR=dir records every op's send time and latency, one file per run.
    traceFile: process.env.BENCH_TRACE_DIR ? join(process.env.BENCH_TRACE_DIR, `${label}-${rooms}-${id}.csv`) : undefined,
  };
  const cfgFile = join(work, `load-${id}.json`);
  const resFile = join(work, `result-${id}.json`);
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const budget = 120_000 + steps.reduce((s, st) => s + st.warmupMs + st.windowMs, 0) + cfg.drainMs;
  let walMax = 0;
  const walTimer = dataDir
    ? setInterval(() => {
        try {
          walMax = Math.max(walMax, statSync(join(dataDir, 'mockroom.sqlite-wal')).size);
        } catch {
          /* no WAL yet */
        }
      }, 200)
    : null;
  const walMaxMb = () => (dataDir ? walMax / 2 ** 20 : undefined);
  try {
    await runNode(join(ROOT, 'bench/rooms.ts'), [cfgFile, resFile], { core: LOAD_CORE, timeoutMs: budget });
    const result = JSON.parse(readFileSync(resFile, 'utf8')) as LoadResult;
    const crashed = !target.child.alive();
    return { result, error: crashed ? `the server exited during the run: ${target.child.output().slice(-500)}` : undefined, serverLog: target.child.output(), walMaxMb: walMaxMb(), serverStartMonoUs };
  } catch (err) {
    return { result: null, error: String((err as Error).message).slice(0, 600), serverLog: target.child.output(), walMaxMb: walMaxMb() };
  } finally {
    if (walTimer) clearInterval(walTimer);
    await target.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (onPg) await pgAdmin(`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`).catch(() => {});
  }
}

const rotate = <T>(xs: T[], n: number): T[] => xs.map((_, i) => xs[(i + n) % xs.length]!);
const stepValid = (r: Run | undefined) => !!r?.result?.steps[0]?.valid && !r.error;

function describeStep(s: StepResult | undefined, walMaxMb?: number): string {
  if (!s) return 'no data';
  const wal = walMaxMb !== undefined ? `, WAL up to ${fmt(walMaxMb, 0)} MB` : '';
  const others = s.serverCoreOtherFrac > 0.05 ? `, others on the server core ${fmt(s.serverCoreOtherFrac * 100, 0)}%` : '';
  return `${fmtInt(s.ackedPerS)} ops/s, p50 ${fmt(s.latency.p50, 2)} p99 ${fmt(s.latency.p99, 2)} max ${fmt(s.latency.max)} ms, ${fmt(s.serverUsPerOp)} µs/op, gen ${fmt(s.genCpuFrac * 100, 0)}% lag p99 ${fmt(s.sendLag.p99)} ms${wal}${others}${s.valid ? '' : ` [INVALID: ${s.invalid.join('; ')}]`}`;
}

// ------------------------------------------------------------------------------------------------
// Sections

let peerNote = '';

async function roomsSection(retriesLeft: { n: number }): Promise<Run[]> {
  const runs: Run[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const size of PLAN.sizes) {
      for (const kind of rotate<Label>(compareBundle ? [...targets, 'ours-b'] : targets, rep)) {
        const steps = [{ ratePerClient: PLAN.rate, warmupMs: PLAN.warmupMs, windowMs: PLAN.windowMs }];
        let r: Run = { kind, rooms: size, rep, ...(await loadRun(kind, size, steps)) };
        log(`rooms ${size} rep ${rep + 1}/${reps} ${kind.padEnd(5)}: ${r.error ? `ERROR ${r.error.split('\n')[0]}` : describeStep(r.result?.steps[0], r.walMaxMb)}`);
        if (!stepValid(r) && retriesLeft.n > 0) {
          retriesLeft.n--;
          runs.push(r);
          r = { kind, rooms: size, rep, retryOf: true, ...(await loadRun(kind, size, steps)) };
          log(`rooms ${size} rep ${rep + 1}/${reps} ${kind.padEnd(5)} (again): ${r.error ? `ERROR ${r.error.split('\n')[0]}` : describeStep(r.result?.steps[0], r.walMaxMb)}`);
        }
        runs.push(r);
      }
      if (size === pgAt && pgCluster && targets.includes('ours')) {
        const steps = [{ ratePerClient: PLAN.rate, warmupMs: PLAN.warmupMs, windowMs: PLAN.windowMs }];
        const r: Run = { kind: 'ours-pg', rooms: size, rep, ...(await loadRun('ours-pg', size, steps)) };
        log(`rooms ${size} rep ${rep + 1}/${reps} ours on PostgreSQL: ${r.error ? `ERROR ${r.error.split('\n')[0]}` : describeStep(r.result?.steps[0])}`);
        runs.push(r);
      }
      if (size === tmpfsAt && targets.includes('ours')) {
        const steps = [{ ratePerClient: PLAN.rate, warmupMs: PLAN.warmupMs, windowMs: PLAN.windowMs }];
        const r: Run = { kind: 'ours-tmpfs', rooms: size, rep, ...(await loadRun('ours-tmpfs', size, steps)) };
        log(`rooms ${size} rep ${rep + 1}/${reps} ours, data on tmpfs: ${r.error ? `ERROR ${r.error.split('\n')[0]}` : describeStep(r.result?.steps[0], r.walMaxMb)}`);
        runs.push(r);
      }
    }
  }
  if (PLAN.sizes.includes(sustainedAt) && targets.includes('ours')) {
    const steps = [{ ratePerClient: PLAN.rate, warmupMs: PLAN.warmupMs, windowMs: SUSTAINED_S * 1000 }];
    const r: Run = { kind: 'ours-sustained', rooms: sustainedAt, rep: 0, ...(await loadRun('ours-sustained', sustainedAt, steps)) };
    log(`rooms ${sustainedAt}, ${SUSTAINED_S} s window, ours: ${r.error ? `ERROR ${r.error.split('\n')[0]}` : describeStep(r.result?.steps[0], r.walMaxMb)}`);
    runs.push(r);
  }
  return runs;
}

async function saturationSection(): Promise<Run[]> {
  const runs: Run[] = [];
  const satTargets = targets.filter((t) => t !== 'peer');
  const steps = PLAN.sat.rates.map((rate) => ({ ratePerClient: rate, warmupMs: PLAN.sat.warmupMs, windowMs: PLAN.sat.windowMs }));
  for (let rep = 0; rep < reps; rep++) {
    for (const kind of rotate(satTargets, rep)) {
      const r: Run = { kind, rooms: PLAN.sat.rooms, rep, ...(await loadRun(kind, PLAN.sat.rooms, steps, { stopP99Ms: SAT_P99_MS, drainMs: 2000 })) };
      const best = bestStep(r);
      log(`saturation rep ${rep + 1}/${reps} ${kind.padEnd(5)}: ${r.error ? `ERROR ${r.error.split('\n')[0]}` : `${r.result?.steps.map((s) => `${fmtInt(s.offered)}→p99 ${fmt(s.latency.p99)}${s.valid ? '' : '*'}`).join(', ')}; best ${best.any ? fmtInt(best.any.ackedPerS) : '–'} ops/s${r.result?.stoppedEarly ? ` (stopped: ${r.result.stoppedEarly})` : ''}`}`);
      runs.push(r);
    }
  }
  return runs;
}

/** Highest step with p99 under the limit and nothing lost; `valid` also asks a valid generator. */
function bestStep(r: Run): { valid?: StepResult; any?: StepResult } {
  const ok = (s: StepResult) => s.latency.p99 < SAT_P99_MS && s.lost <= s.sent * 0.001 && s.ackedPerS >= s.offered * 0.95;
  const steps = r.result?.steps ?? [];
  let valid: StepResult | undefined;
  let any: StepResult | undefined;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (!ok(s)) {
      // A failed step is repeated once; the repeat decides.
      if (steps[i + 1]?.ratePerClient === s.ratePerClient) continue;
      break;
    }
    any = s;
    if (s.valid) valid = s;
  }
  return { valid, any };
}

async function memorySection(): Promise<Run[]> {
  const runs: Run[] = [];
  for (const kind of PLAN.memoryTargets.filter((t) => targets.includes(t))) {
    const r: Run = { kind, rooms: PLAN.memoryRooms, rep: 0, ...(await loadRun(kind, PLAN.memoryRooms, [], { mode: 'memory' })) };
    const m = r.result?.memory;
    log(`memory ${kind.padEnd(5)}: ${r.error ? `ERROR ${r.error}` : m ? `base ${fmt(m.baseRssKb / 1024)} MB, ${m.rooms} rooms x1 ${fmt(m.oneClientRssKb / 1024)} MB, x2 ${fmt(m.twoClientsRssKb / 1024)} MB; ${fmt(m.perIdleRoomKb)} KB per idle room, ${fmt(m.perClientKb)} KB per client` : 'no data'}`);
    runs.push(r);
  }
  return runs;
}

interface ProfileRun {
  label: string;
  step?: StepResult;
  summary?: ProfileSummary;
  worker?: { busyMs: number };
  error?: string;
}

async function profileRun(label: string, rooms: number, rate: number): Promise<ProfileRun> {
  const dir = join(work, `prof-${++runN}`);
  mkdirSync(dir, { recursive: true });
  const r = await loadRun('ours', rooms, [{ ratePerClient: rate, warmupMs: 2000, windowMs: quick ? 3000 : 8000 }], { cpuProfDir: dir });
  const step = r.result?.steps[0];
  log(`profile ${label}: ${r.error ? `ERROR ${r.error}` : describeStep(step)}`);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread.
  const main = files.find((f) => f.split('.')[4] === '0');
  if (!main) return { label, step, error: `no CPU profile was written (${r.error ?? 'the server did not exit cleanly?'})` };
  const summary = summarizeProfile(join(dir, main), { fromUs: step?.monoStartUs, toUs: step?.monoEndUs, top: 15 });
  const others = files.filter((f) => f !== main).map((f) => summarizeProfile(join(dir, f), { fromUs: step?.monoStartUs, toUs: step?.monoEndUs }));
  const worker = others.length ? { busyMs: others.reduce((s, o) => s + o.busyMs, 0) } : undefined;
  const keep = join(ROOT, 'bench/results/profiles');
  mkdirSync(keep, { recursive: true });
  writeFileSync(join(keep, `${label.replace(/\W+/g, '-')}.cpuprofile`), readFileSync(join(dir, main)));
  return { label, step, summary, worker };
}

interface GarbageResult {
  /** Which server: ours, or the bare relay for scale (its ws framing and sockets are the floor). */
  target: 'ours' | 'relay';
  rooms: number;
  opsPerS: number;
  /** Bytes allocated on the server's heap per acked op in the window. */
  bytesPerOp: number;
  collections: number;
  step?: StepResult;
  error?: string;
}

/** Garbage per op: a server with --trace-gc at 500 rooms x 2 x 5 ops/s; see lib/gc-trace.ts. */
async function garbageRun(target: 'ours' | 'relay', rooms: number, rate: number): Promise<GarbageResult> {
  const r = await loadRun(target, rooms, [{ ratePerClient: rate, warmupMs: 2000, windowMs: quick ? 3000 : 8000 }], { anyNodeArgs: ['--trace-gc'] });
  const step = r.result?.steps[0];
  if (!step || r.error || r.serverStartMonoUs === undefined) return { target, rooms, opsPerS: rooms * 2 * rate, bytesPerOp: NaN, collections: 0, step, error: r.error ?? 'no result' };
  const events = parseGcTrace(r.serverLog);
  // The isolate's clock starts with the process (a few ms later: a bias under 1% of the window).
  const from = (step.monoStartUs - r.serverStartMonoUs) / 1000;
  const to = (step.monoEndUs - r.serverStartMonoUs) / 1000;
  const { bytes, collections } = allocatedBetween(events, from, to);
  const ops = step.ackedPerS * step.windowS;
  const res: GarbageResult = { target, rooms, opsPerS: rooms * 2 * rate, bytesPerOp: ops ? bytes / ops : NaN, collections, step };
  log(`garbage ${target} ${rooms} rooms: ${(res.bytesPerOp / 1024).toFixed(1)} KB per op over ${collections} collections (${describeStep(step)})`);
  return res;
}

interface CommitResult {
  sessions: number;
  events: number;
  migrated: string;
  variants: { name: string; batch: number; usPerEvent: number; walBytesPerEvent: number; checkpointUsPerEvent: number }[];
}

async function commitSection(): Promise<CommitResult | null> {
  try {
    const out = await runNode(join(ROOT, 'bench/commit.ts'), ['--events', String(PLAN.commitEvents)], { core: SERVER_CORE, timeoutMs: 180_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as CommitResult;
    for (const v of r.variants) log(`commit ${v.name} (batch ${v.batch}): ${fmt(v.usPerEvent)} µs/event, ${fmtInt(v.walBytesPerEvent)} WAL bytes/event, checkpoint ${fmt(v.checkpointUsPerEvent)} µs/event`);
    return r;
  } catch (err) {
    log(`commit: ERROR ${(err as Error).message}`);
    return null;
  }
}

async function replaySection(): Promise<Record<string, unknown> | null> {
  try {
    const out = await runNode(join(ROOT, 'bench/replay.ts'), [], { core: SERVER_CORE, nodeArgs: ['--expose-gc'], timeoutMs: 120_000 });
    const r = JSON.parse(out.trim().split("\n").pop()!) as Record<string, number> & { retainedKb: number };
    log(`replay: ${r.events} events, first fold ${fmt(r.firstMs)} ms, median ${fmt(r.medianMs)} ms (read+parse ${fmt(r.readParseMs)}, fold ${fmt(r.foldOnlyMs)}), ${fmt((r.retainedKb ?? NaN) / 1024)} MB retained`);
    return r;
  } catch (err) {
    log(`replay: ERROR ${(err as Error).message}`);
    return null;
  }
}

async function httpSection(accounts: AccountsFile): Promise<HttpRouteResult[] | null> {
  const dataDir = freshDataDir(template, join(work, `http-${++runN}`));
  const target = await startTarget('ours', { dataDir, nodeArgs: serverNodeArgs });
  try {
    const a = accounts.rooms[0]!;
    const cfg = {
      base: `http://127.0.0.1:${target.port}`,
      serverPid: target.pid,
      cookie: a.cookies[0],
      seconds: PLAN.httpSeconds,
      connections: 10,
      routes: [
        { name: 'GET /api/health', path: '/api/health' },
        { name: 'GET /api/problems', path: '/api/problems' },
        { name: 'GET /api/sessions/:id', path: `/api/sessions/${a.sessionId}` },
      ],
    };
    const out = await runNode(join(ROOT, 'bench/http.ts'), [JSON.stringify(cfg)], { core: LOAD_CORE, timeoutMs: 120_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as HttpRouteResult[];
    for (const x of r) log(`http ${x.name}: ${fmtInt(x.reqPerS)} req/s, p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, server CPU ${fmt(x.serverCpuFrac * 100, 0)}% (${fmt(x.serverUsPerReq)} µs/request), ${x.errors} errors, ${x.non2xx} non-2xx`);
    return r;
  } catch (err) {
    log(`http: ERROR ${(err as Error).message}`);
    return null;
  } finally {
    await target.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function coldSection(): Promise<{ freshMs: number[]; existingMs: number[] }> {
  const freshMs: number[] = [];
  const existingMs: number[] = [];
  for (let i = 0; i < PLAN.coldReps; i++) {
    const dir = join(work, `cold-${i}`);
    const a = await startTarget('ours', { dataDir: dir });
    freshMs.push(a.startMs);
    await a.stop();
    const b = await startTarget('ours', { dataDir: dir });
    existingMs.push(b.startMs);
    await b.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  log(`cold start: new data directory ${fmt(median(freshMs), 0)} ms, existing ${fmt(median(existingMs), 0)} ms (medians of ${PLAN.coldReps})`);
  return { freshMs, existingMs };
}

// ------------------------------------------------------------------------------------------------
// Aggregation

interface Agg {
  kind: Label;
  rooms: number;
  runs: number;
  valid: number;
  ackedPerS: number;
  offered: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  usPerOp: number;
  mainUsPerOp: number;
  sysFrac: number;
  hwmMb: number;
  walMaxMb: number;
  lostErrors: number;
  genCpu: number;
  /** Medians of ratios within a rep: ours / relay (throughput, p99), ours / peer (CPU, p99). */
  vsRelayThroughput?: number;
  vsRelayP99?: number;
  vsRelayCpu?: number;
  vsPeerCpu?: number;
  vsPeerP99?: number;
}

function aggregate(runs: Run[]): Agg[] {
  const out: Agg[] = [];
  const final = runs.filter((r) => !runs.some((o) => o !== r && o.retryOf && o.kind === r.kind && o.rooms === r.rooms && o.rep === r.rep && runs.indexOf(o) > runs.indexOf(r)));
  const labels: Label[] = [...targets, ...(['ours-b', 'ours-pg', 'ours-tmpfs', 'ours-sustained'] as const).filter((l) => runs.some((r) => r.kind === l))];
  for (const size of PLAN.sizes) {
    for (const kind of labels) {
      const all = runs.filter((r) => r.kind === kind && r.rooms === size);
      if (!all.length) continue;
      const valid = all.filter(stepValid);
      const use = valid.length ? valid : all.filter((r) => r.result?.steps[0]);
      const st = (f: (s: StepResult, r: Run) => number) => median(use.map((r) => f(r.result!.steps[0]!, r)));
      const ratio = (other: TargetKind, f: (s: StepResult) => number) =>
        median(
          Array.from({ length: reps }, (_, rep) => {
            const a = final.find((r) => r.kind === kind && r.rooms === size && r.rep === rep);
            const b = final.find((r) => r.kind === other && r.rooms === size && r.rep === rep);
            return stepValid(a) && stepValid(b) ? f(a!.result!.steps[0]!) / f(b!.result!.steps[0]!) : NaN;
          }),
        );
      out.push({
        kind,
        rooms: size,
        runs: all.length,
        valid: valid.length,
        ackedPerS: st((s) => s.ackedPerS),
        offered: st((s) => s.offered),
        p50: st((s) => s.latency.p50),
        p95: st((s) => s.latency.p95),
        p99: st((s) => s.latency.p99),
        max: st((s) => s.latency.max),
        usPerOp: st((s) => s.serverUsPerOp),
        mainUsPerOp: st((s) => s.serverMainUsPerOp),
        sysFrac: st((s) => s.serverSysFrac),
        hwmMb: st((_, r) => r.result!.serverHwmKb / 1024),
        walMaxMb: st((_, r) => r.walMaxMb ?? NaN),
        lostErrors: st((s, r) => s.lost + s.errors + r.result!.unexpectedCloses),
        genCpu: st((s) => s.genCpuFrac),
        ...(targetOf(kind) === 'ours'
          ? {
              vsRelayThroughput: ratio('relay', (s) => s.ackedPerS),
              vsRelayP99: ratio('relay', (s) => s.latency.p99),
              vsRelayCpu: ratio('relay', (s) => s.serverUsPerOp),
              vsPeerCpu: ratio('peer', (s) => s.serverUsPerOp),
              vsPeerP99: ratio('peer', (s) => s.latency.p99),
            }
          : {}),
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Report

interface Bar {
  bar: string;
  measured: string;
  verdict: 'met' | 'MISSED' | 'n/a';
  by?: string;
}

function verdict(value: number, limit: number, lowerIsBetter: boolean, unit: string): Pick<Bar, 'verdict' | 'by'> {
  if (!Number.isFinite(value)) return { verdict: 'n/a' };
  const met = lowerIsBetter ? value <= limit : value >= limit;
  if (met) return { verdict: 'met' };
  const diff = Math.abs(value - limit);
  return { verdict: 'MISSED', by: `${fmt(diff, unit === 'ops/s' ? 0 : 1)} ${unit} (${fmt((diff / limit) * 100, 0)}% ${lowerIsBetter ? 'over' : 'under'})` };
}

function table(head: string[], rows: (string | number)[][]): string {
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const m = machine();
  const started = new Date();
  const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  log(`Mockroom benchmarks (${quick ? 'quick' : 'full'}): ${describeMachine(m)}`);
  log(`load average at start: ${m.loadAvg.map((x) => x.toFixed(2)).join(' ')}`);
  if (!m.taskset) log('taskset is not available (util-linux): processes run unpinned and figures are noisier');
  else if (m.nproc < 2) log('fewer than 2 CPUs: server and load generator share a core');
  ensureBuilt(log);

  const notes: string[] = [];
  const needAccounts = (['rooms', 'saturation', 'memory', 'profile', 'garbage', 'http'] as const).some(wants);
  let accounts: AccountsFile | null = null;
  if (needAccounts) {
    const rooms = Math.max(
      1,
      ...(wants('rooms') ? PLAN.sizes : []),
      wants('saturation') ? PLAN.sat.rooms : 0,
      wants('memory') ? PLAN.memoryRooms : 0,
      wants('profile') ? Math.max(PLAN.profileRooms, quick ? 0 : 500) : 0,
      wants('garbage') ? 500 : 0,
    );
    log(`preparing ${rooms} rooms: ${rooms * 2} accounts register, create and join paired sessions…`);
    const srv = await startTarget('ours', { dataDir: template, core: null });
    try {
      accounts = await prepareAccounts(`http://127.0.0.1:${srv.port}`, rooms);
    } finally {
      await srv.stop();
    }
    writeFileSync(accountsFile, JSON.stringify(accounts));
    log(`accounts ready`);
    const p = (accounts as AccountsFile & { problems?: { serverErrors: number; samples: string[] } }).problems;
    if (p?.serverErrors) {
      log(`the server answered ${p.serverErrors} setup requests with a 5xx (retried): ${p.samples[0] ?? ''}`);
      notes.push(`Setup: the server answered ${p.serverErrors} of the account/session requests with a 5xx (they were retried), e.g. ${p.samples.join(' | ')}`);
    }
  }

  if (wants('rooms') && pgAt > 0 && PLAN.sizes.includes(pgAt) && targets.includes('ours')) {
    try {
      log('starting a PostgreSQL cluster (durable settings, pinned to the server core) and preparing its template database…');
      pgCluster = await startCluster({ durable: true, core: hasTaskset() ? SERVER_CORE : undefined });
      await pgAdmin(`CREATE DATABASE ${PG_TEMPLATE}`);
      const srv = await startTarget('ours', { dataDir: mkdtempSync(join(work, 'pg-template-')), core: null, env: { DATABASE_URL: pgUrl(PG_TEMPLATE) } });
      try {
        writeFileSync(accountsPgFile, JSON.stringify(await prepareAccounts(`http://127.0.0.1:${srv.port}`, pgAt)));
      } finally {
        await srv.stop();
      }
      log('PostgreSQL ready');
    } catch (err) {
      log(`PostgreSQL could not be prepared, carrying on without it: ${(err as Error).message.split('\n')[0]}`);
      notes.push(`Ours on PostgreSQL was skipped: ${(err as Error).message.split('\n')[0]}`);
      pgCluster?.stop();
      pgCluster = null;
    }
  }

  if (targets.includes('peer') && (wants('rooms') || wants('memory'))) {
    const peer = ensurePeer(log);
    if (peer.ok) peerNote = peer.version;
    else {
      peerNote = `not available: ${peer.reason}`;
      log(`peer reference (y-websocket) cannot be installed or run here: ${peer.reason}; carrying on without it`);
      notes.push(`The peer reference could not be installed or run: ${peer.reason}`);
      targets = targets.filter((t) => t !== 'peer');
    }
  }

  const retries = { n: PLAN.retries };
  const roomRuns = wants('rooms') ? await roomsSection(retries) : [];
  const satRuns = wants('saturation') ? await saturationSection() : [];
  const memRuns = wants('memory') ? await memorySection() : [];
  const agg = aggregate(roomRuns);
  const ours = (n: number) => agg.find((a) => a.kind === 'ours' && a.rooms === n);

  // Saturation per target: the median over runs of the best step.
  const satBest = (kind: Label) => {
    const rs = satRuns.filter((r) => r.kind === kind);
    const best = rs.map(bestStep);
    return {
      runs: rs.length,
      validOps: median(best.map((b) => b.valid?.ackedPerS ?? NaN)),
      anyOps: median(best.map((b) => b.any?.ackedPerS ?? NaN)),
      anyP99: median(best.map((b) => b.any?.latency.p99 ?? NaN)),
      anyUsPerOp: median(best.map((b) => b.any?.serverUsPerOp ?? NaN)),
      anyGen: median(best.map((b) => b.any?.genCpuFrac ?? NaN)),
    };
  };

  const bars: Bar[] = [];
  const o500 = ours(500);
  const o1000 = ours(1000);
  if (o500) {
    bars.push({ bar: `500 rooms: p99 ≤ ${BARS.p99At500Ms} ms`, measured: `${fmt(o500.p99, 2)} ms`, ...verdict(o500.p99, BARS.p99At500Ms, true, 'ms') });
    bars.push({ bar: `500 rooms: server CPU ≤ ${BARS.usPerOpAt500} µs/op`, measured: `${fmt(o500.usPerOp)} µs/op`, ...verdict(o500.usPerOp, BARS.usPerOpAt500, true, 'µs/op') });
    bars.push({ bar: `500 rooms: RSS ≤ ${BARS.rssAt500Mb} MB`, measured: `${fmt(o500.hwmMb)} MB peak`, ...verdict(o500.hwmMb, BARS.rssAt500Mb, true, 'MB') });
  }
  const sus = agg.find((a) => a.kind === 'ours-sustained');
  if (sus) bars.push({ bar: `500 rooms, ${SUSTAINED_S} s window: p99 ≤ ${BARS.p99At500Ms} ms`, measured: `${fmt(sus.p99, 2)} ms (max ${fmt(sus.max, 0)} ms, WAL up to ${fmt(sus.walMaxMb, 0)} MB)`, ...verdict(sus.p99, BARS.p99At500Ms, true, 'ms') });
  if (o1000) bars.push({ bar: `1,000 rooms: p99 ≤ ${BARS.p99At1000Ms} ms`, measured: `${fmt(o1000.p99, 2)} ms`, ...verdict(o1000.p99, BARS.p99At1000Ms, true, 'ms') });
  if (satRuns.some((r) => r.kind === 'ours')) {
    const s = satBest('ours');
    bars.push({
      bar: `≥ ${fmtInt(BARS.saturationOps)} ops/s with p99 < ${SAT_P99_MS} ms`,
      measured: `${fmtInt(s.anyOps)} ops/s (p99 ${fmt(s.anyP99)} ms); with a valid generator: ${fmtInt(s.validOps)} ops/s`,
      ...verdict(s.anyOps, BARS.saturationOps, false, 'ops/s'),
    });
  }
  const peerAt = PLAN.sizes.includes(500) ? 500 : PLAN.sizes[0]!;
  const op = ours(peerAt);
  const pp = agg.find((a) => a.kind === 'peer' && a.rooms === peerAt);
  if (op && pp) {
    bars.push({
      bar: `${peerAt} rooms: CPU/op ≤ 2/3 of y-websocket's`,
      measured: `${fmt(op.vsPeerCpu, 2)}x (${fmt(op.usPerOp)} vs ${fmt(pp.usPerOp)} µs/op)`,
      ...verdict(op.vsPeerCpu ?? NaN, BARS.peerCpuRatio, true, 'x'),
    });
    bars.push({
      bar: `${peerAt} rooms: p99 ≥ 10x lower than y-websocket's`,
      measured: `${fmt(op.vsPeerP99 ? 1 / op.vsPeerP99 : NaN)}x lower (${fmt(op.p99, 2)} vs ${fmt(pp.p99, 2)} ms)`,
      ...verdict(op.vsPeerP99 ? 1 / op.vsPeerP99 : NaN, BARS.peerP99Factor, false, 'x'),
    });
  }

  // Profile the server where a load bar is missed (or when asked).
  const profiles: ProfileRun[] = [];
  const loadMissed = bars.some((b) => b.verdict === 'MISSED' && !b.bar.startsWith('500 rooms: RSS'));
  if (forceProfile || only?.has('profile') || (!only && !quick && loadMissed)) {
    profiles.push(await profileRun(`ours ${PLAN.profileRooms} rooms x 2 x ${PLAN.rate} ops per s`, PLAN.profileRooms, PLAN.rate));
    const satBar = bars.find((b) => b.bar.includes('ops/s with p99'));
    if (!quick && (satBar?.verdict === 'MISSED' || forceProfile)) profiles.push(await profileRun('ours 500 rooms x 2 x 15 ops per s', 500, 15));
  }

  const garbage = wants('garbage') ? await garbageRun('ours', 500, PLAN.rate) : null;
  const relayGarbage = garbage && targets.includes('relay') ? await garbageRun('relay', 500, PLAN.rate) : null;
  if (garbage) {
    const relayNote = relayGarbage && Number.isFinite(relayGarbage.bytesPerOp) ? `; the bare relay ${fmt(relayGarbage.bytesPerOp / 1024, 1)} KB, ours ${fmt(garbage.bytesPerOp / relayGarbage.bytesPerOp, 2)}x it` : '';
    bars.push({
      bar: `500 rooms: garbage ≤ ${BARS.garbageKbPerOp} KB per op`,
      measured: Number.isFinite(garbage.bytesPerOp) ? `${fmt(garbage.bytesPerOp / 1024, 1)} KB (${garbage.collections} collections in the window${relayNote})` : `not measured: ${garbage.error}`,
      ...verdict(garbage.bytesPerOp / 1024, BARS.garbageKbPerOp, true, 'KB'),
    });
  }

  const commit = wants('commit') ? await commitSection() : null;
  const replay = wants('replay') ? await replaySection() : null;
  if (replay) bars.push({ bar: `replay 10,000 events < ${BARS.replayMs} ms`, measured: `${fmt(replay.medianMs as number)} ms median, ${fmt(replay.firstMs as number)} ms first (cold)`, ...verdict(Math.max(replay.medianMs as number, replay.firstMs as number), BARS.replayMs, true, 'ms') });
  const http = wants('http') && accounts ? await httpSection(accounts) : null;
  let web: WebBudget | null = null;
  if (wants('web')) {
    web = measureWeb();
    log(`web: first-load JavaScript ${fmt(web.firstLoadGzipKb)} KB gzipped (${web.firstLoad.length} files), budget ${web.budgetKb} KB: ${web.ok ? 'ok' : 'OVER'}`);
    bars.push({ bar: `web first-load JS < ${BARS.webKb} KB gzipped`, measured: `${fmt(web.firstLoadGzipKb)} KB`, ...verdict(web.firstLoadGzipKb, BARS.webKb, true, 'KB') });
  }
  const cold = wants('cold') ? await coldSection() : null;

  // ---------------------------------------------------------------- the report
  const invalid = [...roomRuns, ...satRuns].filter((r) => r.error || r.result?.steps.some((s) => !s.valid));
  const md: string[] = [];
  const minutes = (performance.now() - t0) / 60_000;
  md.push(`Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\` (${quick ? 'quick' : 'full'}, ${fmt(minutes)} minutes).`);
  md.push('');
  md.push(`Machine: ${describeMachine(m)}; load average at start ${m.loadAvg.map((x) => x.toFixed(2)).join(' ')} (the machine is shared, so figures are noisy). ${m.taskset ? 'Servers pinned to core 0, load generators to core 1 (taskset).' : 'taskset missing: unpinned.'}`);
  md.push(`Our server runs as \`npm start\` runs it: \`node ${[...START_NODE_FLAGS, 'dist/server/main.js'].join(' ')}\`. Peer reference: ${peerNote || 'not run'}.${serverNodeArgs.length ? ` What-if run: our server started with \`node ${serverNodeArgs.join(' ')}\`.` : ''}`);
  md.push('');
  md.push('### Bars (DESIGN §8)');
  md.push('');
  md.push(table(['bar', 'measured', 'verdict'], bars.map((b) => [b.bar, b.measured, b.verdict === 'MISSED' ? `**missed** by ${b.by}` : b.verdict])));
  md.push('');
  if (agg.length) {
    md.push(`### Room load: rooms x 2 clients x ${PLAN.rate} ops/s (median of ${reps} interleaved runs, valid runs only)`);
    md.push('');
    md.push(
      table(
        ['rooms', 'server', 'acked ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU µs/op (kernel)', 'main thread µs/op', 'peak RSS MB', 'WAL peak MB', 'lost+errors', 'valid runs', 'vs relay: throughput, p99, CPU/op', 'vs y-websocket: CPU/op, p99'],
        agg.map((a) => [
          a.rooms,
          labelText(a.kind),
          fmtInt(a.ackedPerS),
          fmt(a.p50, 2),
          fmt(a.p95, 2),
          fmt(a.p99, 2),
          fmt(a.max),
          `${fmt(a.usPerOp)} (${fmt(a.sysFrac * 100, 0)}%)`,
          fmt(a.mainUsPerOp),
          fmt(a.hwmMb),
          fmt(a.walMaxMb, 0),
          fmt(a.lostErrors, 0),
          `${a.valid}/${a.runs}`,
          targetOf(a.kind) === 'ours' ? `${fmtX(a.vsRelayThroughput, 2)}, ${fmtX(a.vsRelayP99, 1)}, ${fmtX(a.vsRelayCpu, 2)}` : '',
          targetOf(a.kind) === 'ours' ? `${fmtX(a.vsPeerCpu, 2)}, ${fmtX(a.vsPeerP99, 2)}` : '',
        ]),
      ),
    );
    md.push('');
    if (agg.some((a) => a.kind === 'ours-sustained')) md.push(`"ours, ${SUSTAINED_S} s window" is one run with a long window (the others measure ${PLAN.windowMs / 1000} s after ${PLAN.warmupMs / 1000} s of warm-up): long enough for the WAL to be rewound several times (at 128 MB) and for several major garbage collections.\n`);
    if (agg.some((a) => a.kind === 'ours-pg')) {
      md.push(
        '"ours on PostgreSQL" is the same server with `DATABASE_URL` set: a local PostgreSQL cluster (Debian\'s, durable settings: fsync and synchronous commit on) pinned to the server\'s core with it, and the CPU of its backends counted as the server\'s (µs/op is both processes together; RSS is the Node process only). One run per rep at 500 rooms.\n',
      );
    }
    if (agg.some((a) => a.kind === 'ours-tmpfs')) md.push('"ours, data on tmpfs" is a diagnostic: the same server with DATA_DIR in /dev/shm, so the difference to "ours" is what the disk costs (write-back of the WAL and the fsync in each checkpoint).\n');
    md.push('Latency is sender-to-peer (op sent → `event` received by the other client of the room), measured in the generator process that owns both clients. CPU is the server process\'s utime+stime over the window divided by the acks in it; "kernel" is the stime share (loopback TCP is paid there); "main thread" is the event loop\'s own share (with the kernel time of its syscalls), the rest being the checkpointer thread and other threads. Peak RSS is VmHWM at the end of the run. WAL peak is the largest size of the server\'s -wal file during the run, sampled every 200 ms (past 128 MB of live WAL the main thread finishes a checkpoint, 1-20 ms, and its next commit rewinds the WAL).');
    md.push('');
  }
  if (satRuns.length) {
    md.push(`### Saturation: ${PLAN.sat.rooms} rooms x 2 clients, rate stepped up until p99 passes ${SAT_P99_MS} ms`);
    md.push('');
    const kinds = [...new Set(satRuns.map((r) => r.kind))];
    md.push(
      table(
        ['server', 'runs', 'highest acked ops/s with p99 < 50 ms', 'p99 there ms', 'CPU µs/op there', 'generator CPU there', 'same, generator ≤ 50% of its core'],
        kinds.map((k) => {
          const s = satBest(k);
          return [k, s.runs, fmtInt(s.anyOps), fmt(s.anyP99), fmt(s.anyUsPerOp), `${fmt(s.anyGen * 100, 0)}%`, fmtInt(s.validOps)];
        }),
      ),
    );
    md.push('');
    md.push('Steps per run (offered ops/s → acked ops/s, p99 ms, µs/op; * = generator over 50% of its core or lagging):');
    md.push('');
    for (const r of satRuns) {
      md.push(`- ${r.kind} rep ${r.rep + 1}: ${r.error ? `error: ${r.error.split('\n')[0]}` : (r.result?.steps ?? []).map((s) => `${fmtInt(s.offered)} → ${fmtInt(s.ackedPerS)}, ${fmt(s.latency.p99)}, ${fmt(s.serverUsPerOp)}${s.valid ? '' : '*'}`).join('; ')}${r.result?.stoppedEarly ? ` (stopped: ${r.result.stoppedEarly})` : ''}`);
    }
    md.push('');
  }
  if (memRuns.length) {
    md.push(`### Memory with ${PLAN.memoryRooms.toLocaleString('en-US')} rooms loaded`);
    md.push('');
    md.push(
      table(
        ['server', 'RSS at start MB', 'after warm-up MB', '1 client per room MB', '2 clients per room MB', 'per idle room KB', 'per client KB', 'idle CPU, all connected'],
        memRuns.map((r) => {
          const x = r.result?.memory;
          return x
            ? [r.kind, fmt(x.baseRssKb / 1024), fmt(x.afterWarmRssKb / 1024), fmt(x.oneClientRssKb / 1024), fmt(x.twoClientsRssKb / 1024), fmt(x.perIdleRoomKb), fmt(x.perClientKb), `${fmt(x.idleCpuFrac * 100)}%`]
            : [r.kind, `error: ${r.error ?? '?'}`, '', '', '', '', '', ''];
        }),
      ),
    );
    md.push('');
    md.push(`Rooms are loaded by their first client (a room unloads when its last client leaves); "per idle room" is the growth from one client in each of the rooms minus one client's share. The first ${memRuns[0]?.result?.memory?.warmRooms ?? 50} rooms warm the server up and are not counted.`);
    md.push('');
  }
  if (commit) {
    md.push(`### Group commit in isolation (\`bench/commit.ts\`: ${commit.sessions} live sessions, ${fmtInt(commit.events)} events, on the server core)`);
    md.push('');
    const base = commit.variants[0]!;
    md.push(
      table(
        ['events table', 'events per transaction', 'µs per event (writing thread)', 'WAL bytes per event', 'checkpoint µs per event', 'writer + checkpoint vs as migrated'],
        commit.variants.map((v) => [v.name, v.batch, fmt(v.usPerEvent), fmtInt(v.walBytesPerEvent), fmt(v.checkpointUsPerEvent), `${fmt((v.usPerEvent + v.checkpointUsPerEvent) / (base.usPerEvent + base.checkpointUsPerEvent), 2)}x`]),
      ),
    );
    md.push('');
    md.push(`As migrated today: ${commit.migrated}.`);
    md.push('');
    md.push('`EventLog.commit` with the real statements; events from random live sessions, a few per transaction as group commit makes them at 5,000 ops/s. Every transaction appends each page it dirtied to the WAL, and the checkpointer copies them back: keyed by (session, seq), each event dirties pages of its own session in the table and in the op_id index; appended in commit order, the events of a transaction share pages.');
    md.push('');
  }
  if (replay) {
    md.push('### Replay');
    md.push('');
    md.push(`${replay.events} events (${Object.entries(replay.kinds as Record<string, number>).map(([k, n]) => `${n} ${k}`).join(', ')}; ${fmt((replay.dataBytes as number) / 1024 / 1024, 2)} MB of event data), read from SQLite through \`EventLog.all\` and folded with \`Room.fold\`: first (cold page cache) ${fmt(replay.firstMs as number)} ms, then median ${fmt(replay.medianMs as number)} ms, p95 ${fmt(replay.p95Ms as number)} ms over ${replay.runs} runs; read and parse alone ${fmt(replay.readParseMs as number)} ms, fold alone ${fmt(replay.foldOnlyMs as number)} ms. The folded room keeps ${fmt((replay.retainedKb as number) / 1024, 2)} MB of heap.`);
    md.push('');
  }
  if (http) {
    md.push(`### HTTP (autocannon, 10 connections, ${PLAN.httpSeconds} s per route, signed in)`);
    md.push('');
    md.push(table(['route', 'requests/s', 'p50 ms', 'p99 ms', 'max ms', 'server CPU', 'µs per request', 'errors', 'non-2xx'], http.map((h) => [h.name, fmtInt(h.reqPerS), h.p50Ms, h.p99Ms, h.maxMs, `${fmt(h.serverCpuFrac * 100, 0)}%`, fmt(h.serverUsPerReq), h.errors, h.non2xx])));
    md.push('');
  }
  if (web) {
    md.push('### Web first load');
    md.push('');
    md.push(table(['file', 'KB', 'KB gzipped'], [...web.firstLoad.map((f) => [f.file, fmt(f.bytes / 1024), fmt(f.gzip / 1024)]), ['**first-load JavaScript**', fmt(web.firstLoadRawKb), `**${fmt(web.firstLoadGzipKb)}**`]]));
    md.push('');
    md.push(`Not counted (lazy chunks): ${web.lazy.length} files, ${fmt(web.lazyGzipKb)} KB gzipped. First-load CSS: ${fmt(web.cssGzipKb)} KB gzipped. \`npm run bench -- --only web\` or \`node --import tsx bench/web-budget.ts\` (exits 1 over budget).`);
    md.push('');
  }
  if (cold) {
    md.push('### Cold start');
    md.push('');
    md.push(`\`node dist/server/main.js\` spawned until \`GET /api/health\` answers, pinned to core 0: new data directory (migrations, problem import) median ${fmt(median(cold.freshMs), 0)} ms (${cold.freshMs.map((x) => x.toFixed(0)).join(', ')}); existing data directory median ${fmt(median(cold.existingMs), 0)} ms (${cold.existingMs.map((x) => x.toFixed(0)).join(', ')}).`);
    md.push('');
  }
  for (const p of profiles) {
    md.push(`### CPU profile: ${p.label}`);
    md.push('');
    if (!p.summary) {
      md.push(p.error ?? 'no profile');
      md.push('');
      continue;
    }
    md.push(`Under \`node --cpu-prof\` (which slows it down): ${describeStep(p.step)}. Main thread, ${p.summary.windowed ? 'measurement window only' : 'whole run'}: ${fmt(p.summary.busyMs, 0)} ms busy in ${fmt(p.summary.spanMs, 0)} ms${p.worker ? `; other threads (checkpointer) ${fmt(p.worker.busyMs, 0)} ms` : ''}.`);
    md.push('');
    md.push(table(['self ms', 'share', 'function', 'where'], p.summary.top.map((r) => [fmt(r.selfMs, 0), `${fmt(r.pct)}%`, `\`${r.fn}\``, r.where || ''])));
    md.push('');
    md.push('By area: ' + p.summary.byArea.slice(0, 12).map((a) => `${a.area} ${fmt(a.pct)}%`).join(', ') + '.');
    md.push('');
  }
  if (invalid.length) {
    md.push('### Runs marked invalid or failed');
    md.push('');
    for (const r of invalid) {
      const why = r.error ?? r.result?.steps.filter((s) => !s.valid).map((s) => `${fmtInt(s.offered)} ops/s: ${s.invalid.join('; ')}`).join(' / ');
      md.push(`- ${labelText(r.kind)} ${r.rooms} rooms rep ${r.rep + 1}${r.retryOf ? ' (retry)' : ''}: ${why}`);
    }
    md.push('');
  }
  for (const r of [...roomRuns, ...satRuns, ...memRuns]) {
    if (r.result?.errorSamples.length || r.result?.connectErrorSamples.length) notes.push(`${r.kind} ${r.rooms} rooms rep ${r.rep + 1}: ${[...r.result.connectErrorSamples, ...r.result.errorSamples].slice(0, 3).join(' | ')}`);
    const warnings = r.serverLog.split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    if (targetOf(r.kind) === 'ours' && warnings.length) notes.push(`server logged ${warnings.length} warnings/errors during ${r.rooms} rooms rep ${r.rep + 1}, e.g. ${warnings[0]!.slice(0, 200)}`);
  }
  if (notes.length) {
    md.push('### Notes');
    md.push('');
    for (const n of [...new Set(notes)].slice(0, 20)) md.push(`- ${n}`);
    md.push('');
  }
  const report = md.join('\n');
  console.log('\n' + report);

  const resultsDir = join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  writeFileSync(join(resultsDir, `${stamp}${quick ? '-quick' : ''}.json`), JSON.stringify({ machine: m, command, quick, plan: PLAN, serverNodeArgs, bars, agg, roomRuns, satRuns, memRuns, garbage, relayGarbage, commit, replay, http, web, cold, profiles, notes }, null, 1));
  writeFileSync(join(resultsDir, 'latest.md'), report + '\n');
  if (writeReadme) {
    const readme = join(ROOT, 'bench/README.md');
    const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
    const start = '<!-- results:start -->';
    const end = '<!-- results:end -->';
    const block = `${start}\n${report}\n${end}`;
    const next = text.includes(start) && text.includes(end) ? text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length) : `${text}\n## Latest results\n\n${block}\n`;
    writeFileSync(readme, next);
    log('bench/README.md updated');
  }
  log(`results in bench/results/${stamp}${quick ? '-quick' : ''}.json and bench/results/latest.md`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    pgCluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });
