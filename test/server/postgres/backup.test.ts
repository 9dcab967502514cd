/**
 * `npm run backup` on PostgreSQL: pg_dump while the server runs and a room is writing; the dump restores
 * with pg_restore (as docs/scale-out.md says) into an empty database that a new server starts on, with
 * every acked event and the accounts there.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { databaseFor, dropDatabaseFor } from '../../helpers/engine';
import { pgBinDir } from '../../helpers/pg-cluster';
import { Agent, pairedSession, PASSWORD, ROOT, startTestServer, type TestServer } from '../../helpers/server';
import { TestSocket } from '../../helpers/ws';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mockroom-pgbackup-'));
const servers: TestServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
  await dropDatabaseFor(join(dir, 'live'));
  await dropDatabaseFor(join(dir, 'restored'));
  rmSync(dir, { recursive: true, force: true });
});

it('dumps the database while a room writes, and the dump restores into a database a new server runs on', async () => {
  const liveUrl = await databaseFor(join(dir, 'live'));
  const live = await startTestServer({ DATABASE_URL: liveUrl });
  servers.push(live);
  const { candidate, session } = await pairedSession(live.url);
  const { s } = await TestSocket.join(live.url, session.id, candidate.cookie);
  const acked: number[] = [];
  for (let i = 0; i < 30; i++) {
    s.send({ type: 'chat', opId: `before-${i}`, text: `message ${i}` });
    acked.push((await s.next('ack', (x) => x.opId === `before-${i}`)).seq);
  }
  // Keep writing while the dump runs: the dump is one consistent snapshot.
  let writing = true;
  let n = 0;
  const writer = (async () => {
    while (writing) {
      s.send({ type: 'chat', opId: `during-${n}`, text: `during ${n}` });
      await s.next('ack', (x) => x.opId === `during-${n}`);
      n++;
      // Paced under the room's rate limit (100 frames/s).
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const file = join(dir, 'mockroom.dump');
  const { stdout } = await run('npm', ['run', '--silent', 'backup', '--', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: liveUrl } });
  writing = false;
  await writer;
  expect(stdout).toMatch(/Dumped postgres:\/\/.* to .*mockroom\.dump .*pg_dump custom format/);
  expect(existsSync(file)).toBe(true);
  expect(existsSync(`${file}.partial-${process.pid}`)).toBe(false);
  // A second run refuses to overwrite without --force.
  await expect(run('npm', ['run', '--silent', 'backup', '--', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: liveUrl } })).rejects.toMatchObject({
    stderr: expect.stringMatching(/exists already/),
  });

  // Restore as documented, into an empty database.
  const restoredUrl = await databaseFor(join(dir, 'restored'));
  execFileSync(join(pgBinDir()!, 'pg_restore'), ['--no-owner', `--dbname=${restoredUrl}`, file], { stdio: 'pipe' });
  const restored = await startTestServer({ DATABASE_URL: restoredUrl });
  servers.push(restored);
  const again = new Agent(restored.url);
  expect((await again.post('/api/auth/login', { username: candidate.username, password: PASSWORD })).status).toBe(200);
  const log = (await again.get(`/api/sessions/${session.id}/events?limit=5000`)).body as { events: { seq: number; data: { text: string } }[] };
  const seqs = log.events.map((e) => e.seq);
  for (const seq of acked) expect(seqs).toContain(seq);
  // Dense: the snapshot holds whole commits only.
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  const back = await TestSocket.join(restored.url, session.id, again.cookie);
  expect(back.welcome.seq).toBe(seqs.length);
  back.s.close();
  s.close();
}, 60_000);

it('a DATABASE_URL that is not PostgreSQL fails with a message naming the variable', async () => {
  await expect(run('npm', ['run', '--silent', 'backup', '--', join(dir, 'x.dump')], { cwd: ROOT, env: { ...process.env, DATABASE_URL: 'mysql://nope/db' } })).rejects.toMatchObject({
    stderr: expect.stringMatching(/DATABASE_URL: must start with postgres:\/\//),
  });
});
