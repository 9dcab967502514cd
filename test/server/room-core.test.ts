/**
 * Room core against the real server: the sender and its peer fold the same state (the ack carries the
 * committed event), and every resource budget holds with the socket still usable.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BOARD_BYTES, MAX_SHAPES } from '../../shared/board';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { CONTROL_RESERVE, MAX_EVENTS } from '../../server/rooms/room';
import { RoomConnection } from '../../web/room/connection';
import { pairedSession, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  // These tests send faster than a person; the flood limit has its own test.
  srv.hub.limits.ratePerSecond = 1_000_000;
  srv.hub.limits.rateBurst = 1_000_000;
});
afterAll(async () => {
  await srv.stop();
});

/** The browser's room client, run in Node over a `ws` socket carrying the agent's cookie. */
function browserClient(sessionId: string, cookie: string): RoomConnection {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const url = `${srv.url.replace(/^http/, 'ws')}/ws?session=${sessionId}`;
  const conn = new RoomConnection(url, (u) => new WebSocket(u, { headers: { cookie } }) as unknown as globalThis.WebSocket);
  conn.start();
  return conn;
}

async function settled(conn: RoomConnection, seq: number) {
  await expect.poll(() => [conn.getView().confirmed?.seq, conn.getView().pending.length], { timeout: 10_000 }).toEqual([seq, 0]);
}

describe('sender and peer fold the same state', () => {
  it('after clock, board, hint, chat and estimate ops from both sides, the two clients are deep-equal', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const guide = await interviewer.get('/api/problems/url-shortener/guide');
    const hintId = (guide.body as { hints: { id: string }[] }).hints[0]!.id;
    const cand = browserClient(session.id, candidate.cookie);
    const intv = browserClient(session.id, interviewer.cookie);
    try {
      await expect.poll(() => [cand.getView().status, intv.getView().status]).toEqual(['open', 'open']);
      intv.phase('start');
      await settled(intv, 1);
      // A shape added after the start carries the server-set phase tag, for the sender too.
      cand.board({ kind: 'add', shape: { id: 'lb', type: 'component', component: 'load-balancer', x: 10, y: 10, w: 120, h: 60, text: 'LB' } });
      cand.board({ kind: 'add', shape: { id: 'db', type: 'component', component: 'sql-database', x: 300, y: 10, w: 120, h: 60 } });
      cand.board({ kind: 'add', shape: { id: 'a1', type: 'arrow', x: 0, y: 0, w: 0, h: 0, from: 'lb', to: 'db' } });
      // The revealed hint's text is the server's to fill: the revealer folds it from its ack.
      intv.hint(hintId);
      cand.chat('I would put a cache in front of the database');
      cand.estimate({ inputs: { dau: 100_000_000, readsPerUserPerDay: 10 }, figures: { readQps: 11_574 } });
      intv.board({ kind: 'update', id: 'lb', patch: { x: 40, text: 'L7 LB' } });
      intv.phase('next');
      await settled(intv, 9);
      await settled(cand, 9);
      cand.board({ kind: 'add', shape: { id: 'note', type: 'text', x: 0, y: 200, w: 100, h: 20, text: 'estimates' } });
      cand.board({ kind: 'delete', ids: ['db'] });
      await settled(cand, 11);
      await settled(intv, 11);
      const a = cand.getView().confirmed!;
      const b = intv.getView().confirmed!;
      expect(a).toEqual(b);
      expect(a.board.shapes.get('lb')?.phase).toBe('clarify');
      expect(a.board.shapes.get('note')?.phase).toBe('estimate');
      expect(a.hints[0]?.text.length).toBeGreaterThan(10);
      expect(a.board.shapes.get('a1')?.to).toBeUndefined();
      expect(cand.getView().session?.status).toBe('live');
    } finally {
      cand.stop();
      intv.stop();
    }
  });
});

