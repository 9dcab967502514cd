/**
 * The same migrations on both engines give the same tables, columns and indexes (the engine
 * differences are types only), and running them again does nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { migrate, openStore } from '../../../server/store/db';
import { databaseFor, dropDatabaseFor } from '../../helpers/engine';

const dir = mkdtempSync(join(tmpdir(), 'mockroom-pgmig-'));

afterAll(async () => {
  await dropDatabaseFor(dir);
  rmSync(dir, { recursive: true, force: true });
});

it('makes the same tables, columns and indexes on PostgreSQL as on SQLite, and is idempotent', async () => {
  const lite = await openStore(join(dir, 'db.sqlite'));
  const pg = await openStore({ engine: 'postgres', url: await databaseFor(dir) });
  try {
    const liteTables = lite.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    const pgTables = (
      await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(pg.db)
    ).rows.map((r) => r.name);
    expect(pgTables).toEqual(liteTables);

    for (const table of liteTables) {
      const liteCols = lite.sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).all(table).map((r) => (r as { name: string }).name);
      const pgCols = (
        await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} ORDER BY column_name`.execute(pg.db)
      ).rows.map((r) => r.name);
      // SQLite's rowid events table has an explicit id; PostgreSQL's events table needs none.
      expect(pgCols, table).toEqual(table === 'events' ? liteCols.filter((c) => c !== 'id') : liteCols);
    }

    const liteIndexes = lite.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    const pgIndexes = (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`.execute(pg.db)).rows.map((r) => r.name);
    // Every index SQLite has by name exists on PostgreSQL too (PostgreSQL adds its primary key and unique indexes by its own names).
    for (const name of liteIndexes) expect(pgIndexes, name).toContain(name);

    expect(await migrate(pg.db, 'postgres')).toEqual([]);
    expect(await migrate(lite.db, 'sqlite')).toEqual([]);
  } finally {
    await lite.close();
    await pg.close();
  }
});
