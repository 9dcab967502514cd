import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role, SessionMode } from '../../shared/api';
import type { BoardOp, Shape } from '../../shared/board';
import { PHASE_ACTIONS } from '../../shared/clock';
import { DEFAULT_PHASES } from '../../shared/phases';
import type { ClientOp, SessionEvent } from '../../shared/protocol';
import { CHAT_HISTORY_LIMIT, DEDUP_WINDOW, Room, type OpOutcome, type RoomInit, type StoredEvent } from '../../server/rooms/room';

const T0 = 1_700_000_000_000;
const HINTS = new Map([
  ['cache-it', { text: 'Where would a cache absorb the hot reads?', phase: 'design' }],
  ['count-ids', { text: 'How many ids exist after ten years?', phase: 'estimate' }],
]);

const init = (mode: SessionMode = 'paired'): RoomInit => ({ sessionId: 'sess-1', mode, plan: DEFAULT_PHASES, hints: HINTS });

type Author = { id: string; role: Role };
const cand: Author = { id: 'u-cand', role: 'candidate' };
const intv: Author = { id: 'u-int', role: 'interviewer' };
const obs: Author = { id: 'u-obs', role: 'observer' };

const rect = (id: string, extra: Partial<Shape> = {}): Shape => ({ id, type: 'rect', x: 0, y: 0, w: 10, h: 10, ...extra });

let n = 0;
const nextOpId = () => `op-${++n}`;
const chat = (text: string, opId = nextOpId()): ClientOp => ({ type: 'chat', opId, text });
const board = (op: BoardOp, opId = nextOpId()): ClientOp => ({ type: 'board', opId, op });
const phase = (action: (typeof PHASE_ACTIONS)[number], opId = nextOpId()): ClientOp => ({ type: 'phase', opId, action });
const hint = (id: string, opId = nextOpId()): ClientOp => ({ type: 'hint', opId, id });
const estimate = (inputs: Record<string, number>, opId = nextOpId()): ClientOp => ({ type: 'estimate', opId, inputs });

function accepted(o: OpOutcome): SessionEvent {
  if (o.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(o)}`);
  return o.event;
}

function errorCode(o: OpOutcome): string {
  if (o.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(o)}`);
  return o.code;
}

/** A room that records every accepted event as the hub stores it (data as JSON). */
class Recorder {
  room: Room;
  log: StoredEvent[] = [];
  constructor(readonly roomInit: RoomInit) {
    this.room = new Room(roomInit);
  }
  op(author: Author, msg: ClientOp, now: number): OpOutcome {
    const out = this.room.handleOp(author, msg, now);
    if (out.kind === 'event') {
      const e = out.event;
      this.log.push({ seq: e.seq, ts: e.ts, author: e.author, kind: e.kind, data: JSON.parse(JSON.stringify(e.data)), opId: out.opId });
    }
    return out;
  }
  fold(): Room {
    return Room.fold(this.roomInit, this.log);
  }
}

const state = (room: Room) => structuredClone({ seq: room.seq, snapshot: room.snapshot() });

