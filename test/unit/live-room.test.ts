import { describe, expect, it } from 'vitest';
import type { Participant, Role } from '../../shared/api';
import { CloseCode } from '../../shared/errors';
import { DEFAULT_PHASES } from '../../shared/phases';
import { serverMessageSchema, type AudioState, type ClientOp, type ServerMessage } from '../../shared/protocol';
import { LiveRoom, REPLAY_LIMIT, type CommitSource, type MemberPhase, type RoomMember, type RoomSeed, type RoomSocket, type RoomStore } from '../../server/rooms/live-room';
import { Room } from '../../server/rooms/room';
import type { EventRow, PendingEvent } from '../../server/store/events';
import { frameText, type OutFrame } from '../../server/rooms/wire-frame';

const T0 = 1_700_000_000_000;

class FakeSocket implements RoomSocket {
  frames: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  /** Close the socket after this many frames (a client that goes away mid-replay). */
  closeAfter = Infinity;
  get open() {
    return this.closed === null;
  }
  send(frame: OutFrame): void {
    if (!this.open) return;
    // Every frame the room builds must be a valid server message.
    this.frames.push(serverMessageSchema.parse(JSON.parse(frameText(frame))) as ServerMessage);
    if (this.frames.length >= this.closeAfter) this.closed = { code: 1006, reason: 'gone' };
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.frames.filter((f) => f.type === type) as Extract<ServerMessage, { type: T }>[];
  }
}

class Member implements RoomMember {
  readonly socket = new FakeSocket();
  phase: MemberPhase = 'awaiting-hello';
  audio: AudioState = 'off';
  constructor(
    readonly userId: string,
    readonly role: Role,
    readonly signInId = `sign-in-${userId}`,
    readonly displayName = userId,
  ) {}
}

/** The store port in memory: commits only when the test says so, or fails on demand. */
class MemoryStore implements RoomStore {
  rows: (EventRow & { sessionId: string })[] = [];
  queued: CommitSource[] = [];
  failNext = false;
  reads = 0;
  load(): Promise<RoomSeed | null> {
    throw new Error('not used');
  }
  commit(source: CommitSource): void {
    this.queued.push(source);
  }
  flush(): null {
    const sources = this.queued;
    this.queued = [];
    const batch: PendingEvent[] = sources.flatMap((s) => s.takeBatch());
    if (this.failNext) {
      this.failNext = false;
      for (const s of sources) s.commitFailed(new Error('disk full'));
      return null;
    }
    for (const e of batch) this.rows.push({ sessionId: e.sessionId, seq: e.seq, ts: e.ts, author: e.author, kind: e.kind, data: e.json, opId: e.opId });
    for (const s of sources) s.committed();
    return null;
  }
  eventsAfter(sessionId: string, afterSeq: number, limit: number): EventRow[] {
    this.reads++;
    return this.rows.filter((r) => r.sessionId === sessionId && r.seq > afterSeq).slice(0, limit);
  }
  eventAt(sessionId: string, seq: number): EventRow | undefined {
    return this.rows.find((r) => r.sessionId === sessionId && r.seq === seq);
  }
}

const people: Participant[] = [
  { userId: 'cand', displayName: 'Cand', role: 'candidate' },
  { userId: 'intv', displayName: 'Intv', role: 'interviewer' },
  { userId: 'obs', displayName: 'Obs', role: 'observer' },
];

function setup() {
  const store = new MemoryStore();
  let now = T0;
  const unloaded: LiveRoom[] = [];
  const room = new Room({ sessionId: 's1', mode: 'paired', plan: DEFAULT_PHASES, hints: new Map([['h1', { text: 'Think about caching.', phase: 'design' }]]) });
  const live = new LiveRoom(
    { header: { id: 's1', problemSlug: 'url-shortener', problemTitle: 'URL shortener', mode: 'paired', phases: DEFAULT_PHASES }, participants: people, room, call: { link: null, recording: { active: false, consented: [] } } },
    { store, now: () => now++, onUnload: (r) => unloaded.push(r) },
  );
  const enter = (m: Member, lastSeq = 0) => {
    live.join(m);
    live.hello(m, lastSeq);
    return m;
  };
  return { store, live, room, unloaded, enter };
}

const chat = (opId: string, text = opId): ClientOp => ({ type: 'chat', opId, text });

