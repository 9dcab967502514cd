/**
 * Faults against the real server: every client of many rooms dropping and returning at once, and
 * random and mutated frames on a live socket.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMessageSchema, PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol';
import { pairedSession, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  // These tests send faster than a person; the flood limit has its own test.
  srv.hub.limits.ratePerSecond = 100_000;
  srv.hub.limits.rateBurst = 100_000;
});
afterAll(async () => {
  await srv.stop();
});

const storedOps = (sessionId: string) =>
  srv.store.db.selectFrom('events').select(['seq', 'op_id as opId']).where('session_id', '=', sessionId).orderBy('seq').execute();

describe('reconnect storm', () => {
  it('all clients of 15 rooms drop mid-burst and return at once: every op stored exactly once, nothing lost', async () => {
    const ROOMS = 15;
    const OPS = 12;
    const rooms = await Promise.all(Array.from({ length: ROOMS }, () => pairedSession(srv.url)));
    type Client = { sessionId: string; cookie: string; name: string; sock: TestSocket; lastSeq: number; acked: Set<string> };
    const clients: Client[] = [];
    for (const r of rooms) {
      for (const [name, agent] of [['cand', r.candidate], ['intv', r.interviewer]] as const) {
        const { s, welcome } = await TestSocket.join(srv.url, r.session.id, agent.cookie);
        clients.push({ sessionId: r.session.id, cookie: agent.cookie, name, sock: s, lastSeq: welcome.seq, acked: new Set() });
      }
    }
    // Frames still buffered in a cut-off socket are lost to the client, as over a dead network.
    const cutOff = new WeakSet<TestSocket>();
    const track = (c: Client) => {
      const sock = c.sock;
      sock.ws.on('message', (data) => {
        if (cutOff.has(sock)) return;
        const m = JSON.parse(data.toString()) as ServerMessage;
        if (m.type === 'ack') {
          c.acked.add(m.opId);
          c.lastSeq = Math.max(c.lastSeq, m.seq);
        }
        if (m.type === 'event') c.lastSeq = Math.max(c.lastSeq, m.seq);
      });
    };
    clients.forEach(track);
    const op = (c: Client, i: number) => ({ type: 'chat', opId: `${c.name}-${i}`, text: `${c.name} says ${i}` });

    // Everyone sends half their ops and gets them acked, then sends the rest and stops reading: the
    // server commits those and its acks sit unread in the socket, and then the connection is cut
    // (no close frame). Their acks are lost, as when a network drops mid-burst.
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < OPS / 2; i++) c.sock.send(op(c, i));
        await c.sock.next('ack', (a) => a.opId === `${c.name}-${OPS / 2 - 1}`);
        (c.sock.ws as unknown as { _socket: { pause(): void } })._socket.pause();
        for (let i = OPS / 2; i < OPS; i++) c.sock.send(op(c, i));
      }),
    );
    // The server received and stored the ops sent while not reading before the cut.
    const storedCount = async () => (await Promise.all(rooms.map((r) => storedOps(r.session.id)))).reduce((n, rows) => n + rows.length, 0);
    await expect.poll(storedCount, { timeout: 10_000 }).toBe(clients.length * OPS);
    for (const c of clients) {
      cutOff.add(c.sock);
      c.sock.ws.terminate();
    }
    const ackedBefore = clients.reduce((n, c) => n + c.acked.size, 0);
    // The ops sent while not reading were received and stored all the same.
    const storedBefore = await storedCount();
    let resent = 0;

    // Everyone returns at the same moment and resends what was not acknowledged.
    const back = await Promise.all(clients.map((c) => TestSocket.join(srv.url, c.sessionId, c.cookie, c.lastSeq)));
    await Promise.all(
      clients.map(async (c, k) => {
        c.sock = back[k]!.s;
        track(c);
        const unacked = Array.from({ length: OPS }, (_, i) => i).filter((i) => !c.acked.has(`${c.name}-${i}`));
        resent += unacked.length;
        for (const i of unacked) c.sock.send(op(c, i));
        for (const i of unacked) await c.sock.next('ack', (a) => a.opId === `${c.name}-${i}`);
      }),
    );

    // Half were acked before the drop; the other half were stored but their acks lost, so every resent
    // op was a duplicate: acked again with its seq, never stored twice.
    expect(ackedBefore).toBe(clients.length * (OPS / 2));
    expect(storedBefore).toBe(clients.length * OPS);
    expect(resent).toBe(clients.length * (OPS / 2));
    const storedAfter = await storedCount();
    expect(storedAfter).toBe(storedBefore);
    for (const r of rooms) {
      const rows = await storedOps(r.session.id);
      // Dense seqs, each op once, all 2 x OPS of them.
      expect(rows.map((x) => x.seq)).toEqual(Array.from({ length: 2 * OPS }, (_, i) => i + 1));
      expect(new Set(rows.map((x) => x.opId)).size).toBe(2 * OPS);
    }
    for (const c of clients) expect(c.acked.size).toBe(OPS);
    // Both people of a room see the same chat, in the log's order.
    const check = await TestSocket.join(srv.url, rooms[0]!.session.id, rooms[0]!.interviewer.cookie);
    expect(check.welcome.state.chat).toHaveLength(2 * OPS);
    check.s.close();
    for (const c of clients) c.sock.close();
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
  }, 60_000);
});

describe('protocol fuzz', () => {
  // Well-formed messages to mutate (as the candidate of a paired room: clock and hints are refused).
  const templates: Record<string, unknown>[] = [
    { type: 'hello', protocol: PROTOCOL_VERSION, lastSeq: 0 },
    { type: 'chat', opId: 'x', text: 'hello' },
    { type: 'board', opId: 'x', op: { kind: 'add', shape: { id: 'r', type: 'rect', x: 1, y: 2, w: 30, h: 40, text: 'a' } } },
    { type: 'board', opId: 'x', op: { kind: 'update', id: 'r', patch: { x: 5, text: 'b' } } },
    { type: 'board', opId: 'x', op: { kind: 'delete', ids: ['r'] } },
    { type: 'board', opId: 'x', op: { kind: 'reorder', ids: ['r'], to: 'front' } },
    { type: 'phase', opId: 'x', action: 'next' },
    { type: 'estimate', opId: 'x', inputs: { dau: 1000000 } },
    { type: 'hint', opId: 'x', id: 'nope' },
    { type: 'cursor', x: 1, y: 2 },
  ];

  /** Sets, deletes or retypes one field somewhere in a copy of the message. */
  const mutate = (msg: Record<string, unknown>, path: number[], action: number, value: unknown): unknown => {
    const copy = JSON.parse(JSON.stringify(msg)) as Record<string, unknown>;
    let node: Record<string, unknown> = copy;
    for (const step of path) {
      const keys = Object.keys(node);
      if (!keys.length) break;
      const key = keys[step % keys.length]!;
      const child = node[key];
      if (child && typeof child === 'object' && path.indexOf(step) < path.length - 1) node = child as Record<string, unknown>;
      else {
        if (action % 3 === 0) delete node[key];
        else if (action % 3 === 1) node[key] = value;
        else node[`${key}${action}`] = value;
        return copy;
      }
    }
    return copy;
  };

  const frameArb: fc.Arbitrary<{ text: string } | { binary: Uint8Array }> = fc.oneof(
    fc.string({ maxLength: 200 }).map((text) => ({ text })),
    fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
    fc
      .tuple(fc.constantFrom(...templates), fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }), fc.nat(), fc.jsonValue())
      .map(([t, path, action, value]) => ({ text: JSON.stringify(mutate(t, path, action, value)) })),
    fc.constantFrom(...templates).map((t) => ({ text: JSON.stringify(t).slice(0, -3) })),
    fc.tuple(fc.constantFrom(...templates), fc.string({ minLength: 1, maxLength: 64 })).map(([t, opId]) => ({ text: JSON.stringify('opId' in t ? { ...t, opId } : t) })),
    fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })),
  );

  it('answers every random or mutated frame with an error, an ack or a close code, and never falls over', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    let sock = (await TestSocket.join(srv.url, session.id, candidate.cookie)).s;
    const peer = (await TestSocket.join(srv.url, session.id, interviewer.cookie)).s;
    let probe = 0;
    const closes: number[] = [];
    const seen = { valid: 0, invalid: 0 };

    await fc.assert(
      fc.asyncProperty(frameArb, async (frame) => {
        let closed: number | null = null;
        void sock.closed.then((c) => (closed = c.code));
        let valid = false;
        if ('binary' in frame) sock.ws.send(frame.binary);
        else {
          sock.ws.send(frame.text);
          try {
            valid = clientMessageSchema.safeParse(JSON.parse(frame.text)).success;
          } catch {
            valid = false;
          }
        }
        // A known-good op after it: everything the fuzz frame caused arrives before this ack.
        const id = `probe-${++probe}`;
        sock.send({ type: 'chat', opId: id, text: 'probe' });
        const answered = await Promise.race([
          sock.next('ack', (a) => a.opId === id, 4000).then(() => 'ack' as const),
          sock.closed.then(() => 'closed' as const),
        ]);
        if (answered === 'closed' || closed !== null) {
          const code = (await sock.closed).code;
          expect([1003, 1007, 1008, 1009]).toContain(code);
          closes.push(code);
          sock = (await TestSocket.join(srv.url, session.id, candidate.cookie)).s;
          return;
        }
        const errors = sock.all('error');
        seen[valid ? 'valid' : 'invalid']++;
        if (!valid) {
          // Not a protocol message: exactly one error frame, with a reason, before the probe's ack.
          expect(errors.length).toBe(1);
          expect(errors[0]!.code).toBe('bad_frame');
          expect(errors[0]!.message.length).toBeGreaterThan(0);
        }
        // Whatever came, consume it so the next run starts clean.
        sock.frames.length = 0;
      }),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );

    // The generators reach both sides of the schema, and the socket was never given up on.
    expect(seen.invalid).toBeGreaterThan(150);
    expect(seen.valid).toBeGreaterThan(10);
    // Still serving: health, a new socket, and the peer sees the probes in order.
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    const fresh = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    const rows = await storedOps(session.id);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.filter((r) => r.opId?.startsWith('probe-'))).toHaveLength(probe);
    expect(fresh.welcome.seq).toBe(rows.length);
    sock.close();
    peer.close();
    fresh.s.close();
  }, 120_000);
});
