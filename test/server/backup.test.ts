import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { Agent, pairedSession, PASSWORD, ROOT } from '../helpers/server';
import { tempDirs } from '../helpers/temp';
import { TestSocket } from '../helpers/ws';

const run = promisify(execFile);

const tempDir = tempDirs('backup');
let procs: ServerProcess[] = [];
// Registered after tempDirs: after-each hooks run last-registered first, so processes die first.
afterEach(() => {
  for (const p of procs) p.child.kill('SIGKILL');
  procs = [];
});

async function start(dataDir: string): Promise<ServerProcess> {
  const p = await spawnServer(dataDir);
  procs.push(p);
  return p;
}

async function stop(p: ServerProcess): Promise<void> {
  p.child.kill('SIGTERM');
  expect((await p.exited).code).toBe(0);
}

/** The documented command, run while the server runs. */
async function backup(dataDir: string, file: string): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'backup', '--', file], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
  return stdout;
}

const TABLES: Record<string, string> = {
  users: 'id',
  auth_sessions: 'token_hash',
  sessions: 'id',
  participants: 'session_id, user_id',
  events: 'session_id, seq',
  groups: 'id',
  group_members: 'group_id, user_id',
  recording_tracks: 'id',
  recording_chunks: 'track_id, n',
};

/** A recorded chunk, uploaded as a browser does. */
async function upload(base: string, cookie: string, sessionId: string, trackId: string, n: number, body: Uint8Array): Promise<number> {
  const res = await fetch(`${base}/api/sessions/${sessionId}/recordings/${trackId}/chunks/${n}`, { method: 'PUT', headers: { cookie, 'content-type': 'audio/webm;codecs=opus' }, body: body as BodyInit });
  return res.status;
}

