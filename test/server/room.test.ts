import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { Agent, pairedSession, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

const rect = (id: string, x = 10) => ({ kind: 'add', shape: { id, type: 'rect', x, y: 20, w: 100, h: 50 } });

describe('room handshake and fan-out', () => {
  it('welcomes with the folded state and no guide content for the candidate', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s, welcome } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    expect(welcome).toMatchObject({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      role: 'candidate',
      seq: 0,
      you: { id: candidate.userId },
      session: { id: session.id, problemSlug: 'url-shortener', mode: 'paired', status: 'waiting' },
    });
    expect(welcome.state).toMatchObject({ board: [], chat: [], hints: [], clock: { status: 'waiting', phaseIndex: -1 } });
    expect(Math.abs(welcome.serverTime - Date.now())).toBeLessThan(5000);
    const text = JSON.stringify(welcome);
    expect(text).not.toMatch(/Clarifying questions|Reference design|Answer key/i);
    // Curveballs reach her only when delivered; none are in the state before that.
    expect(welcome.state.curveballs).toEqual([]);
    s.close();
  });

  it('commits, acks the sender and broadcasts to the peer', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const a = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const b = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    const presence = await a.s.next('presence', (p) => p.participants.every((x) => x.online));
    expect(presence.participants).toHaveLength(2);

    a.s.send({ type: 'chat', opId: 'op-1', text: 'hello <script>alert(1)</script>' });
    const ack = await a.s.next('ack');
    const ev = await b.s.next('event');
    expect(ev).toEqual({ type: 'event', seq: 1, ts: ack.ts, author: candidate.userId, kind: 'chat', data: { text: 'hello <script>alert(1)</script>' } });
    // The ack carries the committed event exactly as the peer received it.
    const { type: _type, ...peerEvent } = ev;
    expect(ack).toEqual({ type: 'ack', opId: 'op-1', seq: 1, ts: expect.any(Number), event: peerEvent });
    b.s.send({ type: 'board', opId: 'b1', op: rect('lb') });
    expect((await b.s.next('ack')).seq).toBe(2);
    // The sender gets the ack, not an echo of its own event: the first event it sees is b's.
    const boardEv = await a.s.next('event');
    expect(boardEv.seq).toBe(2);
    expect(boardEv.kind).toBe('board');
    a.s.close();
    b.s.close();
  });

  it('lets only the interviewer move the clock, through all phases, recording time per phase', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);

    cand.s.send({ type: 'phase', opId: 'x', action: 'start' });
    const refused = await cand.s.next('error');
    expect(refused).toMatchObject({ code: 'wrong_role', opId: 'x' });

    for (const [i, action] of (['start', 'next', 'pause', 'resume', 'next', 'next'] as const).entries()) {
      int.s.send({ type: 'phase', opId: `p${i}`, action });
      await int.s.next('ack', (a) => a.opId === `p${i}`);
      const ev = await cand.s.next('event', (e) => e.kind === 'phase');
      expect(ev.data).toEqual({ action });
    }
    int.s.send({ type: 'phase', opId: 'last', action: 'next' });
    expect(await int.s.next('error')).toMatchObject({ code: 'bad_op', opId: 'last' });

    const info = await candidate.get(`/api/sessions/${session.id}`);
    expect(info.body.status).toBe('live');
    int.s.send({ type: 'phase', opId: 'end', action: 'end' });
    await int.s.next('ack', (a) => a.opId === 'end');
    expect((await candidate.get(`/api/sessions/${session.id}`)).body.status).toBe('ended');

    // After the end nothing changes any more.
    cand.s.send({ type: 'chat', opId: 'late', text: 'too late' });
    expect(await cand.s.next('error')).toMatchObject({ code: 'session_ended' });

    const { welcome } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    expect(welcome.state.clock.status).toBe('ended');
    expect(welcome.state.clock.spentMs).toHaveLength(4);
    expect(welcome.state.clock.spentMs.every((ms: number) => ms >= 0)).toBe(true);
    cand.s.close();
    int.s.close();
  });

  it('reveals hints from the interviewer with their text, and refuses unknown ones', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const guide = await interviewer.get('/api/problems/url-shortener/guide');
    const hintId = guide.body.hints[0].id as string;
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    cand.s.send({ type: 'hint', opId: 'h0', id: hintId });
    expect(await cand.s.next('error')).toMatchObject({ code: 'wrong_role' });
    int.s.send({ type: 'hint', opId: 'h1', id: hintId });
    const ev = await cand.s.next('event', (e) => e.kind === 'hint');
    expect(ev.data).toEqual({ id: hintId, text: guide.body.hints[0].text, phase: guide.body.hints[0].phase });
    int.s.send({ type: 'hint', opId: 'h2', id: 'no-such-hint' });
    expect(await int.s.next('error')).toMatchObject({ code: 'bad_op', opId: 'h2' });
    cand.s.close();
    int.s.close();
  });

  it('keeps observers read-only', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const watcher = await registeredAgent(srv.url);
    await watcher.post(`/api/sessions/${session.id}/join`, { inviteCode: session.observerCode });
    const obs = await TestSocket.join(srv.url, session.id, watcher.cookie);
    expect(obs.welcome.role).toBe('observer');
    for (const msg of [
      { type: 'chat', opId: 'o1', text: 'hi' },
      { type: 'board', opId: 'o2', op: rect('x') },
      { type: 'phase', opId: 'o3', action: 'start' },
      { type: 'estimate', opId: 'o4', inputs: { dau: 5 } },
    ]) {
      obs.s.send(msg);
      expect(await obs.s.next('error')).toMatchObject({ code: 'wrong_role', opId: msg.opId });
    }
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    cand.s.send({ type: 'chat', opId: 'c', text: 'visible to observers' });
    expect((await obs.s.next('event')).data).toEqual({ text: 'visible to observers' });
    expect(cand.welcome.seq).toBe(0);
    obs.s.close();
    cand.s.close();
  });
});

