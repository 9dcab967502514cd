/**
 * Issue 15's holes in sign-up, the first admin, the sign-in throttle, logout and purging, each against
 * the real server (a temporary SQLite file, real sockets).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, pairedSession, PASSWORD, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

/** A request as if from `address`, seen by a reverse proxy (the server runs with TRUST_PROXY=1). */
const from = (address: string) => ({ 'x-forwarded-for': address });

async function withServer<T>(env: Record<string, string>, run: (srv: TestServer) => Promise<T>, opts: Parameters<typeof startTestServer>[1] = {}): Promise<T> {
  const srv = await startTestServer(env, opts);
  try {
    return await run(srv);
  } finally {
    await srv.stop();
  }
}

describe('sign-up', () => {
  it('allows 10 registrations per address per 10 minutes; the 11th is 429 with Retry-After, other addresses go on', async () => {
    // SIGNUP_LIMIT empty: the default of 10 (the test helper raises it for the other tests).
    await withServer({ TRUST_PROXY: '1', SIGNUP_LIMIT: '' }, async (srv) => {
      expect((await new Agent(srv.url).post('/api/auth/register', { username: 'owner1', password: PASSWORD })).status).toBe(201);
      const results: number[] = [];
      for (let i = 0; i < 10; i++) {
        // Refused attempts count too: a taken username is still an attempt.
        const username = i === 3 ? 'owner1' : `flood${i}`;
        results.push((await new Agent(srv.url).post('/api/auth/register', { username, password: PASSWORD }, from('198.51.100.7'))).status);
      }
      expect(results).toEqual([201, 201, 201, 409, 201, 201, 201, 201, 201, 201]);
      const eleventh = await new Agent(srv.url).post('/api/auth/register', { username: 'flood10', password: PASSWORD }, from('198.51.100.7'));
      expect(eleventh.status).toBe(429);
      expect(eleventh.body.error.code).toBe('rate_limited');
      expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(500);
      // IPv6 is counted per /64, other addresses are not affected.
      expect((await new Agent(srv.url).post('/api/auth/register', { username: 'neighbour', password: PASSWORD }, from('198.51.100.8'))).status).toBe(201);
    });
  });

  it('checks the invite code before the username, and both before hashing the password', async () => {
    await withServer({ REGISTRATION: 'invite' }, async (srv) => {
      const admin = new Agent(srv.url);
      expect((await admin.post('/api/auth/register', { username: 'admin1', password: PASSWORD })).status).toBe(201);
      const hashesBefore = srv.hashing.stats.done;
      // A wrong code says nothing about usernames: "admin1" exists, yet the answer is about the code.
      const taken = await new Agent(srv.url).post('/api/auth/register', { username: 'admin1', password: PASSWORD, inviteCode: 'WRONGCODE' });
      expect(taken.status).toBe(403);
      expect(taken.body.error).toMatchObject({ code: 'registration_closed', field: 'inviteCode' });
      const free = await new Agent(srv.url).post('/api/auth/register', { username: 'nobody9', password: PASSWORD, inviteCode: 'WRONGCODE' });
      expect(free.body.error).toEqual(taken.body.error);
      // A flood of wrong codes burns no hashes.
      const flood = await Promise.all(
        Array.from({ length: 8 }, (_, i) => new Agent(srv.url).post('/api/auth/register', { username: `wrong${i}`, password: PASSWORD, inviteCode: `BAD${i}` })),
      );
      expect(flood.map((r) => r.status)).toEqual(Array(8).fill(403));
      const invite = await admin.post('/api/admin/invites');
      const dup = await new Agent(srv.url).post('/api/auth/register', { username: 'ADMIN1', password: PASSWORD, inviteCode: invite.body.code });
      expect(dup.status).toBe(409);
      expect(srv.hashing.stats.done).toBe(hashesBefore);
      // The code was not used up by the refused attempt.
      expect((await new Agent(srv.url).post('/api/auth/register', { username: 'invited1', password: PASSWORD, inviteCode: invite.body.code })).status).toBe(201);
    });
  });

  it('runs at most 2 password hashes at once for registration and sign-in together', async () => {
    await withServer({ TRUST_PROXY: '1', SCRYPT_LOG2N: '14' }, async (srv) => {
      const user = await registeredAgent(srv.url);
      const results = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => new Agent(srv.url).post('/api/auth/register', { username: `burst${i}`, password: PASSWORD }, from(`192.0.2.${i + 1}`))),
        ...Array.from({ length: 4 }, () => new Agent(srv.url).post('/api/auth/login', { username: user.username, password: PASSWORD }, from('192.0.2.99'))),
      ]);
      expect(results.map((r) => r.status)).toEqual([...Array(10).fill(201), ...Array(4).fill(200)]);
      expect(srv.hashing.stats.peak).toBe(2);
    });
  });

  it('answers 503 with Retry-After when the sign-up queue is long; a sign-in meanwhile goes first', async () => {
    // Hashes slow enough (2^14) that a queue of 32 takes a while to drain.
    await withServer({ TRUST_PROXY: '1', SCRYPT_LOG2N: '14' }, async (srv) => {
      const first = await registeredAgent(srv.url);
      // Two slow hashes hold both slots (as a flood of real ones would), so requests queue behind them.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holders = [srv.hashing.run(() => held), srv.hashing.run(() => held)];
      const register = (i: number) => new Agent(srv.url).post('/api/auth/register', { username: `queue${i}`, password: PASSWORD }, from(`203.0.113.${i + 1}`));
      const queued = Array.from({ length: srv.hashing.maxQueue }, (_, i) => register(i));
      await expect.poll(() => srv.hashing.queued('signup'), { timeout: 10_000 }).toBe(srv.hashing.maxQueue);
      const busy = await register(200);
      expect(busy.status).toBe(503);
      expect(busy.body.error.code).toBe('server_busy');
      expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // A sign-in arriving during the flood waits in its own lane and goes first.
      const doneBefore = srv.hashing.stats.done;
      const login = new Agent(srv.url).post('/api/auth/login', { username: first.username, password: PASSWORD }, from('203.0.113.250'));
      await expect.poll(() => srv.hashing.queued('signin'), { timeout: 10_000 }).toBe(1);
      release();
      expect((await login).status).toBe(200);
      // Done by then: the two held slots, the sign-in and the registration or two that ran beside it,
      // not the 32 queued before it.
      expect(srv.hashing.stats.done - doneBefore).toBeLessThanOrEqual(8);
      await Promise.all(holders);
      expect((await Promise.all(queued)).map((r) => r.status)).toEqual(Array(srv.hashing.maxQueue).fill(201));
      expect(srv.hashing.stats.peak).toBe(2);
    });
  });
});

