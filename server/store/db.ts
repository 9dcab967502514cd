/**
 * Opens the database: the SQLite file (the default) with the pragmas every connection needs, or
 * PostgreSQL when DATABASE_URL names one; runs the migrations; and hands out the event log for it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type pg from 'pg';
import { SqliteEventLog, type EventLog } from './events';
import { migrationProvider, type Engine } from './migrations';
import { PgEventLog } from './pg-events';
import { openPool, postgresKysely, redactUrl, type PostgresOptions } from './postgres';
import type { Database } from './schema';

export type Sqlite = BetterSqlite3.Database;

interface StoreBase {
  engine: Engine;
  db: Kysely<Database>;
  events: EventLog;
  close(): Promise<void>;
}

export interface SqliteStore extends StoreBase {
  engine: 'sqlite';
  sqlite: Sqlite;
  file: string;
}

export interface PostgresStore extends StoreBase {
  engine: 'postgres';
  pool: pg.Pool;
  url: string;
}

export type Store = SqliteStore | PostgresStore;

/** Where the data lives: a SQLite file, or a PostgreSQL database. */
export type StoreTarget = { engine: 'sqlite'; file: string; options?: OpenOptions } | { engine: 'postgres'; url: string; options?: PostgresOptions };

/**
 * 1 KiB pages: a commit appends every page it dirtied to the WAL, and each event dirties its own
 * session's leaf of the (session_id, seq) index; with 4 KiB pages that cost 6.7 KB of WAL per
 * ~300-byte event, with 1 KiB pages 2.7 KB (bench/commit.ts). Less WAL to write and to copy back, and
 * the WAL reaches the rewind bound 2.5x less often.
 */
export const PAGE_SIZE = 1024;

/**
 * better-sqlite3 builds SQLite with a 16 MB page cache per connection. The hot set here is small
 * (the last index leaf of each live session and the table's tail: ~600 pages at 1,000 rooms), and
 * SQLite scans the cache's hash table at the end of every write transaction (pcache1Truncate: 12% of
 * the server's CPU under load with 16,000 cached pages), so the cache is kept at 2 MB.
 */
export const CACHE_KIB = 2048;

/**
 * The live WAL past which the checkpointer rewinds it. Each rewind costs the event loop a short
 * checkpoint with two fsyncs (1-20 ms on a busy disk), so rarely: every ~10 s at 500 busy rooms.
 */
export const WAL_LIMIT_BYTES = 128 * 1024 * 1024;

export interface OpenOptions {
  onConvert?: (from: number) => void;
  /** Only for measurements (bench/commit.ts); the server always uses PAGE_SIZE. */
  pageSize?: number;
}

export function openSqlite(file: string, opts: OpenOptions = {}): Sqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  const want = opts.pageSize ?? PAGE_SIZE;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  if (pageSize !== want) {
    const empty = (sqlite.pragma('page_count', { simple: true }) as number) === 0;
    if (!empty) {
      // A database made with another page size is rebuilt once; the page size of a WAL database
      // can only change outside WAL mode.
      opts.onConvert?.(pageSize);
      sqlite.pragma('journal_mode = DELETE');
    }
    sqlite.pragma(`page_size = ${want}`);
    if (!empty) sqlite.exec('VACUUM');
  }
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit is durable against a process crash (kill -9), the case we promise;
  // only an OS crash or power loss can drop the last transactions.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // No automatic checkpoints on the writing thread: checkpointer.ts copies on a worker thread and only
  // finishes a rewind (a few frames) on this one.
  sqlite.pragma('wal_autocheckpoint = 0');
  // The checkpointer rewinds the WAL near this size; a file this large is reused, not shrunk and regrown.
  sqlite.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  return sqlite;
}

/**
 * Kysely's SQLite transactions begin DEFERRED: one that reads before it writes (a username check,
 * then the insert) takes the write lock only at its first write, and SQLite cannot wait for a lock
 * upgrade, so it fails at once with SQLITE_BUSY while the checkpointer's RESTART holds the lock.
 * Every transaction here writes, so they all begin IMMEDIATE and wait (busy_timeout) instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/**
 * Kysely has better-sqlite3 prepare every query anew, which was ~10% of a signed-in GET's CPU. Its
 * queries come from a fixed set of builders, so the same SQL reuses its statement. Bounded, because
 * `IN (...)` lists of different lengths are different SQL.
 */
export function statementCache(sqlite: Sqlite, max = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= max) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt as unknown as SqliteStatement;
    },
  };
}

/** A SQLite file (the default; `openStore(file)` for short) or a PostgreSQL database. */
export async function openStore(file: string, opts?: OpenOptions): Promise<SqliteStore>;
export async function openStore(target: StoreTarget): Promise<Store>;
export async function openStore(target: StoreTarget | string, opts: OpenOptions = {}): Promise<Store> {
  const t: StoreTarget = typeof target === 'string' ? { engine: 'sqlite', file: target, options: opts } : target;
  if (t.engine === 'postgres') return openPostgresStore(t.url, t.options);
  const file = t.file;
  const sqlite = openSqlite(file, t.options);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: statementCache(sqlite) }) });
  try {
    await migrate(db, 'sqlite');
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    engine: 'sqlite',
    sqlite,
    db,
    file,
    events: new SqliteEventLog(sqlite),
    async close() {
      await db.destroy();
    },
  };
}

/** The database could not be opened: the message says what to check, without a stack. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

async function openPostgresStore(url: string, options?: PostgresOptions): Promise<PostgresStore> {
  const pool = openPool(url, options);
  const db = postgresKysely(pool);
  try {
    // Connect first, so an unreachable server reads as such rather than as a failed migration.
    await pool.query('SELECT 1');
    await migrate(db, 'postgres');
  } catch (err) {
    // Kysely's destroy ends the pool.
    await db.destroy().catch(() => {});
    const why = (err as Error).message || String(err);
    if (why.startsWith('migration ')) throw new StoreOpenError(`PostgreSQL at ${redactUrl(url)}: ${why}`);
    throw new StoreOpenError(
      `Could not use PostgreSQL at ${redactUrl(url)}: ${why}. Is it running and reachable, does the database exist, and may that user connect (DATABASE_URL)?`,
    );
  }
  return {
    engine: 'postgres',
    pool,
    url,
    db,
    events: new PgEventLog(pool),
    async close() {
      await db.destroy();
    },
  };
}

export async function migrate(db: Kysely<Database>, engine: Engine = 'sqlite'): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider(engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