describe('Room roles', () => {
  const everyOp = (): ClientOp[] => [
    chat('hello'),
    board({ kind: 'add', shape: rect('a') }),
    phase('start'),
    estimate({ dau: 5 }),
    hint('cache-it'),
  ];

  it.each<SessionMode>(['paired', 'solo'])('an observer changes nothing (%s)', (mode) => {
    const room = new Room(init(mode));
    const before = state(room);
    for (const msg of everyOp()) expect(errorCode(room.handleOp(obs, msg, T0))).toBe('wrong_role');
    expect(state(room)).toEqual(before);
  });

  it('an observer is refused even on a live session', () => {
    const room = new Room(init());
    accepted(room.handleOp(intv, phase('start'), T0));
    const before = state(room);
    for (const msg of everyOp()) expect(errorCode(room.handleOp(obs, msg, T0 + 1))).toBe('wrong_role');
    expect(state(room)).toEqual(before);
  });

  it('in paired mode the candidate cannot move the clock or reveal hints', () => {
    const room = new Room(init('paired'));
    const out = room.handleOp(cand, phase('start'), T0);
    expect(out).toEqual({ kind: 'error', code: 'wrong_role', message: expect.stringMatching(/interviewer/) });
    expect(errorCode(room.handleOp(cand, hint('cache-it'), T0))).toBe('wrong_role');
    accepted(room.handleOp(intv, phase('start'), T0));
    for (const a of ['pause', 'resume', 'next', 'end'] as const) expect(errorCode(room.handleOp(cand, phase(a), T0 + 1))).toBe('wrong_role');
    expect(room.status).toBe('live');
    expect(room.hints).toEqual([]);
  });

  it('in paired mode the candidate may chat, draw and estimate', () => {
    const room = new Room(init('paired'));
    accepted(room.handleOp(cand, chat('hi'), T0));
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }), T0));
    accepted(room.handleOp(cand, estimate({ dau: 1_000 }), T0));
    expect(room.seq).toBe(3);
  });

  it('in paired mode the interviewer moves the clock and reveals hints', () => {
    const room = new Room(init('paired'));
    for (const a of ['start', 'pause', 'resume', 'next', 'end'] as const) accepted(room.handleOp(intv, phase(a), T0));
    expect(room.status).toBe('ended');
    const room2 = new Room(init('paired'));
    expect(accepted(room2.handleOp(intv, hint('cache-it'), T0)).kind).toBe('hint');
  });

  it('in solo mode the candidate moves the clock and reveals hints', () => {
    const room = new Room(init('solo'));
    accepted(room.handleOp(cand, phase('start'), T0));
    accepted(room.handleOp(cand, hint('count-ids'), T0 + 1));
    accepted(room.handleOp(cand, phase('next'), T0 + 2));
    expect(room.clock.phaseIndex).toBe(1);
    expect(room.hints.map((h) => h.id)).toEqual(['count-ids']);
    expect(room.canDriveClock('candidate')).toBe(true);
    expect(room.canDriveClock('observer')).toBe(false);
    expect(new Room(init('paired')).canDriveClock('candidate')).toBe(false);
  });
});