describe('bad input on the socket', () => {
  it('answers malformed JSON, unknown types and bad fields with error frames and stays usable', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const bad: unknown[] = [
      '{not json',
      '"just a string"',
      'null',
      { type: 'teleport' },
      { type: 'chat', opId: 'c1' },
      { type: 'chat', opId: 'c2', text: 'hi', extra: true },
      { type: 'chat', opId: 'c3', text: '   ' },
      { type: 'board', opId: 'b1', op: { kind: 'add', shape: { id: 'n', type: 'rect', x: Number.NaN, y: 0, w: 1, h: 1 } } },
      { type: 'board', opId: 'b2', op: { kind: 'add', shape: { id: 'n', type: 'rect', x: 1e12, y: 0, w: 1, h: 1 } } },
      { type: 'board', opId: 'b3', op: { kind: 'explode' } },
      { type: 'estimate', opId: 'e1', inputs: { dau: -1 } },
      { type: 'cursor', x: 'left', y: 0 },
    ];
    for (const frame of bad) {
      s.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      const err = await s.next('error');
      expect(err.code, JSON.stringify(frame)).toBe('bad_frame');
      expect(err.message.length).toBeGreaterThan(3);
    }
    // NaN cannot travel in JSON: the raw text "NaN" is malformed JSON and answered the same way.
    s.send('{"type":"cursor","x":NaN,"y":1}');
    expect((await s.next('error')).code).toBe('bad_frame');
    s.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await s.next('error')).code).toBe('bad_frame');

    s.send({ type: 'board', opId: 'missing', op: { kind: 'update', id: 'ghost', patch: { x: 5 } } });
    expect(await s.next('error')).toMatchObject({ code: 'bad_op', opId: 'missing' });
    s.send({ type: 'chat', opId: 'ok', text: 'still here' });
    expect(await s.next('ack')).toMatchObject({ opId: 'ok', seq: 1 });
    const events = await candidate.get(`/api/sessions/${session.id}/events`);
    expect(events.body.events).toHaveLength(1);
    s.close();
  });

  it('requires hello before anything else and checks the protocol version', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const s = await TestSocket.open(srv.url, session.id, candidate.cookie);
    s.send({ type: 'chat', opId: 'early', text: 'hi' });
    expect(await s.next('error')).toMatchObject({ code: 'bad_frame' });
    s.send({ type: 'hello', protocol: 999, lastSeq: 0 });
    expect(await s.next('error')).toMatchObject({ code: 'protocol_version' });
    expect((await s.closed).code).toBe(1008);
  });

  it('stores a replayed opId once and acks it again with the original seq', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const a = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const b = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    a.s.send({ type: 'chat', opId: 'same', text: 'once' });
    a.s.send({ type: 'chat', opId: 'same', text: 'once' });
    const first = await a.s.next('ack');
    const second = await a.s.next('ack');
    expect(second.seq).toBe(first.seq);
    a.s.send({ type: 'chat', opId: 'same', text: 'once' });
    expect((await a.s.next('ack')).seq).toBe(first.seq);
    await b.s.next('event');
    // A later op is the barrier: had a duplicate been broadcast, it would have reached b before it.
    a.s.send({ type: 'chat', opId: 'barrier', text: 'after' });
    expect((await b.s.next('event')).data).toEqual({ text: 'after' });
    expect(b.s.all('event')).toHaveLength(0);
    expect((await candidate.get(`/api/sessions/${session.id}/events`)).body.events).toHaveLength(2);
    a.s.close();
    b.s.close();
  });

  it('closes a frame over 256 KiB with 1009 and the server keeps serving', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    s.send({ type: 'chat', opId: 'big', text: 'x'.repeat(300 * 1024) });
    expect((await s.closed).code).toBe(1009);
    const again = await TestSocket.join(srv.url, session.id, candidate.cookie);
    again.s.send({ type: 'chat', opId: 'after', text: 'fine' });
    expect((await again.s.next('ack')).seq).toBe(1);
    again.s.close();
  });

  it('rate-limits a flood, then closes it with 1008', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const frame = JSON.stringify({ type: 'cursor', x: 1, y: 2 });
    for (let i = 0; i < 1000; i++) s.ws.send(frame);
    const err = await s.next('error');
    expect(err.code).toBe('rate_limited');
    expect((await s.closed).code).toBe(1008);
  });
});

