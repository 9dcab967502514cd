/**
 * One loaded session: its `Room` fold, the sockets in it, presence, the events waiting for their
 * commit, and when it may unload. It reaches the world through two small ports, `RoomStore` (load,
 * group commit, read the log) and `RoomSocket` (send, close), so it is unit-tested with fake sockets
 * and an in-memory store (test/unit/live-room.test.ts), the way tldraw's TLSyncRoom and PartyServer's
 * rooms are.
 *
 * Ordering promise (DESIGN §6): an accepted op is applied to the fold at once (so the next op is
 * validated against it), committed with everything else accepted in the same event-loop turn, and
 * only then acked to its sender and broadcast to the others: each event serialised once for both.
 */
import type { Participant, Role } from '../../shared/api';
import { CloseCode, type ErrorCode } from '../../shared/errors';
import type { AudioState, CallSettings, ClientOp, IceServer, PresenceEntry, SessionHeader } from '../../shared/protocol';
import type { EventRow, PendingEvent } from '../store/events';
import { ackFrame, callFrame, cursorFrame, errorFrame, eventFrame, eventJson, presenceFrame, signalFrame, snapshotJson, welcomeFrame } from './frames';
import { ackWireFrame, eventWireFrame, type OutFrame } from './wire-frame';
import type { OpOutcome, Room } from './room';

/** What a room needs of a socket. The hub's adapter adds backpressure (droppable frames, cut-offs). */
export interface RoomSocket {
  /** Sends a frame; a droppable one (cursors) may be skipped when the peer is behind. */
  send(frame: OutFrame, droppable?: boolean): void;
  close(code: number, reason: string): void;
  /** False once the socket is closing or closed. */
  readonly open: boolean;
}

/** A connection's protocol state: before its hello it receives nothing but errors. */
export type MemberPhase = 'awaiting-hello' | 'live' | 'closing';

export interface RoomMember {
  readonly socket: RoomSocket;
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  /** The sign-in (hashed cookie token) the socket was opened with: logout closes exactly those. */
  readonly signInId: string;
  phase: MemberPhase;
  /** This socket's microphone (`media` frames); presence shows the loudest per person. */
  audio: AudioState;
  /** Its hello is being answered (waiting for a commit to finish first). */
  greeting?: boolean;
  /** While a replay reads the log asynchronously, frames for this socket wait here, in order. */
  replaying?: OutFrame[] | null;
}

/** A session as read from the store, ready to go live. */
export interface RoomSeed {
  header: Omit<SessionHeader, 'status'>;
  participants: Participant[];
  room: Room;
  /** The call link and recording consent as stored. */
  call: CallSettings;
  /** Who may not be told the problem until the clock starts (a surprise problem; see `mayKnowProblem`). */
  problemHiddenFrom?: string | null;
}

/** Something the store commits: it takes the batch, commits it, then reports back. */
export interface CommitSource {
  takeBatch(): PendingEvent[];
  committed(): void;
  commitFailed(err: unknown): void;
}

export interface RoomStore {
  load(sessionId: string): Promise<RoomSeed | null>;
  /** Queues the source for the next group commit (all rooms' events of a turn in one write). */
  commit(source: CommitSource): void;
  /**
   * Commits whatever is queued now. Null when that is done already (SQLite commits synchronously);
   * otherwise a promise that settles once it is (PostgreSQL).
   */
  flush(): Promise<void> | null;
  /** Committed events after a seq, oldest first, data still serialised. */
  eventsAfter(sessionId: string, afterSeq: number, limit: number): EventRow[] | Promise<EventRow[]>;
  eventAt(sessionId: string, seq: number): EventRow | undefined | Promise<EventRow | undefined>;
}

/** An accepted event waiting for its commit, with its two frames built once. */
interface QueuedEvent extends PendingEvent {
  /** Null for events the room authors itself. */
  sender: RoomMember | null;
  /** Null when nobody is waiting for an ack; the peers' frame is null on a re-ack (sent once already). */
  ack: OutFrame | null;
  frame: OutFrame | null;
}

export interface LiveRoomOptions {
  store: RoomStore;
  now: () => number;
  /** Called once the room is empty, has nothing waiting to commit and may be dropped. */
  onUnload: (room: LiveRoom) => void;
  onStats?: (kind: 'committed' | 'rejected', n: number) => void;
  /** STUN/TURN servers handed to clients in `welcome`. */
  iceServers?: IceServer[];
}

/** Missed events replayed after a reconnect; past this the welcome snapshot alone resyncs the client. */
export const REPLAY_LIMIT = 5_000;
const REPLAY_PAGE = 500;

