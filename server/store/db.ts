/** Opens the SQLite file with the pragmas every connection needs and runs migrations. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Sqlite = BetterSqlite3.Database;

export interface Store {
  sqlite: Sqlite;
  db: Kysely<Database>;
  file: string;
  close(): Promise<void>;
}

export function openSqlite(file: string): Sqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit is durable against a process crash (kill -9), the case we promise;
  // only an OS crash or power loss can drop the last transactions.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints run on a worker thread (checkpointer.ts), never on the request/frame hot path.
  sqlite.pragma('wal_autocheckpoint = 0');
  // When the WAL rewinds after a complete checkpoint, shrink the file back to this size.
  sqlite.pragma('journal_size_limit = 67108864');
  return sqlite;
}

export async function openStore(file: string): Promise<Store> {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db);
  return {
    sqlite,
    db,
    file,
    async close() {
      await db.destroy();
    },
  };
}

export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
