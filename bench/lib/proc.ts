/**
 * Processes for the benchmarks: spawning pinned children, reading their CPU and memory from /proc,
 * and making sure every child dies with us (also on errors and Ctrl-C).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

let clkTckCache: number | undefined;
/** Clock ticks per second of /proc/PID/stat (USER_HZ). */
export function clkTck(): number {
  if (clkTckCache === undefined) {
    try {
      clkTckCache = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTckCache = 100;
    }
  }
  return clkTckCache;
}

/** utime and stime of a whole process (all its threads), or of one of its threads, in seconds. */
export function cpuTimes(pid: number, tck = clkTck(), tid?: number): { user: number; sys: number } {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) are utime and stime; fields[0] here is field 3 (state).
  return { user: Number(fields[11]) / tck, sys: Number(fields[12]) / tck };
}

/**
 * Time a core spent on tasks (user + nice + system) and stolen by the hypervisor, in seconds, from
 * /proc/stat. Interrupt and softirq time are left out: the kernel keeps them apart from any task.
 */
export function coreTimes(core: number, tck = clkTck()): { busy: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
  if (!line) return { busy: NaN, steal: NaN };
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (f[0]! + f[1]! + f[2]!) / tck, steal: (f[7] ?? 0) / tck };
}

/** utime + stime of a whole process, in seconds. */
export function cpuSeconds(pid: number, tck = clkTck()): number {
  const t = cpuTimes(pid, tck);
  return t.user + t.sys;
}

export interface MemStatus {
  rssKb: number;
  hwmKb: number;
}

/** Current (VmRSS) and peak (VmHWM) resident memory of a process. */
export function memStatus(pid: number): MemStatus {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

let tasksetOk: boolean | undefined;
export function hasTaskset(): boolean {
  if (tasksetOk === undefined) {
    const r = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    tasksetOk = r.status === 0;
  }
  return tasksetOk;
}

/** The command line with `taskset -c CORE` in front when taskset works (util-linux). */
export function pinned(core: number | undefined, cmd: string, args: string[]): [string, string[]] {
  if (core === undefined || !hasTaskset()) return [cmd, args];
  return ['taskset', ['-c', String(core), cmd, ...args]];
}

const children = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** What it printed (stdout and stderr), capped. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a child that is killed when this process exits, pinned to a core when asked. */
export function start(cmd: string, args: string[], opts: SpawnOptions & { core?: number; quiet?: boolean } = {}): Child {
  hookExit();
  const [c, a] = pinned(opts.core, cmd, args);
  const proc = spawn(c, a, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (!proc.pid) throw new Error(`could not start ${cmd}`);
  children.add(proc);
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => {
      children.delete(proc);
      res({ code, signal });
    }),
  );
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    pid: proc.pid,
    output: () => out,
    exited,
    alive,
    async stop(graceMs = 10_000) {
      if (!alive()) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => alive() && proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port that was free a moment ago on 127.0.0.1 (the tests' helper). */
export { freePort } from '../../test/helpers/ports';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls a URL until it answers 2xx; fails if the child exits or the time runs out. */
export async function waitForHttp(url: string, child: Child | undefined, timeoutMs = 30_000, intervalMs = 20): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (child && !child.alive()) throw new Error(`process exited before serving ${url}:\n${child.output().slice(-2000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - t0;
    } catch {
      /* not yet */
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${child?.output().slice(-2000) ?? ''}`);
    await sleep(intervalMs);
  }
}

/** Runs a node script (TypeScript through tsx) to completion, pinned, and returns its output. */
export async function runNode(script: string, args: string[], opts: { core?: number; nodeArgs?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const child = start(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
    core: opts.core,
    env: opts.env ?? process.env,
  });
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} failed (${code ?? signal}):\n${child.output().slice(-4000)}`);
  return child.output();
}

/** A process and its children (one level: PostgreSQL's postmaster and its backends), by /proc. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) is the second after the command name.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}