describe('budgets', () => {
  it(`a board takes ${MAX_SHAPES} shapes; the next add is refused with budget_exceeded and the socket stays usable`, async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    for (let i = 0; i < MAX_SHAPES; i++) s.send({ type: 'board', opId: `a${i}`, op: { kind: 'add', shape: { id: `s${i}`, type: 'rect', x: i, y: 0, w: 5, h: 5 } } });
    await s.next('ack', (a) => a.opId === `a${MAX_SHAPES - 1}`, 30_000);
    s.send({ type: 'board', opId: 'over', op: { kind: 'add', shape: { id: 'one-more', type: 'rect', x: 0, y: 0, w: 5, h: 5 } } });
    const err = await s.next('error', (e) => e.opId === 'over');
    expect(err.code).toBe('budget_exceeded');
    expect(err.message).toMatch(/board is full/);
    // Nothing stored, still usable: updates pass, and a delete makes room again.
    s.send({ type: 'board', opId: 'move', op: { kind: 'update', id: 's1', patch: { x: 99 } } });
    expect((await s.next('ack', (a) => a.opId === 'move')).seq).toBe(MAX_SHAPES + 1);
    s.send({ type: 'board', opId: 'del', op: { kind: 'delete', ids: ['s0'] } });
    await s.next('ack', (a) => a.opId === 'del');
    s.send({ type: 'board', opId: 'again', op: { kind: 'add', shape: { id: 'one-more', type: 'rect', x: 0, y: 0, w: 5, h: 5 } } });
    expect((await s.next('ack', (a) => a.opId === 'again')).seq).toBe(MAX_SHAPES + 3);
    s.close();
  });

  it(`a board holds at most ${MAX_BOARD_BYTES / 1024 / 1024} MiB of shape JSON, counted through adds, growing updates and deletes`, async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const stroke = (shift: number) => Array.from({ length: 5000 }, (_, i) => [Math.round(i * 1.37 * 1000) / 1000, ((i * 7.53 + shift) % 400) + 0.123]);
    const shape = (i: number) => ({ id: `p${i}`, type: 'pen', x: 0, y: 0, w: 10, h: 10, points: stroke(i) });
    let refusedAt = -1;
    for (let i = 0; i < 200 && refusedAt < 0; i++) {
      s.send({ type: 'board', opId: `p${i}`, op: { kind: 'add', shape: shape(i) } });
      const reply = await Promise.race([s.next('ack', (a) => a.opId === `p${i}`), s.next('error', (e) => e.opId === `p${i}`)]);
      if (reply.type === 'error') {
        expect(reply.code).toBe('budget_exceeded');
        refusedAt = i;
      }
    }
    // The budget counts the shapes' JSON exactly: the refused stroke is the first that would not fit.
    let used = 0;
    for (let i = 0; i < refusedAt; i++) used += JSON.stringify(shape(i)).length;
    expect(used).toBeLessThanOrEqual(MAX_BOARD_BYTES);
    expect(used + JSON.stringify(shape(refusedAt)).length).toBeGreaterThan(MAX_BOARD_BYTES);
    // An update that only moves a stroke is fine; one that grows the board past the budget is not.
    s.send({ type: 'board', opId: 'move', op: { kind: 'update', id: 'p0', patch: { x: 50 } } });
    await s.next('ack', (a) => a.opId === 'move');
    used += 1; // "0" became "50"
    const text = 'x'.repeat(2000);
    s.send({ type: 'board', opId: 'grow', op: { kind: 'update', id: 'p0', patch: { text } } });
    const grown = await Promise.race([s.next('ack', (a) => a.opId === 'grow'), s.next('error', (e) => e.opId === 'grow')]);
    expect(grown.type).toBe(used + `"text":"${text}",`.length > MAX_BOARD_BYTES ? 'error' : 'ack');
    // Deleting strokes frees their bytes.
    s.send({ type: 'board', opId: 'del', op: { kind: 'delete', ids: ['p1', 'p2'] } });
    await s.next('ack', (a) => a.opId === 'del');
    s.send({ type: 'board', opId: 'fits', op: { kind: 'add', shape: { id: 'fits', type: 'pen', x: 0, y: 0, w: 10, h: 10, points: stroke(3) } } });
    await s.next('ack', (a) => a.opId === 'fits');
    s.close();
  });

  it(`a log holds ${MAX_EVENTS} events; past it only the clock moves (to end the session)`, async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    // Fill the log directly, before the room loads.
    for (let from = 1; from <= MAX_EVENTS; from += 10_000) {
      const batch = [];
      for (let seq = from; seq < from + 10_000 && seq <= MAX_EVENTS; seq++) {
        batch.push({ sessionId: session.id, seq, ts: 1_700_000_000_000 + seq, author: candidate.userId, kind: 'chat' as const, json: '{"text":"x"}', opId: `seed-${seq}` });
      }
      await srv.store.events.commit(batch);
    }
    const { s, welcome } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    expect(welcome.seq).toBe(MAX_EVENTS);
    s.send({ type: 'chat', opId: 'one-more', text: 'hello?' });
    const err = await s.next('error', (e) => e.opId === 'one-more');
    expect(err).toMatchObject({ code: 'budget_exceeded', message: expect.stringMatching(/log is full/) });
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start', action: 'start' });
    int.s.send({ type: 'phase', opId: 'end', action: 'end' });
    expect((await int.s.next('ack', (a) => a.opId === 'end')).seq).toBe(MAX_EVENTS + 2);
    expect(MAX_EVENTS + 2).toBeLessThanOrEqual(MAX_EVENTS + CONTROL_RESERVE);
    const count = await srv.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', session.id).executeTakeFirstOrThrow();
    expect(count.n).toBe(MAX_EVENTS + 2);
    s.close();
    int.s.close();
  });

  it('one person holds at most 8 sockets: the 9th upgrade is a 429 before upgrading, and a closed one frees a slot', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const open = [];
    for (let i = 0; i < 8; i++) open.push(await TestSocket.open(srv.url, session.id, candidate.cookie));
    const refused = await TestSocket.open(srv.url, session.id, candidate.cookie).catch((e: { status?: number }) => e);
    expect((refused as { status?: number }).status).toBe(429);
    open[0]!.close();
    await open[0]!.closed;
    let reopened: TestSocket | undefined;
    await expect
      .poll(async () => (reopened ??= await TestSocket.open(srv.url, session.id, candidate.cookie).catch(() => undefined)) !== undefined, { timeout: 5000 })
      .toBe(true);
    open.push(reopened!);
    for (const o of open) o.close();
  });

  it('a room loads only for a member, and a refused upgrade or a failed handshake leaves none loaded', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const stranger = await registeredAgent(srv.url);
    await expect.poll(() => srv.hub.roomCount, { timeout: 5000 }).toBe(0);
    const refused = await TestSocket.open(srv.url, session.id, stranger.cookie).catch((e: { status?: number }) => e.status);
    expect(refused).toBe(404);
    expect(srv.hub.roomCount).toBe(0);

    // A wrong protocol version closes the handshake; the room it loaded goes with it.
    const wrong = await TestSocket.open(srv.url, session.id, candidate.cookie);
    expect(srv.hub.roomCount).toBe(1);
    wrong.send({ type: 'hello', protocol: PROTOCOL_VERSION + 1, lastSeq: 0 });
    expect((await wrong.closed).code).toBe(1008);
    await expect.poll(() => srv.hub.roomCount).toBe(0);

    // A socket that never says hello is closed, and the room unloads.
    srv.hub.limits.helloTimeoutMs = 150;
    try {
      const silent = await TestSocket.open(srv.url, session.id, candidate.cookie);
      expect((await silent.closed).code).toBe(4410);
      await expect.poll(() => srv.hub.roomCount).toBe(0);
    } finally {
      srv.hub.limits.helloTimeoutMs = 15_000;
    }
  });

  it('a second hello on a connection is a bad_frame and changes nothing', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, lastSeq: 0 });
    expect(await s.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringMatching(/already said hello/) });
    s.send({ type: 'chat', opId: 'c', text: 'still here' });
    expect((await s.next('ack')).seq).toBe(1);
    expect(s.all('welcome')).toHaveLength(0);
    s.close();
  });
});