describe('upgrade checks', () => {
  it('refuses a missing cookie (401), a stranger (404), a bad id (400) and a cross-origin upgrade (403)', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    await expect(TestSocket.open(srv.url, session.id, '')).rejects.toMatchObject({ status: 401 });
    const stranger = await registeredAgent(srv.url);
    await expect(TestSocket.open(srv.url, session.id, stranger.cookie)).rejects.toMatchObject({ status: 404 });
    await expect(TestSocket.open(srv.url, 'not a valid id!', candidate.cookie)).rejects.toMatchObject({ status: 400 });
    await expect(TestSocket.open(srv.url, 'doesnotexist123', candidate.cookie)).rejects.toMatchObject({ status: 404 });
    await expect(TestSocket.open(srv.url, session.id, candidate.cookie, { origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
    const ok = await TestSocket.open(srv.url, session.id, candidate.cookie, { origin: srv.url });
    ok.close();
  });

  it('refuses a cookie reused after logout', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const cookie = candidate.cookie;
    await candidate.post('/api/auth/logout');
    await expect(TestSocket.open(srv.url, session.id, cookie)).rejects.toMatchObject({ status: 401 });
  });
});

describe('reconnect and resync', () => {
  it('sends a reconnecting client exactly what it missed', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const a = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const b = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    a.s.send({ type: 'board', opId: 'a1', op: rect('s1') });
    await a.s.next('ack');
    await b.s.next('event');
    b.s.close(); // b drops after seq 1
    for (let i = 0; i < 5; i++) a.s.send({ type: 'board', opId: `a${i + 2}`, op: rect(`s${i + 2}`, i * 10) });
    for (let i = 0; i < 5; i++) await a.s.next('ack');

    const back = await TestSocket.join(srv.url, session.id, interviewer.cookie, 1);
    expect(back.welcome.seq).toBe(6);
    const missed = [];
    for (let i = 0; i < 5; i++) missed.push(await back.s.next('event'));
    expect(missed.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);

    // It resends an op it never got acked: stored once, both converge. The replay was sent before
    // these acks, so nothing replayed can still be on its way after them.
    back.s.send({ type: 'board', opId: 'b-unacked', op: rect('fromB') });
    back.s.send({ type: 'board', opId: 'b-unacked', op: rect('fromB') });
    const acks = [await back.s.next('ack'), await back.s.next('ack')];
    expect(back.s.all('event')).toHaveLength(0);
    expect(acks[0]!.seq).toBe(7);
    expect(acks[1]!.seq).toBe(7);
    const fresh = await TestSocket.join(srv.url, session.id, candidate.cookie);
    expect(fresh.welcome.state.board.map((s: { id: string }) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 'fromB']);
    a.s.close();
    back.s.close();
    fresh.s.close();
  });

  it('bounds a slow consumer: drops cursors, then cuts it off, and the room goes on', async () => {
    // The test's own clock: each round advances it, so the socket's rate limit refills without waiting.
    let clock = Date.now();
    const slow = await startTestServer({}, { now: () => clock });
    try {
      // Small buffers so the test needs little data.
      slow.hub.limits.softBufferBytes = 16 * 1024;
      slow.hub.limits.hardBufferBytes = 3 * 1024 * 1024;
      const { candidate, interviewer, session } = await pairedSession(slow.url);
      const fast = await TestSocket.join(slow.url, session.id, candidate.cookie);
      const lazy = await TestSocket.join(slow.url, session.id, interviewer.cookie);
      await fast.s.next('presence');
      // The lazy client stops reading from its socket entirely.
      (lazy.s.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      // Big freehand strokes (~80 KB each) fill the socket buffers quickly at a modest frame rate;
      // redrawing the same eight strokes keeps the board inside its 4 MiB budget.
      const points = (shift: number) => Array.from({ length: 5000 }, (_, i) => [i * 1.25, (i * 7.5 + shift) % 400]);
      for (let i = 0; i < 8; i++) fast.s.send({ type: 'board', opId: `add-${i}`, op: { kind: 'add', shape: { id: `p${i}`, type: 'pen', x: 0, y: 0, w: 10, h: 10, points: points(0) } } });
      for (let i = 0; i < 8; i++) await fast.s.next('ack');
      let acked = 8;
      for (let round = 0; round < 80 && slow.hub.stats.slowClosed === 0; round++) {
        for (let i = 0; i < 8; i++) {
          fast.s.send({ type: 'board', opId: `r${round}-${i}`, op: { kind: 'update', id: `p${i}`, patch: { points: points(round) } } });
        }
        for (let i = 0; i < 8; i++) await fast.s.next('ack');
        acked += 8;
        fast.s.send({ type: 'cursor', x: round, y: round });
        clock += 100; // stay under the rate limit
      }
      expect(slow.hub.stats.droppedCursors).toBeGreaterThan(0);
      expect(slow.hub.stats.slowClosed).toBe(1);
      fast.s.send({ type: 'chat', opId: 'after', text: 'still flowing' });
      expect((await fast.s.next('ack')).seq).toBe(acked + 1);
      fast.s.close();
    } finally {
      await slow.stop();
    }
  });
});

describe('estimate worksheet', () => {
  it('merges inputs and shows them to the peer and in the snapshot', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const a = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const b = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    a.s.send({ type: 'estimate', opId: 'e1', inputs: { dau: 1e8 } });
    a.s.send({ type: 'estimate', opId: 'e2', inputs: { peakFactor: 3 } });
    await a.s.next('ack');
    await a.s.next('ack');
    expect((await b.s.next('event')).data).toEqual({ inputs: { dau: 1e8 } });
    const again = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    expect(again.welcome.state.estimate).toEqual({ dau: 1e8, peakFactor: 3 });
    a.s.close();
    b.s.close();
    again.s.close();
  });
});

it('a raw ws client without a cookie header sees a plain HTTP 401', async () => {
  const res = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/ws?session=abc`);
    ws.on('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
  expect(res).toBe(401);
  expect((await new Agent(srv.url).get('/api/health')).status).toBe(200);
});
