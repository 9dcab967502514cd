/**
 * PostgreSQL, selected with DATABASE_URL: a `pg` pool behind Kysely's PostgresDialect, the same
 * migrations as SQLite (their engine differences live in migrations.ts), and the event log's hot path
 * as raw prepared statements (pg-events.ts).
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema';

/** pg type OIDs whose text form we turn into numbers. */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * Every whole-number column is BIGINT (times are epoch milliseconds), and pg returns BIGINT and
 * NUMERIC (what SUM gives) as strings, since they can exceed 2^53. Ours never do (times, counts), so
 * they read as numbers, as SQLite gives them. A per-pool parser: it does not change `pg` for anyone
 * else in the process.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

export interface PostgresOptions {
  /** Connections in the pool (each node holds one more for its room locks and one for LISTEN). */
  poolSize?: number;
  applicationName?: string;
}

/** The connection settings every client of this app uses (the pool, the lock holder, the listener). */
export function clientConfig(url: string, opts: PostgresOptions = {}): pg.ClientConfig {
  return {
    connectionString: url,
    types,
    application_name: opts.applicationName ?? 'mockroom',
    // A dead server or a partition is noticed by the kernel, not only at the next query.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: 10_000,
  };
}

export function openPool(url: string, opts: PostgresOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url, opts), max: opts.poolSize ?? 10, idleTimeoutMillis: 30_000 });
  // An idle client's connection can drop (a restart of PostgreSQL); the pool replaces it. Without a
  // listener the error would crash the process.
  pool.on('error', () => {});
  return pool;
}

export function postgresKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Hides the password of a connection URL for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}