describe('Room op ids', () => {
  it('a resent op is a duplicate with the original seq, and does not advance seq', () => {
    const room = new Room(init());
    const first = accepted(room.handleOp(cand, chat('hello', 'o-1'), T0));
    expect(first).toEqual({ seq: 1, ts: T0, author: cand.id, kind: 'chat', data: { text: 'hello' } });
    const again = room.handleOp(cand, chat('hello (edited)', 'o-1'), T0 + 5_000);
    expect(again).toEqual({ kind: 'duplicate', seq: 1 });
    expect(room.seq).toBe(1);
    expect(room.chat).toHaveLength(1);
    expect(room.chat[0]!.text).toBe('hello');
    expect(accepted(room.handleOp(cand, chat('next', 'o-2'), T0 + 6_000)).seq).toBe(2);
  });

  it('a resent board add is acknowledged again, not refused as a duplicate shape', () => {
    const room = new Room(init());
    const op = board({ kind: 'add', shape: rect('a') }, 'o-add');
    accepted(room.handleOp(cand, op, T0));
    expect(room.handleOp(cand, op, T0 + 1)).toEqual({ kind: 'duplicate', seq: 1 });
    expect(room.snapshot().board).toHaveLength(1);
  });

  it('op ids are scoped per author', () => {
    const room = new Room(init());
    const a = accepted(room.handleOp(cand, chat('from candidate', 'same'), T0));
    const b = accepted(room.handleOp(intv, chat('from interviewer', 'same'), T0 + 1));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(room.chat.map((c) => [c.author, c.text])).toEqual([
      [cand.id, 'from candidate'],
      [intv.id, 'from interviewer'],
    ]);
    expect(room.handleOp(intv, chat('again', 'same'), T0 + 2)).toEqual({ kind: 'duplicate', seq: 2 });
  });

  it('remembers the latest DEDUP_WINDOW ops, not every op of a long session', () => {
    const room = new Room(init());
    const total = DEDUP_WINDOW * 3;
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }, 'o-0'), T0));
    for (let i = 1; i <= total; i++) accepted(room.handleOp(cand, board({ kind: 'update', id: 'a', patch: { x: i } }, `o-${i}`), T0 + i));
    expect(room.rememberedOps).toBeLessThanOrEqual(DEDUP_WINDOW * 1.25);
    expect(room.rememberedOps).toBeGreaterThanOrEqual(DEDUP_WINDOW);
    // Every op of the latest window is still recognised with its own seq.
    for (const i of [total, total - 100, total - DEDUP_WINDOW + 2]) {
      expect(room.handleOp(cand, board({ kind: 'update', id: 'a', patch: { x: 0 } }, `o-${i}`), T0 + total + 1)).toEqual({ kind: 'duplicate', seq: i + 1 });
    }
  });

  it('a duplicate is recognised even after the session ended', () => {
    const room = new Room(init());
    accepted(room.handleOp(cand, chat('hi', 'o-1'), T0));
    accepted(room.handleOp(intv, phase('end'), T0 + 1));
    expect(room.handleOp(cand, chat('hi', 'o-1'), T0 + 2)).toEqual({ kind: 'duplicate', seq: 1 });
  });

  it('a refused op is not remembered: its op id can be used again once it would succeed', () => {
    const room = new Room(init());
    const update = board({ kind: 'update', id: 'a', patch: { x: 5 } }, 'o-upd');
    expect(errorCode(room.handleOp(cand, update, T0))).toBe('bad_op');
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }), T0 + 1));
    expect(accepted(room.handleOp(cand, update, T0 + 2)).seq).toBe(2);
    expect(room.snapshot().board[0]!.x).toBe(5);
  });
});

describe('Room refusals', () => {
  it('refuses every change after the end with session_ended', () => {
    const room = new Room(init());
    accepted(room.handleOp(intv, phase('start'), T0));
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }), T0 + 1));
    accepted(room.handleOp(intv, phase('end'), T0 + 2));
    const before = state(room);
    for (const [who, msg] of [
      [cand, chat('one more thing')],
      [cand, board({ kind: 'delete', ids: ['a'] })],
      [cand, estimate({ dau: 1 })],
      [intv, phase('start')],
      [intv, phase('next')],
      [intv, hint('cache-it')],
    ] as [Author, ClientOp][]) {
      const out = room.handleOp(who, msg, T0 + 10);
      expect(out).toEqual({ kind: 'error', code: 'session_ended', message: expect.any(String) });
    }
    expect(state(room)).toEqual(before);
  });

  it('a board op on a missing shape is bad_op and leaves the state unchanged', () => {
    const room = new Room(init());
    accepted(room.handleOp(intv, phase('start'), T0));
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }), T0 + 1));
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('b') }), T0 + 2));
    const before = state(room);
    for (const op of [
      { kind: 'update', id: 'zz', patch: { x: 1 } },
      { kind: 'delete', ids: ['a', 'zz'] },
      { kind: 'reorder', ids: ['zz'], to: 'back' },
      { kind: 'add', shape: rect('a') },
      { kind: 'add', shape: { id: 'x', type: 'arrow', x: 0, y: 0, w: 1, h: 1, from: 'a', to: 'zz' } },
    ] as BoardOp[]) {
      const out = room.handleOp(cand, board(op), T0 + 3);
      expect(out).toEqual({ kind: 'error', code: 'bad_op', message: expect.any(String) });
    }
    expect(state(room)).toEqual(before);
  });

  it('refuses clock actions that make no sense, without a new event', () => {
    const room = new Room(init());
    expect(room.handleOp(intv, phase('next'), T0)).toEqual({ kind: 'error', code: 'bad_op', message: 'Start the session first.' });
    expect(errorCode(room.handleOp(intv, phase('resume'), T0))).toBe('bad_op');
    accepted(room.handleOp(intv, phase('start'), T0));
    expect(errorCode(room.handleOp(intv, phase('start'), T0 + 1))).toBe('bad_op');
    expect(room.seq).toBe(1);
  });

  it('refuses an unknown hint and a hint revealed twice', () => {
    const room = new Room(init());
    expect(room.handleOp(intv, hint('no-such-hint'), T0)).toEqual({ kind: 'error', code: 'bad_op', message: expect.stringMatching(/no-such-hint/) });
    accepted(room.handleOp(intv, hint('cache-it'), T0));
    expect(room.handleOp(intv, hint('cache-it'), T0 + 1)).toEqual({ kind: 'error', code: 'bad_op', message: expect.stringMatching(/already/) });
    expect(room.hints).toHaveLength(1);
    expect(room.seq).toBe(1);
  });

  it('does not let prototype names through as hint ids', () => {
    const room = new Room(init());
    for (const id of ['constructor', '__proto__', 'toString']) expect(errorCode(room.handleOp(intv, hint(id), T0))).toBe('bad_op');
  });
});

