/**
 * Which engine the server tests run on: SQLite (project `server`) or PostgreSQL (project `server-pg`,
 * which starts a throwaway cluster). On PostgreSQL each data directory a test uses maps to its own
 * database, so a test that restarts the server on the same directory finds its data again.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export type TestEngine = 'sqlite' | 'postgres';

export const engine: TestEngine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = engine === 'postgres';

/** The cluster's superuser URL, provided by the project's global setup (scripts outside vitest never ask). */
export async function adminUrl(): Promise<string> {
  const { inject } = await import('vitest');
  return inject('pgAdminUrl');
}

export function databaseName(dataDir: string): string {
  return `t_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
}

export async function urlFor(name: string): Promise<string> {
  const u = new URL(await adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: await adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The database for a data directory (created on first use): its URL. */
export async function databaseFor(dataDir: string): Promise<string> {
  const name = databaseName(dataDir);
  await admin(async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await c.query(`CREATE DATABASE ${name}`);
  });
  return urlFor(name);
}

export async function dropDatabaseFor(dataDir: string): Promise<void> {
  const name = databaseName(dataDir);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The environment a server needs for this engine and data directory. */
export async function engineEnv(dataDir: string): Promise<Record<string, string>> {
  return onPostgres ? { DATABASE_URL: await databaseFor(dataDir) } : {};
}
