/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir (as the `postgres` user when we are
 * root: initdb and postgres refuse to run as root), a free port, a socket dir inside the temp dir,
 * trust auth on 127.0.0.1, durability off (the tests kill our server, never PostgreSQL). Torn down
 * with `stop()`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface PgCluster {
  /** A superuser URL to the `postgres` database. */
  url: string;
  port: number;
  dir: string;
  /** The postmaster's pid (its children are the backends). */
  pid: number;
  stop(): void;
}

/** Debian installs the server binaries outside PATH, by major version. */
export function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(base, versions[0]!, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : null;
}

export interface ClusterOptions {
  /** fsync and synchronous commit on, as operators run it (benchmarks); off for tests. */
  durable?: boolean;
  /** Pin the cluster's processes to this core (benchmarks), with taskset. */
  core?: number;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) {
    throw new Error('PostgreSQL is not installed: the server tests also run on PostgreSQL. Install it (Debian: apt-get install postgresql) or run `bash .ci/run`, which does.');
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'mockroom-pg-'));
  const run = (cmd: string, args: string[], core?: number) => {
    let argv = [join(bin, cmd), ...args];
    if (core !== undefined) argv = ['taskset', '-c', String(core), ...argv];
    if (asRoot) argv = ['runuser', '-u', 'postgres', '--', ...argv];
    return execFileSync(argv[0]!, argv.slice(1), { stdio: 'pipe' });
  };
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    ...(opts.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=300',
    '-c shared_buffers=64MB',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], opts.core);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    pid: Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
