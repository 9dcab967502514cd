import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/server';
import { registeredAgent, ROOT } from '../helpers/server';

let dir: string;
let data: string;
let srv: RunningServer;
const logged: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mockroom-problems-'));
  data = mkdtempSync(join(tmpdir(), 'mockroom-data-'));
  cpSync(join(ROOT, 'problems/url-shortener.md'), join(dir, 'url-shortener.md'));
  cpSync(join(ROOT, 'problems/boards/url-shortener.json'), join(dir, 'boards/url-shortener.json'), { recursive: true });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data, SCRYPT_LOG2N: '10', PROBLEMS_DIR: dir, WEB_DIR: join(ROOT, 'dist/web') }, ROOT);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  srv = await startServer(config, { log: pino({ level: 'warn' }, sink), watchProblems: true });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

it('updates a problem in SQLite when its file changes, and keeps the old version on a broken edit', async () => {
  const u = await registeredAgent(srv.url);
  expect((await u.get('/api/problems/url-shortener')).body.title).toBe('URL shortener (bit.ly)');
  const file = join(dir, 'url-shortener.md');
  const source = readFileSync(file, 'utf8');
  writeFileSync(file, source.replace('title: URL shortener (bit.ly)', 'title: URL shortener, revised'));
  await expect.poll(async () => (await u.get('/api/problems/url-shortener')).body.title, { timeout: 5000 }).toBe('URL shortener, revised');
  const row = await srv.store.db.selectFrom('problems').select('title').where('slug', '=', 'url-shortener').executeTakeFirstOrThrow();
  expect(row.title).toBe('URL shortener, revised');

  writeFileSync(file, source.replace('difficulty: easy', 'difficulty: impossible'));
  await expect.poll(() => logged.some((l) => l.includes('problem file change rejected')), { timeout: 5000 }).toBe(true);
  const still = await u.get('/api/problems/url-shortener');
  expect(still.body.title).toBe('URL shortener, revised');
  expect(still.body.difficulty).toBe('easy');
});