describe('text the database cannot hold', () => {
  it('an op id with a NUL or a control character is a bad_frame; other rooms committing in the same turn are unaffected', async () => {
    const one = await pairedSession(srv.url);
    const two = await pairedSession(srv.url);
    const a = await TestSocket.join(srv.url, one.session.id, one.candidate.cookie);
    const b = await TestSocket.join(srv.url, two.session.id, two.candidate.cookie);
    for (const bad of ['nul\u0000id', 'tab\tid', 'é-id']) {
      a.s.send({ type: 'chat', opId: bad, text: 'x' });
      b.s.send({ type: 'chat', opId: `fine-${bad.length}`, text: 'y' });
      expect(await a.s.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringMatching(/opId/) });
      await b.s.next('ack', (x) => x.opId === `fine-${bad.length}`);
    }
    a.s.send({ type: 'chat', opId: 'still-fine', text: 'x' });
    expect((await a.s.next('ack', (x) => x.opId === 'still-fine')).seq).toBe(1);
    a.s.close();
    b.s.close();
  });

  it('chat and board text may hold a NUL (stored escaped in the event JSON) and read back intact', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    s.send({ type: 'chat', opId: 'nul-text', text: 'a\u0000b' });
    await s.next('ack');
    const back = await TestSocket.join(srv.url, session.id, candidate.cookie);
    expect(back.welcome.state.chat.map((m) => m.text)).toEqual(['a\u0000b']);
    s.close();
    back.s.close();
  });

  it('a NUL anywhere in a JSON request body is a 400 naming the field, and nothing is stored', async () => {
    const user = await registeredAgent(srv.url);
    const res = await user.req('PATCH', '/api/me', { displayName: 'Ada\u0000Lovelace' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: 'Text must not contain NUL characters (U+0000).', field: 'displayName' } });
    const group = await user.post('/api/groups', { name: 'nul\u0000group' });
    expect(group.status).toBe(400);
    expect((await user.get('/api/groups')).body).toEqual([]);
  });
});
