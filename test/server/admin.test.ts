import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, PASSWORD, pairedSession, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof registeredAgent>>;
beforeAll(async () => {
  srv = await startTestServer();
  admin = await registeredAgent(srv.url, 'theadmin');
});
afterAll(async () => {
  await srv.stop();
});

describe('admin', () => {
  it('is for the admin only: 401 signed out, 403 for everybody else', async () => {
    expect((await admin.get('/api/me')).body.isAdmin).toBe(true);
    const user = await registeredAgent(srv.url);
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/settings'],
      ['GET', '/api/admin/status'],
      ['GET', '/api/admin/users'],
      ['PATCH', `/api/admin/users/${admin.userId}`, { disabled: true }],
      ['GET', '/api/admin/invites'],
      ['POST', '/api/admin/invites', {}],
      ['DELETE', '/api/admin/invites/ABCDEFGHJK'],
    ];
    for (const [method, path, body] of routes) {
      const refused = await user.req(method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect((await new Agent(srv.url).req(method, path, body)).status).toBe(401);
    }
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('reports live rooms, connections and storage counters', async () => {
    const before = (await admin.get('/api/admin/status')).body;
    expect(before).toMatchObject({ startedAt: expect.any(Number), rooms: 0, connections: 0, walRewinds: 0 });
    expect(before.databaseBytes).toBeGreaterThan(0);
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    s.send({ type: 'chat', opId: 'st-1', text: 'counted' });
    await s.next('ack');
    s.send({ type: 'phase', opId: 'st-2', action: 'start' });
    await s.next('error');
    const during = (await admin.get('/api/admin/status')).body;
    expect(during).toMatchObject({ rooms: 1, connections: 1 });
    expect(during.eventsCommitted).toBe(before.eventsCommitted + 1);
    expect(during.commits).toBe(before.commits + 1);
    expect(during.opsRefused).toBe(before.opsRefused + 1);
    s.close();
    await s.closed;
    await expect.poll(async () => (await admin.get('/api/admin/status')).body, { timeout: 5000 }).toMatchObject({ rooms: 0, connections: 0 });
  });

  it('shows the settings and the users', async () => {
    const user = await registeredAgent(srv.url);
    const settings = await admin.get('/api/admin/settings');
    expect(settings.body).toEqual({ registration: 'open', publicUrl: null, version: expect.any(String), users: expect.any(Number) });
    const users = await admin.get('/api/admin/users');
    expect(users.status).toBe(200);
    expect(users.body[0]).toEqual({ id: admin.userId, username: 'theadmin', displayName: 'theadmin', isAdmin: true, disabled: false, createdAt: expect.any(Number) });
    expect(users.body.find((u: { id: string }) => u.id === user.userId)).toMatchObject({ isAdmin: false, disabled: false });
    expect(JSON.stringify(users.body)).not.toContain('password');
  });

  it('disabling a user locks them out of HTTP and closes their sockets at once', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const { s: victim } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const { s: peer } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    const oldCookie = candidate.cookie;

    const started = Date.now();
    const res = await admin.req('PATCH', `/api/admin/users/${candidate.userId}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: candidate.userId, disabled: true });
    expect(await victim.closed).toEqual({ code: 4401, reason: 'signed out' });
    expect(Date.now() - started).toBeLessThan(1000);
    // The peer stays connected and sees the candidate go offline.
    await peer.next('presence', (p) => p.participants.some((x) => x.userId === candidate.userId && !x.online));

    const me = await candidate.get('/api/me');
    expect(me.status).toBe(401);
    expect((await candidate.get(`/api/sessions/${session.id}`)).status).toBe(401);
    await expect(TestSocket.open(srv.url, session.id, oldCookie)).rejects.toMatchObject({ status: 401 });
    const login = await new Agent(srv.url).post('/api/auth/login', { username: candidate.username, password: PASSWORD });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('forbidden');
    expect((await admin.get('/api/admin/users')).body.find((u: { id: string }) => u.id === candidate.userId).disabled).toBe(true);

    // Enabled again, the user signs in anew (old cookies stay dead).
    expect((await admin.req('PATCH', `/api/admin/users/${candidate.userId}`, { disabled: false })).body.disabled).toBe(false);
    expect((await candidate.get('/api/me')).status).toBe(401);
    const again = new Agent(srv.url);
    expect((await again.post('/api/auth/login', { username: candidate.username, password: PASSWORD })).status).toBe(200);
    const { welcome } = await TestSocket.join(srv.url, session.id, again.cookie);
    expect(welcome.role).toBe('candidate');
    peer.close();
  });

  it('refuses to disable the admin, unknown users and bad bodies', async () => {
    const self = await admin.req('PATCH', `/api/admin/users/${admin.userId}`, { disabled: true });
    expect(self.status).toBe(400);
    expect(self.body.error.field).toBe('disabled');
    expect((await admin.req('PATCH', '/api/admin/users/AAAAAAAAAAAAAAAAAAAAAA', { disabled: true })).status).toBe(404);
    expect((await admin.req('PATCH', '/api/admin/users/bad%20id', { disabled: true })).status).toBe(400);
    const user = await registeredAgent(srv.url);
    for (const body of [{}, { disabled: 'yes' }, { disabled: true, isAdmin: true }]) {
      const res = await admin.req('PATCH', `/api/admin/users/${user.userId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('explains that invite codes need REGISTRATION=invite', async () => {
    const res = await admin.post('/api/admin/invites');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/REGISTRATION=invite/);
  });
});

describe('admin: invite-only registration', () => {
  it('creates invite codes that register exactly one account, and revokes unused ones', async () => {
    const inv = await startTestServer({ REGISTRATION: 'invite' });
    try {
      const boss = await registeredAgent(inv.url, 'boss');
      expect((await boss.get('/api/admin/settings')).body.registration).toBe('invite');
      const created = await boss.post('/api/admin/invites');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{12}$/), createdAt: expect.any(Number), createdBy: 'boss', usedBy: null, usedAt: null });
      const code = created.body.code as string;

      const newcomer = new Agent(inv.url);
      expect((await newcomer.post('/api/auth/register', { username: 'newcomer', password: PASSWORD, inviteCode: code })).status).toBe(201);
      const reuse = await new Agent(inv.url).post('/api/auth/register', { username: 'another', password: PASSWORD, inviteCode: code });
      expect(reuse.status).toBe(403);
      const list = await boss.get('/api/admin/invites');
      expect(list.body).toEqual([{ code, createdAt: expect.any(Number), createdBy: 'boss', usedBy: 'newcomer', usedAt: expect.any(Number) }]);
      // A used invite cannot be revoked; an unused one can, and then no longer registers anyone.
      expect((await boss.req('DELETE', `/api/admin/invites/${code}`)).status).toBe(404);
      const spare = (await boss.post('/api/admin/invites')).body.code as string;
      expect((await boss.req('DELETE', `/api/admin/invites/${spare}`)).body).toEqual({ ok: true });
      expect((await new Agent(inv.url).post('/api/auth/register', { username: 'late1', password: PASSWORD, inviteCode: spare })).status).toBe(403);
      expect((await boss.req('DELETE', '/api/admin/invites/not-a-code!')).status).toBe(400);
    } finally {
      await inv.stop();
    }
  });
});
