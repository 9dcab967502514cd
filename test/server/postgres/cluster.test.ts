/**
 * Two nodes on one PostgreSQL database (in this process, on ephemeral ports): a room is served by the
 * node holding its advisory lock, the other answers 409 `room_elsewhere`; a node that loses its lock
 * connection, or finds another node's events at its next commit, drops the room and loses nothing
 * acked; what one node does to another's sockets (disable, logout, a join) travels by NOTIFY.
 */
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../../shared/errors';
import { adminUrl, databaseFor, databaseName, dropDatabaseFor } from '../../helpers/engine';
import { Agent, PASSWORD, pairedSession, registeredAgent, startTestServer, type TestServer } from '../../helpers/server';
import { TestSocket } from '../../helpers/ws';

let a: TestServer;
let b: TestServer;
let dataDir: string;
let admin: pg.Client;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mockroom-cluster-'));
  const url = await databaseFor(dataDir);
  a = await startTestServer({ DATABASE_URL: url });
  b = await startTestServer({ DATABASE_URL: url });
  admin = new pg.Client({ connectionString: await adminUrl() });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await a?.stop();
  await b?.stop();
  await dropDatabaseFor(dataDir);
});

/** A raw upgrade request, to read a refusal's status, headers and body (a WebSocket client hides them). */
function upgrade(base: string, sessionId: string, cookie: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/ws?session=${sessionId}`, {
      headers: { cookie, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Advisory locks held in this test's database (other test files share the cluster). */
const lockedSessions = async () =>
  (
    await admin.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [databaseName(dataDir)],
    )
  ).rows[0].n as number;

describe('two nodes on one PostgreSQL database', () => {
  it('runs on PostgreSQL, each node with its own id', () => {
    expect(a.store.engine).toBe('postgres');
    expect(b.store.engine).toBe('postgres');
  });

  it('holds a room\'s lock while it is loaded, on one connection per node', async () => {
    const { candidate, session } = await pairedSession(a.url);
    const s = await TestSocket.join(a.url, session.id, candidate.cookie);
    expect(await lockedSessions()).toBe(1);
    s.s.close();
    await expect.poll(lockedSessions).toBe(0);
  });

  it('serves a room on one node only: the other answers 409 room_elsewhere with Retry-After, then takes over with every event once the first lets go', async () => {
    const { candidate, interviewer, session } = await pairedSession(a.url);
    const onA = await TestSocket.join(a.url, session.id, candidate.cookie);
    for (const text of ['one', 'two', 'three']) {
      onA.s.send({ type: 'chat', opId: text, text });
      await onA.s.next('ack', (x) => x.opId === text);
    }
    const refused = await upgrade(b.url, session.id, interviewer.cookie);
    expect(refused.status).toBe(409);
    expect(refused.headers['retry-after']).toBe('2');
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'room_elsewhere', message: expect.stringMatching(/another server/i) } });
    expect(b.hub.roomCount).toBe(0);

    onA.s.close();
    await expect.poll(() => a.hub.roomCount).toBe(0);
    // The lock is released after the room unloads; the interviewer's retry then lands on B.
    let onB: Awaited<ReturnType<typeof TestSocket.join>> | null = null;
    await expect
      .poll(async () => {
        onB = await TestSocket.join(b.url, session.id, interviewer.cookie).catch(() => null);
        return onB !== null;
      })
      .toBe(true);
    expect(onB!.welcome.seq).toBe(3);
    expect(onB!.welcome.state.chat.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    onB!.s.send({ type: 'chat', opId: 'four', text: 'four' });
    expect((await onB!.s.next('ack', (x) => x.opId === 'four')).seq).toBe(4);
    // And now A is the one that refuses.
    expect((await upgrade(a.url, session.id, candidate.cookie)).status).toBe(409);
    onB!.s.close();
    await expect.poll(() => b.hub.roomCount).toBe(0);
  });

  it('a node whose lock connection drops closes its rooms with 4412; clients come back on the other node with everything acked', async () => {
    const { candidate, session } = await pairedSession(a.url);
    const onA = await TestSocket.join(a.url, session.id, candidate.cookie);
    onA.s.send({ type: 'chat', opId: 'before', text: 'before' });
    await onA.s.next('ack');
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`mockroom locks ${a.nodeId}`]);
    expect(await onA.s.closed).toMatchObject({ code: CloseCode.RoomMoved });
    expect(a.hub.roomCount).toBe(0);
    const onB = await TestSocket.join(b.url, session.id, candidate.cookie, 1);
    expect(onB.welcome.seq).toBe(1);
    expect(onB.welcome.state.chat.map((m) => m.text)).toEqual(['before']);
    onB.s.close();
    await expect.poll(() => b.hub.roomCount).toBe(0);
    // A reconnects its lock connection on demand and serves rooms again.
    const again = await TestSocket.join(a.url, session.id, candidate.cookie);
    expect(again.welcome.seq).toBe(1);
    again.s.close();
  });

  it('a node that lost a room without noticing finds out at its next commit: the batch is refused, nothing is acked, the room reloads', async () => {
    const { candidate, session } = await pairedSession(a.url);
    const onA = await TestSocket.join(a.url, session.id, candidate.cookie);
    onA.s.send({ type: 'chat', opId: 'mine', text: 'mine' });
    await onA.s.next('ack');
    // Another owner (after a partition) wrote seq 2 behind this node's back.
    await b.store.events.commit([{ sessionId: session.id, seq: 2, ts: Date.now(), author: candidate.userId, kind: 'chat', json: '{"text":"elsewhere"}', opId: 'elsewhere' }]);
    onA.s.send({ type: 'chat', opId: 'lost', text: 'lost' });
    expect(await onA.s.closed).toMatchObject({ code: CloseCode.InternalError });
    expect(onA.s.all('ack').filter((x) => x.opId === 'lost')).toEqual([]);
    const back = await TestSocket.join(a.url, session.id, candidate.cookie, 1);
    expect(back.welcome.seq).toBe(2);
    expect(back.welcome.state.chat.map((m) => m.text)).toEqual(['mine', 'elsewhere']);
    // The client resends what was never acked; it lands after the other node's event.
    back.s.send({ type: 'chat', opId: 'lost', text: 'lost' });
    expect((await back.s.next('ack', (x) => x.opId === 'lost')).seq).toBe(3);
    back.s.close();
  });

  it('a join over HTTP on one node shows in the presence of a room on the other', async () => {
    const { candidate, session } = await pairedSession(a.url);
    const codes = (await candidate.get(`/api/sessions/${session.id}`)).body as { observerCode: string };
    const onA = await TestSocket.join(a.url, session.id, candidate.cookie);
    const watcher = await registeredAgent(b.url);
    expect((await watcher.post(`/api/sessions/${session.id}/join`, { inviteCode: codes.observerCode })).status).toBe(200);
    const presence = await onA.s.next('presence', (p) => p.participants.some((x) => x.userId === watcher.userId));
    expect(presence.participants.find((x) => x.userId === watcher.userId)).toMatchObject({ role: 'observer', online: false });
    onA.s.close();
  });

  it('a logout on one node closes that sign-in\'s sockets on the other; disabling a user does too', async () => {
    const { candidate, interviewer, session } = await pairedSession(a.url);
    const cand = await TestSocket.join(a.url, session.id, candidate.cookie);
    const int = await TestSocket.join(a.url, session.id, interviewer.cookie);
    // Through B: the cookie works on any node.
    const outB = new Agent(b.url);
    outB.cookie = candidate.cookie;
    expect((await outB.post('/api/auth/logout')).status).toBeLessThan(300);
    expect(await cand.s.closed).toMatchObject({ code: CloseCode.Unauthorized });

    // The first account of this database is the admin: find it, sign in on B, disable the interviewer.
    const first = (await a.store.db.selectFrom('users').select('username').orderBy('created_at').limit(1).executeTakeFirstOrThrow()).username;
    const boss = new Agent(b.url);
    expect((await boss.post('/api/auth/login', { username: first, password: PASSWORD })).status).toBe(200);
    expect((await boss.req('PATCH', `/api/admin/users/${interviewer.userId}`, { disabled: true })).status).toBe(200);
    expect(await int.s.closed).toMatchObject({ code: CloseCode.Unauthorized });
  });

  it('sockets whose sign-in ended where no notice reached are closed by the periodic check', async () => {
    const { candidate, session } = await pairedSession(a.url);
    const s = await TestSocket.join(a.url, session.id, candidate.cookie);
    await a.store.db.deleteFrom('auth_sessions').where('user_id', '=', candidate.userId).execute();
    await a.hub.checkSignIns();
    expect(await s.s.closed).toMatchObject({ code: CloseCode.Unauthorized });
  });

  it('holds no advisory lock once every room has unloaded', async () => {
    await expect.poll(() => a.hub.roomCount + b.hub.roomCount).toBe(0);
    await expect.poll(lockedSessions).toBe(0);
  });
});
