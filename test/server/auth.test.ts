import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, PASSWORD, registeredAgent, startTestServer, type TestServer } from '../helpers/server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

describe('accounts', () => {
  it('registers the first user as admin, later ones not', async () => {
    const first = new Agent(srv.url);
    const a = await first.post('/api/auth/register', { username: 'Founder', password: PASSWORD, displayName: 'The Founder' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ username: 'Founder', displayName: 'The Founder', isAdmin: true });
    const cookie = a.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await first.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.isAdmin).toBe(true);

    const second = await registeredAgent(srv.url);
    expect((await second.get('/api/me')).body.isAdmin).toBe(false);
  });

  it('refuses a taken username case-insensitively with 409', async () => {
    const res = await new Agent(srv.url).post('/api/auth/register', { username: 'founder', password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: 'username_taken', message: expect.any(String), field: 'username' } });
  });

  it.each([
    ['short', 'short', 'weak_password'],
    ['common', 'password123', 'weak_password'],
    ['sequence', '1234567890', 'weak_password'],
    ['repeated', 'aaaaaaaaaaaa', 'weak_password'],
  ])('refuses a %s password', async (_what, password, code) => {
    const res = await new Agent(srv.url).post('/api/auth/register', { username: `pw${_what}`, password });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.field).toBe('password');
  });

  it('validates the body with a field-level message', async () => {
    const res = await new Agent(srv.url).post('/api/auth/register', { username: 'a', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', field: 'username' });
    const extra = await new Agent(srv.url).post('/api/auth/register', { username: 'extra1', password: PASSWORD, isAdmin: true });
    expect(extra.status).toBe(400);
  });

  it('logs in, rotates the cookie, and kills it at logout on HTTP', async () => {
    const user = await registeredAgent(srv.url);
    const registrationCookie = user.cookie;
    const login = await user.post('/api/auth/login', { username: user.username, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(user.cookie).not.toBe(registrationCookie);
    // The cookie from before the login no longer works.
    const stale = new Agent(srv.url);
    stale.cookie = registrationCookie;
    expect((await stale.get('/api/me')).status).toBe(401);

    const live = user.cookie;
    expect((await user.post('/api/auth/logout')).status).toBe(200);
    const replay = new Agent(srv.url);
    replay.cookie = live;
    const after = await replay.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  it('answers a wrong password with 401 and the same message as an unknown user', async () => {
    const user = await registeredAgent(srv.url);
    const wrong = await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: 'not the password at all' });
    const unknown = await new Agent(srv.url).post('/api/auth/login', { username: 'nobody-here', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('throttles brute force per address and username with 429 and Retry-After', async () => {
    const user = await registeredAgent(srv.url);
    const attacker = new Agent(srv.url);
    let last;
    for (let i = 0; i < 9; i++) last = await attacker.post('/api/auth/login', { username: user.username, password: `guess number ${i}!` });
    expect(last!.status).toBe(429);
    expect(last!.body.error.code).toBe('rate_limited');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits out the window.
    const right = await attacker.post('/api/auth/login', { username: user.username, password: PASSWORD });
    expect(right.status).toBe(429);
  });
});

describe('HTTP hygiene', () => {
  it('answers malformed JSON with 400 and the error shape', async () => {
    const res = await new Agent(srv.url).req('POST', '/api/auth/login', '{"username": "x", ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_json', message: expect.any(String) } });
  });

  it('refuses non-JSON bodies with 415', async () => {
    const res = await new Agent(srv.url).req('POST', '/api/auth/login', 'username=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await new Agent(srv.url).post('/api/auth/login', { username: 'x', password: 'y'.repeat(100_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it.each([
    ['JSON', 'application/json', '{}'],
    ['a form', 'application/x-www-form-urlencoded', 'a=b'],
    ['text/plain', 'text/plain', '{}'],
    ['multipart', 'multipart/form-data; boundary=x', '--x--'],
    ['no content type', '', ''],
  ])('refuses a cross-origin write carrying the cookie as %s with 403', async (_what, type, body) => {
    const user = await registeredAgent(srv.url);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const headers: Record<string, string> = { origin: 'http://evil.example' };
      if (type) headers['content-type'] = type;
      const res = await user.req(method, '/api/sessions', body || undefined, headers);
      expect(res.status, method).toBe(403);
      expect(res.body.error.code).toBe('cross_origin');
    }
    const site = await user.req('POST', '/api/auth/logout', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(site.status).toBe(403);
    // The session survived: the refused logout did nothing.
    expect((await user.get('/api/me')).status).toBe(200);
  });

  it('accepts a same-origin write', async () => {
    const user = await registeredAgent(srv.url);
    const host = new URL(srv.url).host;
    const res = await user.post('/api/auth/logout', {}, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
  });

  it('sets security headers with a real CSP', async () => {
    const res = await new Agent(srv.url).get('/api/health');
    expect(res.body).toEqual({ ok: true, version: expect.any(String) });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown API paths with a JSON 404 and serves the SPA elsewhere', async () => {
    const api = await new Agent(srv.url).get('/api/does-not-exist');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const page = await fetch(`${srv.url}/some/client/route`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-type')).toContain('text/html');
    const asset = await fetch(`${srv.url}/assets/missing-file.js`);
    expect(asset.status).toBe(404);
  });

  it('requires sign-in for the library', async () => {
    const res = await new Agent(srv.url).get('/api/problems');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});

describe('registration modes', () => {
  it('closed: only the first account can be created', async () => {
    const closed = await startTestServer({ REGISTRATION: 'closed' });
    try {
      expect((await new Agent(closed.url).post('/api/auth/register', { username: 'admin1', password: PASSWORD })).status).toBe(201);
      const res = await new Agent(closed.url).post('/api/auth/register', { username: 'second', password: PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('registration_closed');
    } finally {
      await closed.stop();
    }
  });

  it('invite: needs a valid, unused invite code', async () => {
    const inv = await startTestServer({ REGISTRATION: 'invite' });
    try {
      const admin = new Agent(inv.url);
      expect((await admin.post('/api/auth/register', { username: 'admin1', password: PASSWORD })).status).toBe(201);
      const none = await new Agent(inv.url).post('/api/auth/register', { username: 'second', password: PASSWORD });
      expect(none.status).toBe(403);
      const bad = await new Agent(inv.url).post('/api/auth/register', { username: 'second', password: PASSWORD, inviteCode: 'NOPE' });
      expect(bad.status).toBe(403);
      expect(bad.body.error.field).toBe('inviteCode');
      // A bad invite creates no account.
      const retry = await new Agent(inv.url).post('/api/auth/login', { username: 'second', password: PASSWORD });
      expect(retry.status).toBe(401);
    } finally {
      await inv.stop();
    }
  });

  it('https PUBLIC_URL: Secure __Host- cookie and Origin judged against it', async () => {
    const tls = await startTestServer({ PUBLIC_URL: 'https://mock.example.org' });
    try {
      const a = new Agent(tls.url);
      const res = await a.post('/api/auth/register', { username: 'tlsuser', password: PASSWORD }, { origin: 'https://mock.example.org' });
      expect(res.status).toBe(201);
      const cookie = res.headers.getSetCookie()[0]!;
      expect(cookie).toMatch(/^__Host-/);
      expect(cookie).toMatch(/Secure/);
      // The Host header no longer decides: only the configured origin does.
      const host = new URL(tls.url).host;
      const local = await a.post('/api/auth/logout', {}, { origin: `http://${host}` });
      expect(local.status).toBe(403);
    } finally {
      await tls.stop();
    }
  });
});

describe('behind a proxy', () => {
  it('TRUST_PROXY=1 throttles by the address the proxy saw, not by the proxy', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: '1' });
    try {
      const attacker = new Agent(proxied.url);
      let last;
      for (let i = 0; i < 31; i++) {
        last = await attacker.post('/api/auth/login', { username: `nobody${i}`, password: 'wrong password here' }, { 'x-forwarded-for': `6.6.6.${i}, 10.0.0.9` });
      }
      expect(last!.status).toBe(429);
      // Another client behind the same proxy is not punished; a spoofed first entry changes nothing.
      const other = await new Agent(proxied.url).post('/api/auth/login', { username: 'nobody', password: 'wrong password here' }, { 'x-forwarded-for': '10.0.0.10' });
      expect(other.status).toBe(401);
    } finally {
      await proxied.stop();
    }
  });
});

