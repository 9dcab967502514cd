/**
 * The servers under load, each a child process pinned to core 0: Mockroom's built server, the bare
 * relay, and the y-websocket server (installed into bench/.peer, never a dependency of the app).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TargetKind } from './load-types';
import { freePort, ROOT, start, waitForHttp, type Child } from './proc';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export const SERVER_BUNDLE = join(ROOT, 'dist/server/main.js');
/** The Node flags `npm start` runs the server with: the bench measures what production runs. */
export const START_NODE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((a) => a.startsWith('--'));
})();
export const PEER_DIR = join(ROOT, 'bench/.peer');
export const PEER_SERVER = join(PEER_DIR, 'node_modules/@y/websocket-server/src/server.js');
export const PEER_YJS = join(PEER_DIR, 'node_modules/yjs/dist/yjs.mjs');
/**
 * @y/websocket-server 0.1.2+ depends on the yjs 14 prereleases through @y/protocols, whose peer
 * dependency (`@y/y@*`) npm cannot resolve (only prereleases exist); 0.1.1 is the latest release on
 * the stable yjs 13 line. Install scripts are skipped: persistence (leveldown) is not used.
 */
export const PEER_PACKAGES = ['@y/websocket-server@0.1.1', 'yjs@^13.6.0'];

export interface Target {
  kind: TargetKind;
  port: number;
  pid: number;
  child: Child;
  /** Milliseconds from spawn to the first successful health check. */
  startMs: number;
  stop(): Promise<void>;
}

function newest(dir: string): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds dist/server (and dist/web when missing) like `npm start` does: only when out of date. */
export function ensureBuilt(log: (s: string) => void): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) {
    log('building the web app (npm run build:web)…');
    execFileSync(npm, ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const bundle = existsSync(SERVER_BUNDLE) ? statSync(SERVER_BUNDLE).mtimeMs : 0;
  if (bundle < Math.max(newest(join(ROOT, 'server')), newest(join(ROOT, 'shared')))) {
    log('building the server (npm run build:server)…');
    execFileSync(npm, ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

export function peerInstalled(): boolean {
  return existsSync(PEER_SERVER) && existsSync(PEER_YJS);
}

/** Installs the peer reference into bench/.peer; returns why not when it cannot. */
export function ensurePeer(log: (s: string) => void): { ok: true; version: string } | { ok: false; reason: string } {
  if (!peerInstalled()) {
    log(`installing the peer reference into bench/.peer (${PEER_PACKAGES.join(' ')})…`);
    try {
      mkdirSync(PEER_DIR, { recursive: true });
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      execFileSync(npm, ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...PEER_PACKAGES], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      });
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      return { ok: false, reason: `npm install failed: ${(e.stderr?.toString() || e.message).trim().split('\n').slice(-3).join(' ')}` };
    }
    if (!peerInstalled()) return { ok: false, reason: 'npm install finished but the y-websocket server is missing' };
  }
  const v = (p: string) => (JSON.parse(readFileSync(join(PEER_DIR, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  return { ok: true, version: `@y/websocket-server ${v('@y/websocket-server')}, yjs ${v('yjs')}, ws ${v('ws')}` };
}

/** Copies the template data directory (accounts and sessions) into a fresh one for one run. */
export function freshDataDir(template: string, into: string): string {
  cpSync(template, into, { recursive: true });
  return into;
}

export interface StartOptions {
  /** Another build of ours (A/B runs); it must live under the repo so it finds node_modules. */
  bundle?: string;
  dataDir?: string;
  /** Core to pin to (default: the server core); null runs unpinned. */
  core?: number | null;
  /** Directory for a V8 CPU profile of the server (node --cpu-prof), written when it exits. */
  cpuProfDir?: string;
  env?: Record<string, string>;
  /** Extra node flags for our server (what-if runs, e.g. --max-semi-space-size=4). */
  nodeArgs?: string[];
  /** Node flags for whichever server it is (e.g. --trace-gc, to compare garbage with the relay). */
  anyNodeArgs?: string[];
}

export async function startTarget(kind: TargetKind, o: StartOptions = {}): Promise<Target> {
  const port = await freePort();
  const core = o.core === null ? undefined : (o.core ?? SERVER_CORE);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...o.env };
  delete env.NODE_OPTIONS;
  let child: Child;
  let health: string;
  const t0 = performance.now();
  if (kind === 'ours') {
    if (!o.dataDir) throw new Error('ours needs a data directory');
    const nodeArgs = [...START_NODE_FLAGS, ...(o.nodeArgs ?? []), ...(o.anyNodeArgs ?? []), ...(o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : [])];
    child = start(process.execPath, [...nodeArgs, o.bundle ? resolve(o.bundle) : SERVER_BUNDLE], {
      core,
      env: {
        ...env,
        DATA_DIR: o.dataDir,
        SCRYPT_LOG2N: '10',
        // Setup registers two accounts per room from 127.0.0.1.
        SIGNUP_LIMIT: '100000',
        LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
        PROBLEMS_DIR: join(ROOT, 'problems'),
        WEB_DIR: join(ROOT, 'dist/web'),
      },
    });
    health = `http://127.0.0.1:${port}/api/health`;
  } else if (kind === 'relay') {
    child = start(process.execPath, [...(o.anyNodeArgs ?? []), '--import', 'tsx', join(ROOT, 'bench/relay.ts')], { core, env });
    health = `http://127.0.0.1:${port}/health`;
  } else {
    child = start(process.execPath, [...(o.anyNodeArgs ?? []), PEER_SERVER], { core, env, cwd: PEER_DIR });
    health = `http://127.0.0.1:${port}/`;
  }
  try {
    await waitForHttp(health, child, 30_000, 5);
  } catch (err) {
    await child.stop(1000);
    throw err;
  }
  const startMs = performance.now() - t0;
  const stop = async () => {
    await child.stop(10_000);
    // Diagnostics: BENCH_SERVER_LOGS=dir keeps what each server printed (ours logs at warn).
    const dir = process.env.BENCH_SERVER_LOGS;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${kind}-${child.pid}.log`), child.output());
    }
  };
  return { kind, port, pid: child.pid, child, startMs, stop };
}
