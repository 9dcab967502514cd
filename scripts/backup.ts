/**
 * `npm run backup -- FILE [--force]`. With DATABASE_URL set (PostgreSQL): `pg_dump --format=custom`
 * into FILE, checked with `pg_restore --list` before it is renamed into place (docs/scale-out.md).
 *
 * Otherwise an online, consistent copy of DATA_DIR/mockroom.sqlite, safe
 * while the server runs. SQLite's backup API reads one snapshot from a separate connection (WAL
 * readers never block the server's writer); everything acknowledged before the copy started is in
 * it. The copy is written next to FILE, checked with integrity_check, switched to a single
 * self-contained file (journal_mode=DELETE) and only then renamed to FILE, so FILE is never half a
 * backup. Restore: stop the server, copy FILE to DATA_DIR/mockroom.sqlite, start (docs/self-hosting.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError, loadConfig } from '../server/config';
import { redactUrl } from '../server/store/postgres';

const USAGE =
  'Usage: npm run backup -- FILE [--force]\n  Copies DATA_DIR/mockroom.sqlite (or, with DATABASE_URL set, dumps the PostgreSQL database) to FILE while the server runs. --force overwrites FILE.';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const files = args.filter((a) => a !== '--force');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (files.length !== 1 || files[0]!.startsWith('-')) fail(USAGE, 2);

  let dataDir: string;
  let databaseUrl: string | null;
  try {
    ({ dataDir, databaseUrl } = loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`, 2);
    throw err;
  }
  if (databaseUrl) return backupPostgres(databaseUrl, resolve(files[0]!), force);
  const source = join(dataDir, 'mockroom.sqlite');
  const target = resolve(files[0]!);
  if (!existsSync(source)) fail(`No database at ${source}. Set DATA_DIR to the directory the server uses.`);
  if (target === source) fail('The backup must not overwrite the live database.');
  if (existsSync(target) && !force) fail(`${target} exists already. Choose another name or pass --force to overwrite it.`);

  const partial = `${target}.partial-${process.pid}`;
  const started = performance.now();
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // Copy every page in one step: one read transaction, one snapshot. Smaller steps would restart
    // from the beginning whenever the server commits in between.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (err) {
    rmSync(partial, { force: true });
    fail(`Backup failed: ${(err as Error).message}`);
  } finally {
    db.close();
  }

  let counts: Record<string, number>;
  const copy = new BetterSqlite3(partial, { fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity_check says: ${String(check)}`);
    // A single self-contained file: no -wal/-shm to carry along. The server turns WAL back on at start.
    copy.pragma('journal_mode = DELETE');
    counts = {};
    for (const table of ['users', 'sessions', 'events']) {
      counts[table] = (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    fail(`The copy did not verify, nothing was written to ${target}: ${(err as Error).message}`);
  }
  copy.close();
  renameSync(partial, target);

  const size = statSync(target).size;
  const ms = Math.round(performance.now() - started);
  console.log(
    `Backed up ${source} to ${target} (${(size / 1024 / 1024).toFixed(1)} MB, ${counts.users} users, ${counts.sessions} sessions, ${counts.events} events) in ${ms} ms.`,
  );
}

/** pg_dump/pg_restore from PATH, or from Debian's versioned directory (newest first). */
function pgTool(name: string): string {
  if (spawnSync(name, ['--version']).status === 0) return name;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const path = join(base, v, 'bin', name);
    if (existsSync(path)) return path;
  }
  fail(`${name} was not found. Install PostgreSQL's client tools (Debian: apt-get install postgresql-client), at least as new as the server.`);
}

async function backupPostgres(url: string, target: string, force: boolean) {
  if (existsSync(target) && !force) fail(`${target} exists already. Choose another name or pass --force to overwrite it.`);
  const started = performance.now();
  const partial = `${target}.partial-${process.pid}`;
  // A custom-format dump is one consistent snapshot (pg_dump reads in one repeatable-read transaction),
  // taken while the nodes keep writing.
  const dump = spawnSync(pgTool('pg_dump'), ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${url}`], { encoding: 'utf8' });
  if (dump.status !== 0) {
    rmSync(partial, { force: true });
    fail(`pg_dump failed, nothing was written to ${target}: ${(dump.stderr || dump.error?.message || '').trim()}`);
  }
  const list = spawnSync(pgTool('pg_restore'), ['--list', partial], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const tables = list.status === 0 ? ['users', 'sessions', 'events'].filter((t) => new RegExp(`TABLE DATA public ${t} `).test(list.stdout)) : [];
  if (tables.length !== 3) {
    rmSync(partial, { force: true });
    fail(`The dump did not verify (pg_restore --list), nothing was written to ${target}: ${(list.stderr || 'tables missing').trim()}`);
  }
  renameSync(partial, target);
  const size = statSync(target).size;
  const ms = Math.round(performance.now() - started);
  console.log(`Dumped ${redactUrl(url)} to ${target} (${(size / 1024 / 1024).toFixed(1)} MB, pg_dump custom format) in ${ms} ms. Restore with pg_restore (docs/scale-out.md).`);
}

await main();