describe('Room events', () => {
  it('a hint event carries the hint text and phase from the guide', () => {
    const room = new Room(init());
    accepted(room.handleOp(intv, phase('start'), T0));
    const out = room.handleOp(intv, hint('count-ids', 'o-h'), T0 + 500);
    expect(out).toEqual({
      kind: 'event',
      opId: 'o-h',
      event: {
        seq: 2,
        ts: T0 + 500,
        author: intv.id,
        kind: 'hint',
        data: { id: 'count-ids', text: 'How many ids exist after ten years?', phase: 'estimate' },
      },
    });
    expect(room.snapshot().hints).toEqual([{ seq: 2, ts: T0 + 500, id: 'count-ids', text: 'How many ids exist after ten years?', phase: 'estimate' }]);
  });

  it('the snapshot never holds the text of an unrevealed hint', () => {
    const room = new Room(init());
    accepted(room.handleOp(intv, hint('count-ids'), T0));
    const json = JSON.stringify(room.snapshot());
    expect(json).toContain('How many ids');
    expect(json).not.toContain('Where would a cache');
  });

  it('a board add is stamped with the phase in which it was drawn', () => {
    const room = new Room(init());
    accepted(room.handleOp(intv, phase('start'), T0));
    const e1 = accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }), T0 + 1));
    expect((e1.data as { op: BoardOp }).op).toEqual({ kind: 'add', shape: { ...rect('a'), phase: 'clarify' } });
    accepted(room.handleOp(intv, phase('next'), T0 + 2));
    accepted(room.handleOp(intv, phase('pause'), T0 + 3));
    // The server's phase wins over one the client sent.
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('b', { phase: 'deep-dive' }) }), T0 + 4));
    accepted(room.handleOp(intv, phase('resume'), T0 + 5));
    accepted(room.handleOp(intv, phase('next'), T0 + 6));
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('c') }), T0 + 7));
    // Updates do not touch the phase.
    accepted(room.handleOp(cand, board({ kind: 'update', id: 'a', patch: { x: 9 } }), T0 + 8));
    expect(room.snapshot().board.map((s) => [s.id, s.phase])).toEqual([
      ['a', 'clarify'],
      ['b', 'estimate'],
      ['c', 'design'],
    ]);
  });

  it('a board add before the start has no phase', () => {
    const room = new Room(init());
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a') }), T0));
    expect(room.snapshot().board[0]).toEqual(rect('a'));
  });

  // Regression (found by this suite, fixed): the phase is "set by the server" (shared/board.ts), but before the start the room
  // passes the op through unchanged, so a client can label a pre-start shape with any phase it likes.
  it('a board add before the start does not keep a phase the client sent', () => {
    const room = new Room(init());
    accepted(room.handleOp(cand, board({ kind: 'add', shape: rect('a', { phase: 'deep-dive' }) }), T0));
    expect(room.snapshot().board[0]!.phase).toBeUndefined();
  });

  it('estimate events merge into the worksheet inputs; the worksheet is the candidate’s', () => {
    const room = new Room(init());
    accepted(room.handleOp(cand, estimate({ dau: 1_000_000, peakFactor: 3 }), T0));
    accepted(room.handleOp(cand, estimate({ peakFactor: 4, readSizeBytes: 200 }), T0 + 1));
    expect(errorCode(room.handleOp(intv, estimate({ peakFactor: 9 }), T0 + 2))).toBe('wrong_role');
    expect(room.snapshot().estimate).toEqual({ dau: 1_000_000, peakFactor: 4, readSizeBytes: 200 });
  });

  it('timestamps never go backwards, and the clock runs on event time', () => {
    const room = new Room(init());
    const ts = [
      accepted(room.handleOp(intv, phase('start'), T0 + 10_000)).ts,
      accepted(room.handleOp(cand, chat('wall clock jumped back'), T0 + 4_000)).ts,
      accepted(room.handleOp(intv, phase('pause'), T0 + 3_000)).ts,
      accepted(room.handleOp(intv, phase('resume'), T0 + 20_000)).ts,
      accepted(room.handleOp(intv, phase('next'), T0 + 15_000)).ts,
    ];
    expect(ts).toEqual([T0 + 10_000, T0 + 10_000, T0 + 10_000, T0 + 20_000, T0 + 20_000]);
    // Paused at start + 0 s, so clarify spent no time; never a negative duration.
    expect(room.clock.spentMs[0]).toBe(0);
    expect(room.clock.pausedMs).toBe(10_000);
    expect(room.clock.runningSince).toBe(T0 + 20_000);
  });

  it('keeps only the last CHAT_HISTORY_LIMIT chat lines in the snapshot', () => {
    const room = new Room(init());
    const total = CHAT_HISTORY_LIMIT + 700;
    for (let i = 1; i <= total; i++) accepted(room.handleOp(cand, chat(`line ${i}`, `c${i}`), T0 + i));
    const lines = room.snapshot().chat;
    expect(lines).toHaveLength(CHAT_HISTORY_LIMIT);
    expect(lines[0]!.text).toBe(`line ${total - CHAT_HISTORY_LIMIT + 1}`);
    expect(lines.at(-1)).toEqual({ seq: total, ts: T0 + total, author: cand.id, text: `line ${total}` });
    expect(room.seq).toBe(total);
  });
});