describe('the first account', () => {
  it('needs the setup token from an address that is not loopback (the forwarded address counts)', async () => {
    await withServer({ TRUST_PROXY: '1', SETUP_TOKEN: 'a-setup-token-for-tests-1234' }, async (srv) => {
      const none = await new Agent(srv.url).post('/api/auth/register', { username: 'squatter', password: PASSWORD }, from('203.0.113.50'));
      expect(none.status).toBe(403);
      expect(none.body.error.code).toBe('setup_token_required');
      const wrong = await new Agent(srv.url).post('/api/auth/register', { username: 'squatter', password: PASSWORD, setupToken: 'not-the-token-at-all-000' }, from('203.0.113.50'));
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('setup_token_required');
      // Behind the proxy, loopback forwarded by nobody still counts as remote.
      const viaProxy = await new Agent(srv.url).post('/api/auth/register', { username: 'squatter', password: PASSWORD }, from('10.1.2.3'));
      expect(viaProxy.status).toBe(403);
      const owner = await new Agent(srv.url).post('/api/auth/register', { username: 'owner', password: PASSWORD, setupToken: 'a-setup-token-for-tests-1234' }, from('203.0.113.51'));
      expect(owner.status).toBe(201);
      expect(owner.body.isAdmin).toBe(true);
      // Later accounts need no token, and the token makes nobody else an admin.
      const later = await new Agent(srv.url).post('/api/auth/register', { username: 'later', password: PASSWORD, setupToken: 'a-setup-token-for-tests-1234' }, from('203.0.113.52'));
      expect(later.status).toBe(201);
      expect(later.body.isAdmin).toBe(false);
    });
  });

  it('prints a setup URL with a one-time token at start-up while no account exists', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const log = pino({ level: 'info' }, sink);
    await withServer(
      { TRUST_PROXY: '1' },
      async (srv) => {
        const line = lines.map((l) => JSON.parse(l) as { setupUrl?: string }).find((l) => l.setupUrl);
        expect(line?.setupUrl).toMatch(new RegExp(`^${srv.url}/register\\?setup=[A-Za-z0-9_-]{20,}$`));
        const token = new URL(line!.setupUrl!).searchParams.get('setup')!;
        const res = await new Agent(srv.url).post('/api/auth/register', { username: 'founder', password: PASSWORD, setupToken: token }, from('203.0.113.60'));
        expect(res.status).toBe(201);
        expect(res.body.isAdmin).toBe(true);
      },
      { log },
    );
  });

  it('from loopback needs nothing more, and of simultaneous first registrations exactly one becomes admin', async () => {
    await withServer({ REGISTRATION: 'closed' }, async (srv) => {
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => new Agent(srv.url).post('/api/auth/register', { username: `first${i}`, password: PASSWORD })));
      // Closed registration: only the first account may exist, however close together they came.
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.find((r) => r.status === 201)!.body.isAdmin).toBe(true);
      expect(results.filter((r) => r.status === 403).every((r) => r.body.error.code === 'registration_closed')).toBe(true);
      expect(await srv.store.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()).toEqual({ n: 1 });
    });
  });
});