describe('LiveRoom', () => {
  it('acks and broadcasts only after the commit, with the same event for sender and peers', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const b = enter(new Member('intv', 'interviewer'));
    live.receive(a, chat('c1', 'hello'));
    live.receive(b, { type: 'hint', opId: 'h', id: 'h1' });
    expect(a.socket.of('ack')).toHaveLength(0);
    expect(b.socket.of('event')).toHaveLength(0);
    store.flush();
    const ackA = a.socket.of('ack')[0]!;
    const [evAtB] = b.socket.of('event');
    expect(ackA.event).toEqual({ seq: 1, ts: ackA.ts, author: 'cand', kind: 'chat', data: { text: 'hello' } });
    expect({ ...evAtB, type: undefined }).toEqual({ ...ackA.event, type: undefined });
    // The hint's text, filled by the server, reaches the revealer in its ack exactly as the peer gets it.
    const ackB = b.socket.of('ack')[0]!;
    const evAtA = a.socket.of('event')[0]!;
    expect(ackB.event.data).toEqual({ id: 'h1', text: 'Think about caching.', phase: 'design' });
    expect(evAtA.data).toEqual(ackB.event.data);
    expect(store.rows.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('sends nothing but errors before hello, and keeps members who have not said hello out of presence', () => {
    const { store, live, enter } = setup();
    const early = new Member('obs', 'observer');
    live.join(early);
    const a = enter(new Member('cand', 'candidate'));
    live.receive(a, chat('c1'));
    store.flush();
    expect(early.socket.frames).toEqual([]);
    expect(a.socket.of('welcome')[0]!.participants.find((p) => p.userId === 'obs')?.online).toBe(false);
  });

  it('re-acks a resent op with the original seq and event, once committed, and stores it once', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    live.receive(a, chat('c1', 'first'));
    live.receive(a, chat('c1', 'first')); // resent before the commit
    store.flush();
    expect(a.socket.of('ack').map((x) => [x.opId, x.seq])).toEqual([['c1', 1], ['c1', 1]]);
    live.receive(a, chat('c1', 'first')); // resent after
    const acks = a.socket.of('ack');
    expect(acks).toHaveLength(3);
    expect(acks[2]!.event).toEqual(acks[0]!.event);
    expect(store.rows).toHaveLength(1);
  });

  it('answers refused ops with an error frame carrying the opId, storing nothing', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const o = enter(new Member('obs', 'observer'));
    live.receive(a, { type: 'phase', opId: 'p', action: 'start' });
    live.receive(o, chat('o1'));
    live.receive(a, { type: 'board', opId: 'b', op: { kind: 'delete', ids: ['ghost'] } });
    store.flush();
    expect(a.socket.of('error').map((e) => [e.code, e.opId])).toEqual([['wrong_role', 'p'], ['bad_op', 'b']]);
    expect(o.socket.of('error').map((e) => [e.code, e.opId])).toEqual([['wrong_role', 'o1']]);
    expect(store.rows).toHaveLength(0);
  });

  it('serves the welcome snapshot from one serialisation while the room is unchanged', () => {
    const { store, live, room, enter } = setup();
    let snapshots = 0;
    const original = room.snapshot.bind(room);
    room.snapshot = () => (snapshots++, original());
    const a = enter(new Member('cand', 'candidate'));
    enter(new Member('intv', 'interviewer'));
    enter(new Member('obs', 'observer'));
    expect(snapshots).toBe(1);
    live.receive(a, chat('c1'));
    store.flush();
    enter(new Member('intv', 'interviewer', 'other-tab'));
    expect(snapshots).toBe(2);
  });

  it('commits what is waiting before a welcome, so the snapshot holds committed state only', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    live.receive(a, chat('c1'));
    const b = enter(new Member('intv', 'interviewer'));
    expect(store.rows).toHaveLength(1);
    expect(a.socket.of('ack')).toHaveLength(1);
    expect(b.socket.of('welcome')[0]!.seq).toBe(1);
    // The newcomer gets the chat in its snapshot, not again as an event.
    expect(b.socket.of('event')).toHaveLength(0);
  });

  it('replays exactly what a reconnecting client missed, and stops as soon as its socket goes', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    for (let i = 1; i <= 1200; i++) live.receive(a, chat(`c${i}`));
    store.flush();
    const back = enter(new Member('intv', 'interviewer'), 1000);
    expect(back.socket.of('event').map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => 1001 + i));

    const leaving = new Member('intv', 'interviewer', 'tab-2');
    leaving.socket.closeAfter = 3; // welcome, then two events, then it is gone
    store.reads = 0;
    enter(leaving, 1);
    expect(leaving.socket.of('event')).toHaveLength(2);
    expect(store.reads).toBe(1); // not one page more
  });

  it('skips the replay past REPLAY_LIMIT: the welcome snapshot alone resyncs', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    for (let i = 1; i <= REPLAY_LIMIT + 2; i++) live.receive(a, chat(`c${i}`));
    store.flush();
    const back = enter(new Member('intv', 'interviewer'), 1);
    expect(back.socket.of('welcome')[0]!.seq).toBe(REPLAY_LIMIT + 2);
    expect(back.socket.of('event')).toHaveLength(0);
  });

  it('never unloads with an upgrade on its way in or events waiting for their commit', () => {
    const { store, live, unloaded, enter } = setup();
    live.reserve();
    const a = enter(new Member('cand', 'candidate'));
    live.receive(a, chat('c1'));
    live.leave(a);
    expect(unloaded).toHaveLength(0); // the chat is not committed yet
    store.flush();
    expect(unloaded).toEqual([live]);

    const second = setup();
    second.live.reserve();
    second.live.release(); // a refused or failed upgrade
    expect(second.unloaded).toEqual([second.live]);
  });

  it('tells the others when someone leaves, and closes members by sign-in', () => {
    const { live, enter } = setup();
    const a = enter(new Member('cand', 'candidate', 'sign-in-1'));
    const b = enter(new Member('intv', 'interviewer'));
    live.closeMembers((m) => m.signInId === 'sign-in-1', CloseCode.Unauthorized, 'signed out');
    expect(a.socket.closed).toEqual({ code: CloseCode.Unauthorized, reason: 'signed out' });
    const last = b.socket.of('presence').at(-1)!;
    expect(last.participants.find((p) => p.userId === 'cand')?.online).toBe(false);
  });

  it('drops the room and closes everyone with 1011 when a commit fails: nothing unstored is acked', () => {
    const { store, live, unloaded, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const b = enter(new Member('intv', 'interviewer'));
    live.receive(a, chat('c1'));
    store.failNext = true;
    store.flush();
    expect(a.socket.of('ack')).toHaveLength(0);
    expect(b.socket.of('event')).toHaveLength(0);
    expect(a.socket.closed?.code).toBe(CloseCode.InternalError);
    expect(b.socket.closed?.code).toBe(CloseCode.InternalError);
    expect(unloaded).toEqual([live]);
  });

  it('relays cursors to the others as droppable frames, never from observers', () => {
    const { live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const b = enter(new Member('intv', 'interviewer'));
    const o = enter(new Member('obs', 'observer'));
    live.cursor(a, 5, 6);
    live.cursor(o, 1, 1);
    expect(b.socket.of('cursor')).toEqual([{ type: 'cursor', user: 'cand', x: 5, y: 6 }]);
    expect(a.socket.of('cursor')).toEqual([]);
    expect(o.socket.of('cursor')).toHaveLength(1);
  });

  it('relays a signal to every live socket of its addressee and nobody else, storing nothing', () => {
    const { store, live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const b1 = enter(new Member('intv', 'interviewer', 'tab-1'));
    const b2 = enter(new Member('intv', 'interviewer', 'tab-2'));
    const waiting = new Member('intv', 'interviewer', 'tab-3');
    live.join(waiting); // no hello yet: not in the call
    const o = enter(new Member('obs', 'observer'));
    const offer = { description: { type: 'offer', sdp: 'v=0' } };
    live.signal(a, 'intv', offer);
    expect(b1.socket.of('signal')).toEqual([{ type: 'signal', from: 'cand', data: offer }]);
    expect(b2.socket.of('signal')).toEqual([{ type: 'signal', from: 'cand', data: offer }]);
    expect(waiting.socket.frames).toEqual([]);
    expect(o.socket.of('signal')).toEqual([]);
    expect(a.socket.of('signal')).toEqual([]);
    // Observers signal too: they receive audio.
    live.signal(o, 'cand', { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' } });
    expect(a.socket.of('signal').map((f) => f.from)).toEqual(['obs']);
    store.flush();
    expect(store.rows).toEqual([]);
    expect(store.queued).toEqual([]);
  });

  it('answers a signal to a stranger or to oneself with an error frame', () => {
    const { live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const b = enter(new Member('intv', 'interviewer'));
    live.signal(a, 'stranger', { candidate: null });
    live.signal(a, 'cand', { candidate: null });
    expect(a.socket.of('error').map((e) => e.code)).toEqual(['bad_op', 'bad_op']);
    expect(a.socket.of('error')[0]!.message).toMatch(/not a participant/);
    expect(b.socket.of('signal')).toEqual([]);
  });

  it('shows each person\'s loudest microphone state over their sockets in presence, and refuses a live observer', () => {
    const { live, enter } = setup();
    const a1 = enter(new Member('cand', 'candidate', 'tab-1'));
    const a2 = enter(new Member('cand', 'candidate', 'tab-2'));
    const b = enter(new Member('intv', 'interviewer'));
    const o = enter(new Member('obs', 'observer'));
    const audioOf = (m: Member, user: string) => m.socket.of('presence').at(-1)?.participants.find((p) => p.userId === user)?.audio;
    live.media(a1, 'muted');
    expect(audioOf(b, 'cand')).toBe('muted');
    live.media(a2, 'live');
    expect(audioOf(b, 'cand')).toBe('live');
    const before = b.socket.of('presence').length;
    live.media(a1, 'off'); // the other tab is still live: nothing changes, nothing is sent
    expect(b.socket.of('presence')).toHaveLength(before);
    live.leave(a2);
    expect(audioOf(b, 'cand')).toBe('off');
    live.media(o, 'live');
    expect(o.socket.of('error').map((e) => e.code)).toEqual(['wrong_role']);
    live.media(o, 'muted'); // listening
    expect(audioOf(a1, 'obs')).toBe('muted');
    // A newcomer's welcome carries the states.
    const late = enter(new Member('intv', 'interviewer', 'tab-late'));
    expect(late.socket.of('welcome')[0]!.participants.map((p) => [p.userId, p.audio])).toEqual([['cand', 'off'], ['intv', 'off'], ['obs', 'muted']]);
  });

  it('hands the call settings to newcomers and tells everyone when they change', () => {
    const { live, enter } = setup();
    const a = enter(new Member('cand', 'candidate'));
    const call = { link: 'https://meet.jit.si/mock', recording: { active: true, consented: ['cand', 'intv'] } };
    live.setCall(call);
    expect(a.socket.of('call')).toEqual([{ type: 'call', ...call }]);
    const b = enter(new Member('intv', 'interviewer'));
    expect(b.socket.of('welcome')[0]!.call).toEqual(call);
  });
});

/** The store port the way PostgreSQL answers: a commit and a log read settle when the test says so. */
class DeferredStore implements RoomStore {
  rows: (EventRow & { sessionId: string })[] = [];
  queued: CommitSource[] = [];
  private flight: { promise: Promise<void>; settle: (ok: boolean) => void } | null = null;
  private reads: (() => void)[] = [];
  load(): Promise<RoomSeed | null> {
    throw new Error('not used');
  }
  commit(source: CommitSource): void {
    this.queued.push(source);
  }
  flush(): Promise<void> | null {
    if (this.flight) return this.flight.promise.then(() => this.flush() ?? undefined);
    const sources = this.queued;
    this.queued = [];
    if (!sources.length) return null;
    const batch = sources.flatMap((s) => s.takeBatch());
    let settle!: (ok: boolean) => void;
    const promise = new Promise<void>((resolve) => {
      settle = (ok) => {
        this.flight = null;
        if (ok) {
          for (const e of batch) this.rows.push({ sessionId: e.sessionId, seq: e.seq, ts: e.ts, author: e.author, kind: e.kind, data: e.json, opId: e.opId });
          for (const s of sources) s.committed();
        } else {
          for (const s of sources) s.commitFailed(new Error('duplicate key value violates unique constraint'));
        }
        resolve();
      };
    });
    this.flight = { promise, settle };
    return promise;
  }
  /** Lets the commit in flight finish (or fail). */
  settle(ok = true): void {
    this.flight!.settle(ok);
  }
  eventsAfter(sessionId: string, afterSeq: number, limit: number): Promise<EventRow[]> {
    return new Promise((resolve) => this.reads.push(() => resolve(this.rows.filter((r) => r.sessionId === sessionId && r.seq > afterSeq).slice(0, limit))));
  }
  eventAt(sessionId: string, seq: number): Promise<EventRow | undefined> {
    return Promise.resolve(this.rows.find((r) => r.sessionId === sessionId && r.seq === seq));
  }
  /** Answers the log reads waiting now; returns how many there were. */
  answerReads(): number {
    const waiting = this.reads;
    this.reads = [];
    for (const r of waiting) r();
    return waiting.length;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferredSetup() {
  const store = new DeferredStore();
  const unloaded: LiveRoom[] = [];
  const room = new Room({ sessionId: 's1', mode: 'paired', plan: DEFAULT_PHASES, hints: new Map() });
  let now = T0;
  const live = new LiveRoom(
    { header: { id: 's1', problemSlug: 'url-shortener', problemTitle: 'URL shortener', mode: 'paired', phases: DEFAULT_PHASES }, participants: people, room, call: { link: null, recording: { active: false, consented: [] } } },
    { store, now: () => now++, onUnload: (r) => unloaded.push(r) },
  );
  const commit = async (from: Member, opId: string) => {
    live.receive(from, chat(opId));
    const done = store.flush();
    store.settle();
    await done;
  };
  return { store, live, unloaded, commit };
}

describe('LiveRoom on a store that answers later (PostgreSQL)', () => {
  it('answers a hello only once what was accepted before it is committed', async () => {
    const { store, live } = deferredSetup();
    const a = new Member('cand', 'candidate');
    live.join(a);
    live.hello(a, 0);
    live.receive(a, chat('c1'));
    const b = new Member('intv', 'interviewer');
    live.join(b);
    live.hello(b, 0);
    // The chat's commit is in flight: no snapshot yet, since it would hold an uncommitted event.
    expect(b.socket.of('welcome')).toHaveLength(0);
    store.settle();
    await turn();
    expect(a.socket.of('ack').map((x) => x.seq)).toEqual([1]);
    const welcome = b.socket.of('welcome')[0]!;
    expect(welcome.seq).toBe(1);
    expect(welcome.state.chat.map((m) => m.text)).toEqual(['c1']);
    // It was in the snapshot, so it does not come again as an event.
    expect(b.socket.of('event')).toHaveLength(0);
  });

  it('holds events broadcast during an asynchronous replay until the replay is sent, so seqs stay in order', async () => {
    const { store, live, commit } = deferredSetup();
    const a = new Member('cand', 'candidate');
    live.join(a);
    live.hello(a, 0);
    for (const id of ['c1', 'c2', 'c3']) await commit(a, id);
    const back = new Member('intv', 'interviewer');
    live.join(back);
    live.hello(back, 1);
    expect(back.socket.of('welcome')[0]!.seq).toBe(3);
    // While the log read is pending, a new event commits and is broadcast.
    await commit(a, 'c4');
    expect(back.socket.of('event')).toHaveLength(0);
    expect(store.answerReads()).toBe(1);
    await turn();
    expect(back.socket.of('event').map((e) => e.seq)).toEqual([2, 3, 4]);
    // Nothing is held any more.
    await commit(a, 'c5');
    expect(back.socket.of('event').map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });

  it('a refused commit (another node wrote those seqs) closes everyone, acks nothing and unloads', async () => {
    const { store, live, unloaded } = deferredSetup();
    const a = new Member('cand', 'candidate');
    live.join(a);
    live.hello(a, 0);
    live.receive(a, chat('c1'));
    const done = store.flush();
    store.settle(false);
    await done;
    expect(a.socket.of('ack')).toHaveLength(0);
    expect(a.socket.closed).toEqual({ code: CloseCode.InternalError, reason: 'storage error; reconnect' });
    expect(unloaded).toEqual([live]);
  });

  it('drop() closes every socket with the given code and unloads at once, even with a commit in flight', () => {
    const { store, live, unloaded } = deferredSetup();
    const a = new Member('cand', 'candidate');
    live.join(a);
    live.hello(a, 0);
    live.receive(a, chat('c1'));
    void store.flush();
    live.drop(CloseCode.RoomMoved, 'room moved; reconnect');
    expect(a.socket.closed).toEqual({ code: CloseCode.RoomMoved, reason: 'room moved; reconnect' });
    expect(unloaded).toEqual([live]);
    store.settle();
    expect(a.socket.of('ack')).toHaveLength(0);
  });
});
