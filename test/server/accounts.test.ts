/** Account settings (display name, password, sign-ins) and admin reset links, against the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, pairedSession, PASSWORD, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

const NEW_PASSWORD = 'another long passphrase';

let srv: TestServer;
let admin: Agent & { userId: string; username: string };
beforeAll(async () => {
  srv = await startTestServer();
  admin = await registeredAgent(srv.url, 'theadmin');
});
afterAll(async () => {
  await srv.stop();
});

/** Another sign-in of the same account, as from a second browser. */
async function secondDevice(username: string, password = PASSWORD): Promise<Agent> {
  const a = new Agent(srv.url);
  const res = await a.post('/api/auth/login', { username, password }, { 'user-agent': 'SecondDevice/1.0' });
  expect(res.status).toBe(200);
  return a;
}

describe('settings', () => {
  it('changes the display name, validated', async () => {
    const user = await registeredAgent(srv.url);
    const res = await user.req('PATCH', '/api/me', { displayName: '  Ada L.  ' });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Ada L.');
    expect((await user.get('/api/me')).body.displayName).toBe('Ada L.');
    for (const displayName of ['', '   ', 'x'.repeat(49), 'bell\u0007']) {
      const bad = await user.req('PATCH', '/api/me', { displayName });
      expect(bad.status, JSON.stringify(displayName)).toBe(400);
      expect(bad.body.error.field).toBe('displayName');
    }
    expect((await new Agent(srv.url).req('PATCH', '/api/me', { displayName: 'Nobody' })).status).toBe(401);
  });

  it('changes the password: other sign-ins end (and their sockets close), the old password stops working, this sign-in stays', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const other = await secondDevice(candidate.username);
    const { s: otherSocket } = await TestSocket.join(srv.url, session.id, other.cookie);
    const { s: mySocket } = await TestSocket.join(srv.url, session.id, candidate.cookie);

    const wrong = await candidate.post('/api/me/password', { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_credentials', field: 'currentPassword' });
    const weak = await candidate.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'weak_password', field: 'newPassword' });

    const res = await candidate.post('/api/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.endedSignIns).toBe(1);
    expect((await otherSocket.closed).code).toBe(4401);
    expect((await other.get('/api/me')).status).toBe(401);
    expect((await candidate.get('/api/me')).status).toBe(200);
    mySocket.send({ type: 'chat', opId: 'after-change', text: 'still here' });
    expect((await mySocket.next('ack')).opId).toBe('after-change');
    mySocket.close();

    expect((await new Agent(srv.url).post('/api/auth/login', { username: candidate.username, password: PASSWORD })).status).toBe(401);
    expect((await new Agent(srv.url).post('/api/auth/login', { username: candidate.username, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('lists active sign-ins with the current one marked; each can be revoked; sign out everywhere ends them all', async () => {
    const user = await registeredAgent(srv.url);
    const laptop = await secondDevice(user.username);
    const list = await user.get('/api/me/sign-ins');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const current = list.body.find((s: { current: boolean }) => s.current);
    const other = list.body.find((s: { current: boolean }) => !s.current);
    expect(current).toMatchObject({ id: expect.any(String), createdAt: expect.any(Number), lastSeenAt: expect.any(Number) });
    expect(other.userAgent).toBe('SecondDevice/1.0');
    // Nobody else's sign-ins are visible or revocable.
    const stranger = await registeredAgent(srv.url);
    expect((await stranger.req('DELETE', `/api/me/sign-ins/${other.id}`)).status).toBe(404);
    expect((await laptop.get('/api/me')).status).toBe(200);

    expect((await user.req('DELETE', `/api/me/sign-ins/${other.id}`)).status).toBe(200);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect((await user.get('/api/me/sign-ins')).body).toHaveLength(1);

    const phone = await secondDevice(user.username);
    const everywhere = await user.req('DELETE', '/api/me/sign-ins');
    expect(everywhere.status).toBe(200);
    expect(everywhere.body.endedSignIns).toBe(2);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await user.get('/api/me')).status).toBe(401);
  });

  it('refuses cross-origin account changes', async () => {
    const user = await registeredAgent(srv.url);
    const res = await user.post('/api/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect((await user.req('DELETE', '/api/me/sign-ins', undefined, { origin: 'http://evil.example' })).status).toBe(403);
  });
});

describe('password reset links', () => {
  it('an admin makes a one-time link; it sets a new password once, ends every sign-in and signs in', async () => {
    const user = await registeredAgent(srv.url);
    const laptop = await secondDevice(user.username);
    expect((await user.post(`/api/admin/users/${admin.userId}/reset-link`)).status).toBe(403);
    const link = await admin.post(`/api/admin/users/${user.userId}/reset-link`);
    expect(link.status).toBe(201);
    const url = new URL(link.body.url);
    expect(url.pathname).toBe('/reset');
    expect(link.body.expiresAt - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    const token = url.searchParams.get('token')!;

    const visitor = new Agent(srv.url);
    expect((await visitor.get(`/api/auth/reset?token=${encodeURIComponent(token)}`)).body).toEqual({ username: user.username });
    const weak = await visitor.post('/api/auth/reset', { token, newPassword: '1234567890' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('newPassword');
    const done = await visitor.post('/api/auth/reset', { token, newPassword: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body.signedIn).toBe(true);
    expect((await visitor.get('/api/me')).body.username).toBe(user.username);
    expect((await user.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect((await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: PASSWORD })).status).toBe(401);
    expect((await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: NEW_PASSWORD })).status).toBe(200);

    const again = await new Agent(srv.url).post('/api/auth/reset', { token, newPassword: 'a third long passphrase' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
    expect((await new Agent(srv.url).get(`/api/auth/reset?token=${encodeURIComponent(token)}`)).status).toBe(400);
  });

  it('a newer link replaces an older one; unknown users and tokens are refused', async () => {
    const user = await registeredAgent(srv.url);
    const first = new URL((await admin.post(`/api/admin/users/${user.userId}/reset-link`)).body.url).searchParams.get('token')!;
    const second = new URL((await admin.post(`/api/admin/users/${user.userId}/reset-link`)).body.url).searchParams.get('token')!;
    expect((await new Agent(srv.url).post('/api/auth/reset', { token: first, newPassword: NEW_PASSWORD })).body.error.code).toBe('invalid_token');
    expect((await new Agent(srv.url).post('/api/auth/reset', { token: second, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await admin.post('/api/admin/users/nobody-at-all/reset-link')).status).toBe(404);
    expect((await new Agent(srv.url).post('/api/auth/reset', { token: 'made-up', newPassword: NEW_PASSWORD })).status).toBe(400);
  });

  it('expires after 24 hours', async () => {
    let clock = Date.now();
    const timed = await startTestServer({}, { now: () => clock });
    try {
      const boss = await registeredAgent(timed.url);
      const user = await registeredAgent(timed.url);
      const token = new URL((await boss.post(`/api/admin/users/${user.userId}/reset-link`)).body.url).searchParams.get('token')!;
      clock += 24 * 3600 * 1000 + 1;
      const res = await new Agent(timed.url).post('/api/auth/reset', { token, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_token');
    } finally {
      await timed.stop();
    }
  });
});