describe('sign-in throttle', () => {
  it('counts failures per (address, username): an attacker elsewhere cannot lock the real user out', async () => {
    await withServer({ TRUST_PROXY: '1' }, async (srv) => {
      const user = await registeredAgent(srv.url);
      let last;
      for (let i = 0; i < 9; i++) last = await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: `guess number ${i}!` }, from('192.0.2.66'));
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      // The attacker's address is locked for that user even with the right password…
      expect((await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: PASSWORD }, from('192.0.2.66'))).status).toBe(429);
      // …while the user, from her own address, signs in.
      expect((await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: PASSWORD }, from('192.0.2.10'))).status).toBe(200);
    });
  });

  it('groups IPv6 addresses by /64', async () => {
    await withServer({ TRUST_PROXY: '1' }, async (srv) => {
      const user = await registeredAgent(srv.url);
      for (let i = 0; i < 8; i++) {
        // A different address of the same /64 each time.
        await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: `guess number ${i}!` }, from(`2001:db8:1:2::${i + 1}`));
      }
      const sameNet = await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: PASSWORD }, from('2001:db8:1:2:ffff:ffff:ffff:fffe'));
      expect(sameNet.status).toBe(429);
      const otherNet = await new Agent(srv.url).post('/api/auth/login', { username: user.username, password: PASSWORD }, from('2001:db8:1:3::1'));
      expect(otherNet.status).toBe(200);
    });
  });
});

describe('sign-ins end everywhere they were used', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('logout closes the sockets opened with that sign-in (4401) and no other', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    // The same person signed in on a second device.
    const laptop = new Agent(srv.url);
    expect((await laptop.post('/api/auth/login', { username: candidate.username, password: PASSWORD })).status).toBe(200);
    const { s: phone } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const { s: other } = await TestSocket.join(srv.url, session.id, laptop.cookie);
    const started = Date.now();
    expect((await candidate.post('/api/auth/logout')).status).toBe(200);
    const closed = await phone.closed;
    expect(closed.code).toBe(4401);
    expect(Date.now() - started).toBeLessThan(1000);
    // The other device's socket still works.
    other.send({ type: 'chat', opId: 'still-here', text: 'hello' });
    expect((await other.next('ack')).opId).toBe('still-here');
    other.close();
  });

  it('expired sign-ins are purged while the server runs, not only at start-up', async () => {
    let clock = Date.now();
    await withServer(
      {},
      async (timed) => {
        await registeredAgent(timed.url);
        const count = async () => (await timed.store.db.selectFrom('auth_sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
        expect(await count()).toBe(1);
        clock += 31 * 24 * 3600 * 1000;
        await expect.poll(count, { timeout: 5000 }).toBe(0);
      },
      { now: () => clock, purgeIntervalMs: 25 },
    );
  });
});

describe('malformed addresses', () => {
  it('answers GET /%E0 with 400, not a 500 with a stack', async () => {
    await withServer({}, async (srv) => {
      for (const path of ['/%E0', '/groups/%E0%A4%A', '/assets/%FF.js']) {
        const res = await fetch(srv.url + path);
        expect(res.status, path).toBe(400);
      }
      const api = await fetch(`${srv.url}/api/%E0`);
      expect([400, 404]).toContain(api.status);
    });
  });
});
