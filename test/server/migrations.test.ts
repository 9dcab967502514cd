import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { expect, it } from 'vitest';
import { migrate, openStore } from '../../server/store/db';
import { migrationProvider } from '../../server/store/migrations';
import type { Database } from '../../server/store/schema';
import { tempDirs } from '../helpers/temp';

const tempDir = tempDirs('migrate');
const temp = () => join(tempDir(), 'db.sqlite');

it('a fresh database migrates to the latest schema, and migrating again changes nothing', async () => {
  const file = temp();
  const store = await openStore(file);
  const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' ORDER BY name").all().map((r) => (r as { name: string }).name);
  expect(tables).toEqual(expect.arrayContaining(['users', 'auth_sessions', 'problems', 'sessions', 'participants', 'events', 'scorecards', 'groups']));
  expect(await migrate(store.db)).toEqual([]);
  await store.close();
});

it('a database created by the previous release (accounts, problems, sessions) migrates with its data intact', async () => {
  const file = temp();
  // The first release shipped the first three migrations.
  const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  const result = await new Migrator({ db: old, provider: migrationProvider('sqlite') }).migrateTo('2026-11-23-03-sessions');
  expect(result.error).toBeUndefined();
  await old.insertInto('users').values({ id: 'u1', username: 'Ada', username_key: 'ada', display_name: 'Ada', password_hash: 'scrypt$10$8$1$x$y', is_admin: 1, disabled: 0, created_at: 1 }).execute();
  await old.insertInto('problems').values({ slug: 'p', title: 'P', difficulty: 'easy', tags: '[]', summary: 's', prompt: 'x', phases: '{}', guide: '{}', content_hash: 'h', updated_at: 1 }).execute();
  await old.insertInto('sessions').values({ id: 's1', problem_slug: 'p', mode: 'solo', status: 'ended', phases: '[]', invite_code: 'A', observer_code: 'B', created_by: 'u1', created_at: 1, started_at: 1, ended_at: 2 }).execute();
  await old.insertInto('participants').values({ session_id: 's1', user_id: 'u1', role: 'candidate', joined_at: 1 }).execute();
  await old.insertInto('events').values({ session_id: 's1', seq: 1, ts: 1, author: 'u1', kind: 'chat', data: '{"text":"hi"}', op_id: 'o1' }).execute();
  await old.destroy();

  const store = await openStore(file);
  expect(await store.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'Ada' }]);
  expect(await store.db.selectFrom('events').select(['seq', 'data']).execute()).toEqual([{ seq: 1, data: '{"text":"hi"}' }]);
  // The new tables work against the old rows.
  await store.db.insertInto('scorecards').values({ session_id: 's1', scorer_id: 'u1', subject_id: 'u1', scores: '[]', overall: null, notes: '', status: 'skipped', updated_at: 3 }).execute();
  expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  await store.close();
});

it('a database of the release before sharing and sign-in ids migrates: slot sessions join their group, old sign-ins get ids', async () => {
  const file = temp();
  const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  expect((await new Migrator({ db: old, provider: migrationProvider('sqlite') }).migrateTo('2026-11-23-06-events-append-order')).error).toBeUndefined();
  const sqlite = new BetterSqlite3(file);
  sqlite.exec(`
    INSERT INTO users (id, username, username_key, display_name, password_hash, is_admin, disabled, created_at) VALUES ('u1', 'Ada', 'ada', 'Ada', 'x', 1, 0, 1), ('u2', 'Bo', 'bo', 'Bo', 'x', 0, 0, 1);
    INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES ('h1', 'u1', 1, 99), ('h2', 'u2', 1, 99);
    INSERT INTO problems (slug, title, difficulty, tags, summary, prompt, phases, guide, content_hash, updated_at) VALUES ('p', 'P', 'easy', '[]', 's', 'x', '{}', '{}', 'h', 1);
    INSERT INTO sessions (id, problem_slug, mode, status, phases, invite_code, observer_code, created_by, created_at) VALUES ('slotted', 'p', 'paired', 'waiting', '[]', 'A', 'B', 'u1', 1), ('plain', 'p', 'paired', 'waiting', '[]', 'C', 'D', 'u1', 1);
    INSERT INTO groups (id, name, invite_code, created_by, created_at) VALUES ('g1', 'G', 'CODE', 'u1', 1);
    INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES ('g1', 'u1', 'owner', 1), ('g1', 'u2', 'member', 1);
    INSERT INTO group_slots (id, group_id, posted_by, role, status, created_at, taken_by, taken_at, session_id) VALUES ('s1', 'g1', 'u1', 'candidate', 'taken', 1, 'u2', 2, 'slotted');
  `);
  sqlite.close();
  await old.destroy();

  const store = await openStore(file);
  expect(store.sqlite.prepare('SELECT id, group_id FROM sessions ORDER BY id').all()).toEqual([
    { id: 'plain', group_id: null },
    { id: 'slotted', group_id: 'g1' },
  ]);
  const ids = store.sqlite.prepare('SELECT id FROM auth_sessions').all() as { id: string }[];
  expect(ids).toHaveLength(2);
  expect(new Set(ids.map((r) => r.id)).size).toBe(2);
  for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  await store.close();
});

it('a database with 4 KiB pages is rebuilt once with 1 KiB pages, data intact and back in WAL mode', async () => {
  // An empty file already in WAL mode with 4 KiB pages.
  const file = temp();
  const old = new BetterSqlite3(file);
  old.pragma('page_size = 4096');
  old.pragma('journal_mode = WAL');
  old.close();
  const first = await openStore(file);
  await first.db.insertInto('users').values({ id: 'u1', username: 'Ada', username_key: 'ada', display_name: 'Ada', password_hash: 'x', is_admin: 1, disabled: 0, created_at: 1 }).execute();
  expect(first.sqlite.pragma('page_size', { simple: true })).toBe(1024);
  await first.close();

  // A file left by the previous release: 4 KiB pages, WAL mode, data.
  const legacy = temp();
  const l = new BetterSqlite3(legacy);
  l.pragma('page_size = 4096');
  l.pragma('journal_mode = WAL');
  l.exec("CREATE TABLE keep (v TEXT); INSERT INTO keep VALUES ('a'), ('b')");
  l.close();
  const converted: number[] = [];
  const store = await openStore(legacy, { onConvert: (from) => converted.push(from) });
  expect(converted).toEqual([4096]);
  expect(store.sqlite.pragma('page_size', { simple: true })).toBe(1024);
  expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(store.sqlite.prepare('SELECT v FROM keep ORDER BY v').all()).toEqual([{ v: 'a' }, { v: 'b' }]);
  expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  await store.close();
  // Opening it again converts nothing.
  const again = await openStore(legacy, { onConvert: (from) => converted.push(from) });
  expect(converted).toEqual([4096]);
  await again.close();
});