describe('Room.fold', () => {
  it('folding the stored events of a scripted session gives the live snapshot', () => {
    const rec = new Recorder(init('paired'));
    let t = T0;
    const step = (who: Author, msg: ClientOp, dt = 1_000) => rec.op(who, msg, (t += dt));
    step(cand, chat('hi, ready when you are'));
    step(cand, board({ kind: 'add', shape: rect('pre') }));
    step(intv, phase('start'));
    step(cand, chat('Who are the users?'));
    step(cand, board({ kind: 'add', shape: { id: 'lb', type: 'component', x: 100, y: 0, w: 80, h: 40, component: 'load-balancer' } }));
    step(cand, board({ kind: 'add', shape: { id: 'db', type: 'component', x: 300, y: 0, w: 80, h: 40, component: 'sql-database' } }));
    step(cand, board({ kind: 'add', shape: { id: 'ar', type: 'arrow', x: 180, y: 20, w: 120, h: 0, from: 'lb', to: 'db' } }));
    step(obs, chat('observer says hi')); // refused
    step(intv, phase('next'), 5 * 60_000);
    step(cand, estimate({ dau: 100_000_000, readsPerUserPerDay: 10 }));
    step(intv, hint('count-ids'));
    step(intv, hint('count-ids')); // refused: twice
    step(intv, phase('pause'));
    step(intv, phase('pause')); // refused
    step(cand, board({ kind: 'update', id: 'lb', patch: { text: 'ALB', style: { stroke: '#ff0000' } } }));
    step(intv, phase('resume'), 120_000);
    step(cand, board({ kind: 'update', id: 'nope', patch: { x: 1 } })); // refused
    step(intv, phase('next'), -30_000); // wall clock went back
    step(cand, board({ kind: 'delete', ids: ['db'] }));
    step(cand, board({ kind: 'reorder', ids: ['ar'], to: 'back' }));
    step(cand, board({ kind: 'update', id: 'lb', patch: { text: null } }));
    step(cand, chat('dup', 'fixed-op'));
    step(cand, chat('dup again', 'fixed-op')); // duplicate
    step(intv, hint('cache-it'));
    step(intv, phase('end'), 10 * 60_000);
    step(cand, chat('too late')); // refused

    const live = rec.room;
    expect(rec.log.map((e) => e.seq)).toEqual(rec.log.map((_, i) => i + 1));
    expect(live.seq).toBe(rec.log.length);
    expect(live.status).toBe('ended');
    const folded = rec.fold();
    expect(folded.seq).toBe(live.seq);
    expect(folded.snapshot()).toEqual(live.snapshot());
    expect(folded.snapshot().board.map((s) => s.id)).toEqual(['ar', 'pre', 'lb']);
    expect(folded.snapshot().board.find((s) => s.id === 'ar')).not.toHaveProperty('to');
  });

  it('a folded room keeps deduplicating and numbering where the live room left off', () => {
    const rec = new Recorder(init('solo'));
    rec.op(cand, phase('start'), T0);
    rec.op(cand, chat('hello', 'o-chat'), T0 + 5_000);
    const folded = rec.fold();
    expect(folded.handleOp(cand, chat('hello', 'o-chat'), T0 + 9_000)).toEqual({ kind: 'duplicate', seq: 2 });
    // ts keeps going forward from the last stored event even if the new wall clock is behind.
    expect(accepted(folded.handleOp(cand, chat('after reload'), T0 + 1_000))).toMatchObject({ seq: 3, ts: T0 + 5_000 });
  });

  it('folding nothing gives a fresh room', () => {
    const folded = Room.fold(init(), []);
    expect(folded.seq).toBe(0);
    expect(folded.snapshot()).toEqual(new Room(init()).snapshot());
  });

  const authorArb = fc.constantFrom(cand, intv, obs);
  const ID = fc.constantFrom('a', 'b', 'c', 'd');
  const coord = fc.integer({ min: -500, max: 500 });
  const boardOpArb: fc.Arbitrary<BoardOp> = fc.oneof(
    fc.record({ id: ID, x: coord, y: coord }).map(({ id, x, y }): BoardOp => ({ kind: 'add', shape: rect(id, { x, y }) })),
    fc
      .record({ id: ID, from: ID, to: ID })
      .map(({ id, from, to }): BoardOp => ({ kind: 'add', shape: { id: `ar-${id}`, type: 'arrow', x: 0, y: 0, w: 5, h: 5, from, to } })),
    fc.record({ id: ID, x: coord }).map(({ id, x }): BoardOp => ({ kind: 'update', id, patch: { x } })),
    fc.record({ id: ID, text: fc.option(fc.string({ maxLength: 4 }), { nil: null }) }).map(({ id, text }): BoardOp => ({ kind: 'update', id, patch: { text } })),
    fc.array(ID, { minLength: 1, maxLength: 2 }).map((ids): BoardOp => ({ kind: 'delete', ids })),
    fc.record({ ids: fc.array(ID, { minLength: 1, maxLength: 2 }), to: fc.constantFrom('front' as const, 'back' as const) }).map(
      ({ ids, to }): BoardOp => ({ kind: 'reorder', ids, to }),
    ),
  );
  const opIdArb = fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9', 'o10', 'o11', 'o12');
  const msgArb: fc.Arbitrary<ClientOp> = fc.oneof(
    fc.record({ type: fc.constant('chat' as const), opId: opIdArb, text: fc.string({ minLength: 1, maxLength: 8 }) }),
    { arbitrary: fc.record({ type: fc.constant('board' as const), opId: opIdArb, op: boardOpArb }), weight: 3 },
    { arbitrary: fc.record({ type: fc.constant('phase' as const), opId: opIdArb, action: fc.constantFrom(...PHASE_ACTIONS) }), weight: 2 },
    fc.record({
      type: fc.constant('estimate' as const),
      opId: opIdArb,
      inputs: fc.record({ dau: fc.nat(), peakFactor: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: [] }),
    }),
    fc.record({ type: fc.constant('hint' as const), opId: opIdArb, id: fc.constantFrom('cache-it', 'count-ids', 'nope') }),
  );
  const scriptArb = fc.record({
    mode: fc.constantFrom<SessionMode>('solo', 'paired'),
    steps: fc.array(fc.record({ author: authorArb, msg: msgArb, dt: fc.integer({ min: -5_000, max: 120_000 }) }), { maxLength: 80, size: 'large' }),
  });

  it('property: folding the accepted events always gives the live snapshot', () => {
    fc.assert(
      fc.property(scriptArb, ({ mode, steps }) => {
        const rec = new Recorder(init(mode));
        let now = T0;
        let lastTs = 0;
        for (const { author, msg, dt } of steps) {
          now += dt;
          const seqBefore = rec.room.seq;
          const before = structuredClone(rec.room.snapshot());
          const out = rec.op(author, msg, now);
          if (out.kind === 'event') {
            expect(out.event.seq).toBe(seqBefore + 1);
            expect(out.event.ts).toBeGreaterThanOrEqual(lastTs);
            expect(out.event.ts).toBeGreaterThanOrEqual(now);
            lastTs = out.event.ts;
          } else {
            // Refusals and duplicates change nothing.
            expect(rec.room.seq).toBe(seqBefore);
            expect(rec.room.snapshot()).toEqual(before);
            if (out.kind === 'duplicate') expect(out.seq).toBeLessThanOrEqual(seqBefore);
          }
        }
        const folded = rec.fold();
        expect(folded.seq).toBe(rec.room.seq);
        expect(folded.snapshot()).toEqual(rec.room.snapshot());
      }),
      { numRuns: 300 },
    );
  });
});