async function trackBytes(base: string, cookie: string, sessionId: string, trackId: string): Promise<Uint8Array> {
  const res = await fetch(`${base}/api/sessions/${sessionId}/recordings/${trackId}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** Every row of the tables that hold users' data, in a fixed order. */
function dump(file: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(Object.entries(TABLES).map(([t, order]) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).all()]));
  } finally {
    db.close();
  }
}

async function chat(s: TestSocket, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) s.send({ type: 'chat', opId: `${prefix}${i}`, text: `${prefix} message ${i}` });
  for (let i = 0; i < n; i++) await s.next('ack', (a) => a.opId.startsWith(prefix));
}

it('backs up a running server consistently, and the restored file serves identical data', async () => {
  const dataDir = tempDir();
  const out = tempDir();
  const live = join(dataDir, 'mockroom.sqlite');
  let server = await start(dataDir);

  // Data written over HTTP and WebSocket.
  const { candidate, interviewer, session } = await pairedSession(server.url);
  const group = await candidate.post('/api/groups', { name: 'Backup club' });
  expect((await interviewer.post('/api/groups/join', { code: group.body.inviteCode })).status).toBe(200);
  const { s: cs } = await TestSocket.join(server.url, session.id, candidate.cookie);
  const { s: is } = await TestSocket.join(server.url, session.id, interviewer.cookie);
  is.send({ type: 'phase', opId: 'start', action: 'start' });
  await is.next('ack');
  await chat(cs, 'before', 40);
  // A recorded mock: both consent, each uploads its microphone's chunks.
  await candidate.post(`/api/sessions/${session.id}/consent`, { record: true });
  await interviewer.post(`/api/sessions/${session.id}/consent`, { record: true });
  const audio = new Uint8Array(20_000).map((_, i) => (i * 7) % 256);
  expect(await upload(server.url, candidate.cookie, session.id, 'backup-track-c', 0, audio.subarray(0, 12_000))).toBe(201);
  expect(await upload(server.url, candidate.cookie, session.id, 'backup-track-c', 1, audio.subarray(12_000))).toBe(201);
  expect(await upload(server.url, interviewer.cookie, session.id, 'backup-track-i', 0, audio.subarray(0, 5_000))).toBe(201);
  const recordingsBefore = (await candidate.get(`/api/sessions/${session.id}/recordings`)).body;
  await is.next('event', (e) => e.kind === 'chat' && (e.data as { text: string }).text === 'before message 39');

  const before = dump(live);
  const eventsBefore = (await candidate.get(`/api/sessions/${session.id}/events`)).body.events;
  expect(eventsBefore).toHaveLength(41);
  const sessionBefore = (await candidate.get(`/api/sessions/${session.id}`)).body;

  // Quiet backup with sockets open; then more writes that the backup must not contain.
  const quiet = join(out, 'quiet.sqlite');
  expect(await backup(dataDir, quiet)).toMatch(/^Backed up .* \(.* MB, 2 users, 1 sessions, 41 events\)/);
  expect(readdirSync(out)).toEqual(['quiet.sqlite']);
  await chat(cs, 'after', 5);

  // A second backup while the interviewer keeps writing (under the socket's rate limit).
  let writing = true;
  let acked = 0;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      is.send({ type: 'chat', opId: `busy${i}`, text: `busy ${i}` });
      await is.next('ack', (a) => a.opId === `busy${i}`);
      acked++;
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
  while (acked < 20) await new Promise((r) => setTimeout(r, 5));
  const ackedAtStart = acked;
  const busy = join(out, 'busy.sqlite');
  await backup(dataDir, busy);
  writing = false;
  await writer;
  // Refuses to overwrite without --force.
  await expect(backup(dataDir, busy)).rejects.toMatchObject({ stderr: expect.stringMatching(/exists already/) });
  cs.close();
  is.close();
  await stop(server);

  // The busy copy is sound and holds a prefix of the log: everything acked before it started.
  const finalEvents = dump(live).events as { seq: number }[];
  const busyEvents = dump(busy).events as { seq: number }[];
  expect(busyEvents.length).toBeGreaterThanOrEqual(41 + 5 + ackedAtStart);
  expect(busyEvents).toEqual(finalEvents.slice(0, busyEvents.length));
  const check = new BetterSqlite3(busy, { readonly: true });
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
  check.close();

  // Restore as documented: stop, wipe, copy the file into DATA_DIR, start.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir);
  copyFileSync(quiet, live);
  server = await start(dataDir);

  for (const a of [candidate, interviewer]) {
    const restored = new Agent(server.url);
    restored.cookie = a.cookie; // sign-in sessions are data too
    expect((await restored.get('/api/me')).body.id).toBe(a.userId);
    const fresh = new Agent(server.url);
    expect((await fresh.post('/api/auth/login', { username: a.username, password: PASSWORD })).status).toBe(200);
  }
  const back = new Agent(server.url);
  back.cookie = candidate.cookie;
  expect((await back.get(`/api/sessions/${session.id}/events`)).body.events).toEqual(eventsBefore);
  const sessionAfter = (await back.get(`/api/sessions/${session.id}`)).body;
  expect(sessionAfter).toEqual(sessionBefore);
  expect((await back.get(`/api/groups/${group.body.id}`)).body.memberCount).toBe(2);
  // The recording survived, byte for byte, with its server times.
  expect((await back.get(`/api/sessions/${session.id}/recordings`)).body).toEqual(recordingsBefore);
  expect(await trackBytes(server.url, candidate.cookie, session.id, 'backup-track-c')).toEqual(audio);
  // The room folds from the restored log: the clock runs and the last seq is the backup's.
  const { s, welcome } = await TestSocket.join(server.url, session.id, candidate.cookie);
  expect(welcome.seq).toBe(41);
  expect(welcome.state.chat.map((m) => m.text)).not.toContain('after message 0');
  s.close();
  await stop(server);

  const after = dump(live);
  // Logins since the restore added sign-in sessions; everything else is exactly as it was.
  expect(after.auth_sessions).toEqual(expect.arrayContaining(before.auth_sessions!));
  expect({ ...after, auth_sessions: null }).toEqual({ ...before, auth_sessions: null });
  const db = new BetterSqlite3(live, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  expect(existsSync(join(out, 'busy.sqlite'))).toBe(true);
  // Three server processes and two backup runs: on a loaded machine this takes longer than the default.
}, 60_000);
