/**
 * Two nodes (real processes) on one PostgreSQL database behind Debian's nginx, configured with the
 * block from docs/scale-out.md: a paired session works through nginx; disabling a user through one node
 * closes their socket on the other; `kill -9` of the node holding the room, and the clients reconnect
 * through nginx to the other node and lose nothing acked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CloseCode } from '../../../shared/errors';
import { databaseFor, dropDatabaseFor } from '../../helpers/engine';
import { documentedBlock, ensureNginx, replaceAll, startNginx, type Nginx } from '../../helpers/nginx';
import { freePort } from '../../helpers/ports';
import { spawnServer, type ServerProcess } from '../../helpers/process';
import { Agent, PASSWORD, registeredAgent } from '../../helpers/server';
import { TestSocket } from '../../helpers/ws';

let skipReason: string | null = null;
let dataDir = '';
const nodes: ServerProcess[] = [];
let nginx: Nginx | undefined;
let base = '';

beforeAll(async () => {
  skipReason = ensureNginx();
  if (skipReason) return;
  dataDir = mkdtempSync(join(tmpdir(), 'mockroom-scale-'));
  const url = await databaseFor(dataDir);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: url, PUBLIC_URL: base, TRUST_PROXY: '1', SIGNUP_LIMIT: '1000' };
  // One after the other: the first migrates, the second finds it done.
  nodes.push(await spawnServer(join(dataDir, 'a'), env));
  nodes.push(await spawnServer(join(dataDir, 'b'), env));
  const [a, b] = nodes.map((n) => new URL(n.url).host);
  let site = documentedBlock('docs/scale-out.md', 'scale-out-site');
  site = replaceAll(site, '10.0.0.11:3000', a!);
  site = replaceAll(site, '10.0.0.12:3000', b!);
  site = replaceAll(site, 'listen 80;', `listen 127.0.0.1:${port};`);
  nginx = await startNginx(site, async () => (await fetch(`${base}/api/health`)).status === 200);
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  for (const n of nodes) n.child.kill('SIGKILL');
  await Promise.all(nodes.map((n) => n.exited));
  if (dataDir) {
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Which node's process holds the room: the one whose status says a room is loaded. */
async function owner(adminCookie: string): Promise<ServerProcess> {
  for (const n of nodes) {
    if (n.child.exitCode !== null || n.child.signalCode !== null) continue;
    const res = await fetch(`${n.url}/api/admin/status`, { headers: { cookie: adminCookie } });
    const status = (await res.json()) as { rooms: number };
    if (status.rooms > 0) return n;
  }
  throw new Error('no node has the room loaded');
}

/** Joins through nginx, retrying while the room moves (a dead upstream, 409 room_elsewhere). */
async function joinThroughProxy(sessionId: string, cookie: string, lastSeq = 0) {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      return await TestSocket.join(base, sessionId, cookie, lastSeq);
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}

it('runs a paired session through nginx; a disable on one node closes the socket on the other; kill -9 of the room\'s node loses nothing acked', async (ctx) => {
  if (skipReason) return ctx.skip();
  // The first account is the admin (created through nginx from loopback).
  const admin = await registeredAgent(base);
  expect((await admin.get('/api/me')).body.isAdmin).toBe(true);
  const candidate = await registeredAgent(base);
  const interviewer = await registeredAgent(base);
  const watcher = await registeredAgent(base);
  const created = await candidate.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' });
  expect(created.status).toBe(201);
  const session = created.body as { id: string; inviteCode: string; observerCode: string };
  expect((await interviewer.post(`/api/sessions/${session.id}/join`, { inviteCode: session.inviteCode })).status).toBe(200);
  expect((await watcher.post(`/api/sessions/${session.id}/join`, { inviteCode: session.observerCode })).status).toBe(200);

  // Both seats and an observer, all through nginx: the hash sends them to one node.
  const cand = await joinThroughProxy(session.id, candidate.cookie);
  const int = await joinThroughProxy(session.id, interviewer.cookie);
  const obs = await joinThroughProxy(session.id, watcher.cookie);
  int.s.send({ type: 'phase', opId: 'start', action: 'start' });
  await int.s.next('ack', (x) => x.opId === 'start');
  const acked = new Map<number, string>();
  for (let i = 1; i <= 20; i++) {
    cand.s.send({ type: 'board', opId: `add-${i}`, op: { kind: 'add', shape: { id: `s${i}`, type: 'rect', x: i * 20, y: 0, w: 10, h: 10 } } });
    const ack = await cand.s.next('ack', (x) => x.opId === `add-${i}`);
    acked.set(ack.seq, `s${i}`);
    await int.s.next('event', (e) => e.seq === ack.seq);
  }

  const holder = await owner(admin.cookie);
  const other = nodes.find((n) => n !== holder)!;

  // Disabled through the node that does not hold the room: the observer's socket on the holder closes.
  const direct = new Agent(other.url);
  direct.cookie = admin.cookie;
  expect((await direct.req('PATCH', `/api/admin/users/${watcher.userId}`, { disabled: true })).status).toBe(200);
  expect(await obs.s.closed).toMatchObject({ code: CloseCode.Unauthorized });

  // The holder dies mid-session.
  const closedCand = cand.s.closed;
  holder.child.kill('SIGKILL');
  await holder.exited;
  expect((await closedCand).code).toBe(1006);

  // Both come back through nginx, with the seq they had, and land on the surviving node.
  const lastSeq = Math.max(...acked.keys());
  const back = await joinThroughProxy(session.id, candidate.cookie, lastSeq);
  const intBack = await joinThroughProxy(session.id, interviewer.cookie, lastSeq);
  expect(await owner(admin.cookie)).toBe(other);
  expect(back.welcome.seq).toBe(lastSeq);
  expect(back.welcome.state.clock).toMatchObject({ status: 'live' });
  const ids = new Set(back.welcome.state.board.map((s: { id: string }) => s.id));
  for (const id of acked.values()) expect(ids.has(id), `${id} lost`).toBe(true);
  // And the room goes on, seqs dense.
  back.s.send({ type: 'chat', opId: 'after', text: 'still here' });
  expect((await back.s.next('ack', (x) => x.opId === 'after')).seq).toBe(lastSeq + 1);
  await intBack.s.next('event', (e) => e.seq === lastSeq + 1);
  const log = (await candidate.get(`/api/sessions/${session.id}/events?limit=5000`)).body as { events: { seq: number }[] };
  expect(log.events.map((e) => e.seq)).toEqual(log.events.map((_, i) => i + 1));
  back.s.close();
  intBack.s.close();
}, 120_000);

it('signs in through nginx with the password (HTTP goes to any node)', async (ctx) => {
  if (skipReason) return ctx.skip();
  const user = await registeredAgent(base);
  const again = new Agent(base);
  expect((await again.post('/api/auth/login', { username: user.username, password: PASSWORD })).status).toBe(200);
  expect((await again.get('/api/me')).status).toBe(200);
});