describe('practice ops: figures, curveballs, notes', () => {
  const CURVEBALLS = new Map([
    ['celebrity', { text: 'A celebrity posts one link: 1M clicks a minute.', minute: 12 }],
    ['region-down', { text: 'us-east goes dark.', minute: 25 }],
  ]);
  const withCurveballs = (mode: SessionMode): RoomInit => ({ ...init(mode), curveballs: CURVEBALLS });

  it('estimate ops carry inputs, figures or both; figures merge and null clears one', () => {
    const room = new Room(init());
    accepted(room.handleOp(cand, { type: 'estimate', opId: 'e1', inputs: { dau: 1e8 } }, T0));
    accepted(room.handleOp(cand, { type: 'estimate', opId: 'e2', figures: { readQps: 11_574, storageTotal: 3.6e13 } }, T0));
    const e = accepted(room.handleOp(cand, { type: 'estimate', opId: 'e3', figures: { readQps: null } }, T0));
    expect(e.data).toEqual({ figures: { readQps: null } });
    expect(room.snapshot().figures).toEqual({ storageTotal: 3.6e13 });
    expect(room.snapshot().estimate).toEqual({ dau: 1e8 });
  });

  it('only the interviewer of a paired session delivers a curveball, once, while the session runs; the server fills its text', () => {
    const room = new Room(withCurveballs('paired'));
    expect(errorCode(room.handleOp(intv, { type: 'curveball', opId: 'c0', id: 'celebrity' }, T0))).toBe('bad_op'); // not started
    accepted(room.handleOp(intv, phase('start'), T0));
    expect(errorCode(room.handleOp(cand, { type: 'curveball', opId: 'c1', id: 'celebrity' }, T0))).toBe('wrong_role');
    expect(errorCode(room.handleOp(obs, { type: 'curveball', opId: 'c2', id: 'celebrity' }, T0))).toBe('wrong_role');
    expect(errorCode(room.handleOp(intv, { type: 'curveball', opId: 'c3', id: 'nope' }, T0))).toBe('bad_op');
    const e = accepted(room.handleOp(intv, { type: 'curveball', opId: 'c4', id: 'celebrity' }, T0 + 1000));
    expect(e).toMatchObject({ kind: 'curveball', author: intv.id, data: { id: 'celebrity', text: CURVEBALLS.get('celebrity')!.text, phase: 'clarify' } });
    expect(errorCode(room.handleOp(intv, { type: 'curveball', opId: 'c5', id: 'celebrity' }, T0))).toBe('bad_op');
    expect(room.snapshot().curveballs).toEqual([{ seq: e.seq, ts: e.ts, id: 'celebrity', text: CURVEBALLS.get('celebrity')!.text, phase: 'clarify', auto: false }]);
    // A paired room never delivers on its own.
    expect(room.tick(T0 + 60 * 60_000)).toBeNull();
  });

  it('a solo room delivers each curveball at its minute of active time, pauses not counted, once', () => {
    const rec = new Recorder(withCurveballs('solo'));
    expect(errorCode(rec.room.handleOp(cand, { type: 'curveball', opId: 'c1', id: 'celebrity' }, T0))).toBe('wrong_role');
    expect(rec.room.tick(T0)).toBeNull(); // not started
    accepted(rec.op(cand, phase('start'), T0));
    expect(rec.room.tick(T0 + 11 * 60_000)).toBeNull();
    accepted(rec.op(cand, phase('pause'), T0 + 11 * 60_000));
    expect(rec.room.tick(T0 + 30 * 60_000)).toBeNull(); // paused: the clock does not run
    accepted(rec.op(cand, phase('resume'), T0 + 30 * 60_000));
    expect(rec.room.tick(T0 + 30 * 60_000 + 59_000)).toBeNull(); // 11:59 of active time
    const out = rec.room.tick(T0 + 31 * 60_000);
    const e = accepted(out!);
    expect(e).toMatchObject({ kind: 'curveball', author: 'room', data: { id: 'celebrity' } });
    rec.log.push({ seq: e.seq, ts: e.ts, author: e.author, kind: e.kind, data: e.data, opId: (out as { opId: string }).opId });
    expect(rec.room.tick(T0 + 32 * 60_000)).toBeNull();
    expect(rec.room.snapshot().curveballs[0]).toMatchObject({ id: 'celebrity', auto: true });
    // Folded from the log (a reload), the room does not deliver it again, and the next comes at 25.
    const folded = rec.fold();
    expect(folded.tick(T0 + 40 * 60_000)).toBeNull();
    expect(accepted(folded.tick(T0 + 44 * 60_000)!).data).toMatchObject({ id: 'region-down' });
  });

  it('notes are the candidate’s (solo: the owner’s), last writer wins per section', () => {
    const room = new Room(init());
    expect(errorCode(room.handleOp(intv, { type: 'notes', opId: 'n0', section: 'api', text: 'x' }, T0))).toBe('wrong_role');
    expect(errorCode(room.handleOp(obs, { type: 'notes', opId: 'n1', section: 'api', text: 'x' }, T0))).toBe('wrong_role');
    accepted(room.handleOp(cand, { type: 'notes', opId: 'n2', section: 'api', text: 'POST /urls' }, T0));
    accepted(room.handleOp(cand, { type: 'notes', opId: 'n3', section: 'entities', text: 'Url, User' }, T0));
    accepted(room.handleOp(cand, { type: 'notes', opId: 'n4', section: 'api', text: 'POST /urls\nGET /:code' }, T0));
    expect(room.snapshot().notes).toEqual({ api: 'POST /urls\nGET /:code', entities: 'Url, User' });
    const solo = new Room(init('solo'));
    accepted(solo.handleOp(cand, { type: 'notes', opId: 'n5', section: 'functional', text: 'shorten, redirect' }, T0));
  });
});