export class LiveRoom implements CommitSource {
  readonly id: string;
  readonly room: Room;
  private readonly header: Omit<SessionHeader, 'status'>;
  private participants: Map<string, Participant>;
  private call: CallSettings;
  private readonly problemHiddenFrom: string | null;
  readonly members = new Set<RoomMember>();
  /** Upgrades in progress for this room: it must not unload under them. */
  private reserved = 0;
  private batch: QueuedEvent[] = [];
  private inFlight: QueuedEvent[] = [];
  private scheduled = false;
  private failed = false;
  private unloaded = false;
  /** The welcome state, serialised once per seq. */
  private snapshot: { seq: number; json: string } | null = null;

  constructor(seed: RoomSeed, private readonly opts: LiveRoomOptions) {
    this.id = seed.header.id;
    this.room = seed.room;
    this.header = seed.header;
    this.participants = new Map(seed.participants.map((p) => [p.userId, p]));
    this.call = seed.call;
    this.problemHiddenFrom = seed.problemHiddenFrom ?? null;
  }

  get status() {
    return this.room.status;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  roleOf(userId: string): Participant | undefined {
    return this.participants.get(userId);
  }

  // -------------------------------------------------------------------------------------------
  // Membership

  /** Holds the room loaded while an upgrade completes; pair with `join` or `release`. */
  reserve(): void {
    this.reserved++;
  }

  release(): void {
    this.reserved--;
    this.maybeUnload();
  }

  /** A socket joins (after its upgrade); it sees nothing until its hello. */
  join(member: RoomMember): void {
    this.reserved = Math.max(0, this.reserved - 1);
    this.members.add(member);
  }

  leave(member: RoomMember): void {
    if (!this.members.delete(member)) return;
    member.phase = 'closing';
    this.broadcast(presenceFrame(this.presence()));
    this.maybeUnload();
  }

  /** Welcome (committed state only), the events the client missed, then presence to the others. */
  hello(member: RoomMember, lastSeq: number): void {
    if (this.failed || member.phase !== 'awaiting-hello' || member.greeting) return;
    member.greeting = true;
    this.greet(member, lastSeq, 0);
  }

  private greet(member: RoomMember, lastSeq: number, rounds: number): void {
    if (this.failed || !member.socket.open) return;
    // The snapshot holds committed state only: commit what is waiting first (acks and broadcasts go
    // out). On PostgreSQL that takes a round trip, during which more may arrive: wait again, a few times.
    if (this.batch.length || this.inFlight.length) {
      const pending = this.opts.store.flush();
      if (pending && rounds < 10) {
        void pending.then(() => this.greet(member, lastSeq, rounds + 1));
        return;
      }
      if (pending && (this.batch.length || this.inFlight.length)) {
        // Ten round trips and still busy: the snapshot would include uncommitted events; try next turn.
        setTimeout(() => this.greet(member, lastSeq, 0), 5).unref?.();
        return;
      }
    }
    if (this.failed || !member.socket.open) return;
    const room = this.room;
    if (this.snapshot?.seq !== room.seq) this.snapshot = { seq: room.seq, json: snapshotJson(room.snapshot()) };
    member.phase = 'live';
    member.socket.send(
      welcomeFrame(
        {
          you: { id: member.userId, displayName: member.displayName },
          role: member.role,
          session:
            member.userId === this.problemHiddenFrom && room.clock.startedAt === null
              ? { ...this.header, problemSlug: null, problemTitle: null, status: room.status }
              : { ...this.header, status: room.status },
          participants: this.presence(),
          seq: room.seq,
          serverTime: this.opts.now(),
          iceServers: this.opts.iceServers ?? [],
          call: this.call,
        },
        this.snapshot.json,
      ),
    );
    if (lastSeq > 0 && lastSeq < room.seq && room.seq - lastSeq <= REPLAY_LIMIT) this.replay(member, lastSeq, room.seq);
    this.broadcast(presenceFrame(this.presence()), member);
  }

  /**
   * Sends committed events (lastSeq, upTo] page by page; stops as soon as the socket goes. From
   * SQLite the pages arrive synchronously, so nothing can slip in between the welcome and the replay;
   * from PostgreSQL the socket queues events broadcast meanwhile (they are newer than upTo).
   */
  private replay(member: RoomMember, after: number, upTo: number): void {
    while (after < upTo && member.socket.open) {
      const page = this.opts.store.eventsAfter(this.id, after, Math.min(REPLAY_PAGE, upTo - after));
      if (page instanceof Promise) {
        member.replaying = [];
        void page.then(
          (rows) => this.replayed(member, rows, upTo),
          () => member.socket.close(CloseCode.InternalError, 'storage error; reconnect'),
        );
        return;
      }
      if (!page.length) break;
      for (const r of page) {
        if (!member.socket.open) return;
        member.socket.send(eventFrame(eventJson(r, r.data)));
      }
      after = page[page.length - 1]!.seq;
    }
  }

  /** A page read asynchronously: send it, read the next, and finally what was held back meanwhile. */
  private replayed(member: RoomMember, rows: EventRow[], upTo: number): void {
    if (!member.socket.open) return;
    for (const r of rows) member.socket.send(eventFrame(eventJson(r, r.data)));
    const last = rows.length ? rows[rows.length - 1]!.seq : upTo;
    if (rows.length && last < upTo) {
      void Promise.resolve(this.opts.store.eventsAfter(this.id, last, Math.min(REPLAY_PAGE, upTo - last))).then(
        (next) => this.replayed(member, next, upTo),
        () => member.socket.close(CloseCode.InternalError, 'storage error; reconnect'),
      );
      return;
    }
    const held = member.replaying ?? [];
    member.replaying = null;
    for (const frame of held) member.socket.send(frame);
  }

  // -------------------------------------------------------------------------------------------
  // Ops

  /** An op from a member whose hello was answered. */
  receive(member: RoomMember, msg: ClientOp): void {
    if (this.failed) return;
    const outcome = this.room.handleOp({ id: member.userId, role: member.role }, msg, this.opts.now());
    switch (outcome.kind) {
      case 'error':
        this.opts.onStats?.('rejected', 1);
        return this.sendError(member, outcome.code, outcome.message, msg.opId);
      case 'duplicate':
        return this.reack(member, msg.opId, outcome.seq);
      case 'event':
        return this.enqueue(outcome, member);
    }
  }

  /** The room's own clockwork (a solo session's curveballs at their minute); the hub calls it every second. */
  tick(): void {
    if (this.failed) return;
    for (let outcome = this.room.tick(this.opts.now()); outcome?.kind === 'event'; outcome = this.room.tick(this.opts.now())) {
      this.enqueue(outcome, null);
    }
  }

  private enqueue(outcome: Extract<OpOutcome, { kind: 'event' }>, sender: RoomMember | null): void {
    const e = outcome.event;
    const data = JSON.stringify(e.data);
    const frame = eventWireFrame(e, data);
    this.batch.push({
      sessionId: this.id,
      seq: e.seq,
      ts: e.ts,
      author: e.author,
      kind: e.kind,
      json: data,
      opId: outcome.opId,
      status: outcome.status,
      sender,
      ack: sender ? ackWireFrame(outcome.opId, e, frame) : null,
      frame,
    });
    if (!this.scheduled) {
      this.scheduled = true;
      this.opts.store.commit(this);
    }
  }

  /** A resent op: ack again with what it became, once that is committed. */
  private reack(member: RoomMember, opId: string, seq: number): void {
    const waiting = this.batch.find((q) => q.seq === seq) ?? this.inFlight.find((q) => q.seq === seq);
    if (waiting) {
      // Its commit is pending: ride on the original's, after it (acks are only sent after a commit).
      const ack = ackFrame(opId, waiting.seq, waiting.ts, eventJson(waiting, waiting.json));
      this.batch.push({ ...waiting, sender: member, ack, frame: null, seq: -1 });
      return;
    }
    const sendAck = (row: EventRow | undefined) => {
      if (row && member.phase !== 'closing') this.send(member, ackFrame(opId, row.seq, row.ts, eventJson(row, row.data)));
    };
    const row = this.opts.store.eventAt(this.id, seq);
    if (row instanceof Promise) void row.then(sendAck, () => {});
    else sendAck(row);
  }

  cursor(member: RoomMember, x: number, y: number): void {
    if (member.role === 'observer') return;
    this.broadcast(cursorFrame(member.userId, x, y), member, true);
  }

  // -------------------------------------------------------------------------------------------
  // Audio call: signalling and microphone state, never stored

  /**
   * Relays WebRTC signalling to every live socket of `to` and nobody else. Observers signal too
   * (they receive audio); they only never send a microphone, which `media` enforces.
   */
  signal(member: RoomMember, to: string, data: Record<string, unknown>): void {
    if (to === member.userId) return this.sendError(member, 'bad_op', 'A signal goes to another participant, not to yourself.');
    if (!this.participants.has(to)) return this.sendError(member, 'bad_op', 'That person is not a participant of this session.');
    const frame = signalFrame(member.userId, data);
    for (const m of this.members) if (m.userId === to && m.phase === 'live') this.send(m, frame);
  }

  /** A socket's microphone changed; presence goes out when the person's loudest state changes. */
  media(member: RoomMember, audio: AudioState): void {
    if (member.role === 'observer' && audio === 'live') {
      return this.sendError(member, 'wrong_role', 'Observers listen only: their microphone stays off.');
    }
    const before = this.audioOf(member.userId);
    member.audio = audio;
    if (this.audioOf(member.userId) !== before) this.broadcast(presenceFrame(this.presence()));
  }

  private audioOf(userId: string): AudioState {
    let loudest: AudioState = 'off';
    for (const m of this.members) {
      if (m.userId !== userId || m.phase !== 'live') continue;
      if (m.audio === 'live') return 'live';
      if (m.audio === 'muted') loudest = 'muted';
    }
    return loudest;
  }

  /** The call link or recording consent changed over HTTP: everyone hears at once. */
  setCall(call: CallSettings): void {
    this.call = call;
    this.broadcast(callFrame(call));
  }

  // -------------------------------------------------------------------------------------------
  // Commit (called by the store)

  takeBatch(): PendingEvent[] {
    this.scheduled = false;
    const batch = this.batch;
    this.batch = [];
    this.inFlight = batch;
    // Re-acks ride along for ordering only; they are not stored twice.
    return batch.some((q) => q.seq < 0) ? batch.filter((q) => q.seq > 0) : batch;
  }

  committed(): void {
    const batch = this.inFlight;
    this.inFlight = [];
    let stored = 0;
    for (const q of batch) {
      if (q.sender && q.ack && q.sender.phase !== 'closing') this.send(q.sender, q.ack);
      if (q.seq < 0 || !q.frame) continue;
      stored++;
      for (const m of this.members) if (m !== q.sender && m.phase === 'live') this.send(m, q.frame);
    }
    this.opts.onStats?.('committed', stored);
    this.maybeUnload();
  }

  /**
   * The fold holds events the log does not (a storage error, or another node wrote these seqs after
   * this one lost the room): close everyone and drop the room; clients reload from the log.
   */
  commitFailed(_err: unknown): void {
    this.drop(CloseCode.InternalError, 'storage error; reconnect');
  }

  /** Closes every socket and unloads at once, whatever is waiting; acks never go out for it. */
  drop(code: number, reason: string): void {
    this.failed = true;
    this.inFlight = [];
    this.batch = [];
    for (const m of this.members) {
      m.phase = 'closing';
      m.socket.close(code, reason);
    }
    this.members.clear();
    this.unload();
  }

  // -------------------------------------------------------------------------------------------
  // Presence, broadcast and administration

  /** One frame to every member that said hello, but `except`. */
  broadcast(frame: OutFrame, except?: RoomMember, droppable = false): void {
    for (const m of this.members) if (m !== except && m.phase === 'live') this.send(m, frame, droppable);
  }

  /** Sends to one member, or holds the frame while its replay is still reading (cursors are dropped). */
  private send(m: RoomMember, frame: OutFrame, droppable = false): void {
    if (!m.replaying) return m.socket.send(frame, droppable);
    if (!droppable) m.replaying.push(frame);
  }

  presence(): PresenceEntry[] {
    const online = new Set<string>();
    for (const m of this.members) if (m.phase === 'live') online.add(m.userId);
    return [...this.participants.values()].map((p) => ({
      userId: p.userId,
      displayName: p.displayName,
      role: p.role,
      online: online.has(p.userId),
      audio: online.has(p.userId) ? this.audioOf(p.userId) : 'off',
    }));
  }

  /** Someone joined over HTTP: new participants, announced to everyone. */
  setParticipants(list: Participant[]): void {
    this.participants = new Map(list.map((p) => [p.userId, p]));
    this.broadcast(presenceFrame(this.presence()));
  }

  /** Closes the members `which` picks (signed out, disabled, shutting down). */
  closeMembers(which: (m: RoomMember) => boolean, code: number, reason: string): void {
    for (const m of [...this.members]) {
      if (!which(m)) continue;
      m.socket.close(code, reason);
      this.leave(m);
    }
  }

  sendError(member: RoomMember, code: ErrorCode, message: string, opId?: string): void {
    this.send(member, errorFrame(code, message, opId));
  }

  private maybeUnload(): void {
    // Never with events waiting for their commit, or an upgrade on its way in (Hocuspocus's rule).
    if (this.members.size === 0 && this.reserved <= 0 && !this.batch.length && !this.inFlight.length) this.unload();
  }

  private unload(): void {
    if (this.unloaded) return;
    this.unloaded = true;
    this.opts.onUnload(this);
  }
}
