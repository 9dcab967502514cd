/**
 * A session's room as a pure state machine: state + (author, op, now) → new state + an outcome that
 * the hub turns into effects (commit, ack, broadcast, error frame). No sockets, no database, no
 * timers: the hub owns those, and tests drive the room directly. The same `applyEvent` folds the
 * stored log when a room is loaded, so live state and replay can never disagree.
 */
import type { Role, SessionMode } from '../../shared/api';
import { applyBoardOp, boardBytes, boardOpBytesDelta, boardShapes, emptyBoard, MAX_BOARD_BYTES, MAX_SHAPES, type Board } from '../../shared/board';
import { applySessionEvent, type StoredEvent } from '../../shared/session-state';
export type { StoredEvent };
import { applyPhaseAction, initialClock, type ClockState, type PlannedPhase } from '../../shared/clock';
import type { EstimateInputs } from '../../shared/estimate';
import type { ErrorCode } from '../../shared/errors';
import { ROOM_AUTHOR, type ChatLine, type ClientOp, type CurveballDelivery, type EventDataByKind, type EventKind, type HintReveal, type Notes, type RoomSnapshot, type SessionEvent } from '../../shared/protocol';

export interface RoomInit {
  sessionId: string;
  mode: SessionMode;
  plan: PlannedPhase[];
  /** Hints the interviewer may reveal, from the problem's guide. */
  hints: ReadonlyMap<string, { text: string; phase: string }>;
  /** Curveballs the interviewer may deliver (solo: the room, at their minute), from the guide. */
  curveballs?: ReadonlyMap<string, { text: string; minute: number }>;
}

/** A change of the session's status that the sessions table must follow, with the event. */
export interface StatusChange {
  status: ClockState['status'];
  startedAt: number | null;
  endedAt: number | null;
}

export type OpOutcome =
  | { kind: 'event'; event: SessionEvent; opId: string; status?: StatusChange }
  | { kind: 'duplicate'; seq: number }
  | { kind: 'error'; code: ErrorCode; message: string };

/** Events a session's log may hold; clock and hint ops keep a small reserve past it, so a full log can still end. */
export const MAX_EVENTS = 100_000;
export const CONTROL_RESERVE = 100;

/** Chat lines kept in the snapshot; older ones stay in the log for review. */
export const CHAT_HISTORY_LIMIT = 2_000;

/** Recent ops a room remembers to recognise a resent one. */
export const DEDUP_WINDOW = 256;

export class Room {
  readonly sessionId: string;
  readonly mode: SessionMode;
  readonly plan: PlannedPhase[];
  private readonly hintCatalog: RoomInit['hints'];
  private readonly curveballCatalog: NonNullable<RoomInit['curveballs']>;

  seq = 0;
  clock: ClockState;
  board: Board = emptyBoard();
  chat: ChatLine[] = [];
  estimate: Partial<EstimateInputs> = {};
  figures: Record<string, number> = {};
  hints: HintReveal[] = [];
  curveballs: CurveballDelivery[] = [];
  notes: Notes = {};
  /**
   * author + opId → the event that op became, so a resent op is acked again, not stored twice.
   * Only the latest ops: a client resends what was in flight when its connection dropped (ops whose
   * acks were lost: a few dozen at most), while keeping every op cost ~150 bytes per op for as long as
   * the room is loaded (30 MB after 40 s of 500 busy rooms, and a heap the collector must keep
   * marking).
   */
  private readonly seen = new Map<string, number>();
  /** The live board's size as JSON, kept up to date op by op (the board budget). */
  boardBytes = 0;

  constructor(init: RoomInit) {
    this.sessionId = init.sessionId;
    this.mode = init.mode;
    this.plan = init.plan;
    this.hintCatalog = init.hints;
    this.curveballCatalog = init.curveballs ?? new Map();
    this.clock = initialClock(init.plan.length);
  }

  /** Rebuilds a room from its log, in seq order. */
  static fold(init: RoomInit, events: Iterable<StoredEvent>): Room {
    const room = new Room(init);
    for (const e of events) room.applyEvent(e);
    room.boardBytes = boardBytes(room.board);
    return room;
  }

  get status(): ClockState['status'] {
    return this.clock.status;
  }

  /**
   * The sessions table says ended where no event ends the fold: a scheduled mock called off before
   * its start (nothing happened in it), or a start that crossed that cancel on another node (its event
   * is in the log, the table kept the cancel). The table wins: the fold is ended and read-only from here.
   */
  endedInTable(startedAt: number | null, endedAt: number | null): void {
    if (this.clock.status === 'ended') return;
    // Never started as far as the table knows: the clock shows a mock that did not happen.
    this.clock =
      startedAt === null
        ? { ...initialClock(this.plan.length), status: 'ended', endedAt }
        : { ...this.clock, status: 'ended', runningSince: null, pausedSince: null, endedAt };
  }

  /**
   * Validates an op against roles and state and, when it is accepted, applies it and returns the
   * event to commit. The caller must commit before acknowledging or broadcasting.
   */
  handleOp(author: { id: string; role: Role }, msg: ClientOp, now: number): OpOutcome {
    const key = dedupKey(author.id, msg.opId);
    const prior = this.seen.get(key);
    if (prior !== undefined) return { kind: 'duplicate', seq: prior };

    if (author.role === 'observer') return refuse('wrong_role', 'Observers can watch but not change anything.');
    if (this.clock.status === 'ended') return refuse('session_ended', 'The session has ended; it can be reviewed but not changed.');
    const control = msg.type === 'phase' || msg.type === 'hint' || msg.type === 'curveball';
    if (this.seq >= MAX_EVENTS + (control ? CONTROL_RESERVE : 0)) {
      return refuse('budget_exceeded', `This session's log is full (${MAX_EVENTS.toLocaleString('en')} events). End it and start a new one.`);
    }

    let data: EventDataByKind[EventKind];
    switch (msg.type) {
      case 'chat':
        data = { text: msg.text };
        break;
      case 'board': {
        let op = msg.op;
        if (op.kind === 'add') {
          // The phase is the server's to set: drop whatever the client sent.
          const { phase: _ignored, ...shape } = op.shape;
          void _ignored;
          op = { ...op, shape: this.clock.phaseIndex >= 0 ? { ...shape, phase: this.plan[this.clock.phaseIndex]!.id } : shape };
        }
        if (op.kind === 'add' && this.board.shapes.size >= MAX_SHAPES && !this.board.shapes.has(op.shape.id)) {
          return refuse('budget_exceeded', `The board is full (${MAX_SHAPES.toLocaleString('en')} shapes). Delete some before adding more.`);
        }
        const delta = boardOpBytesDelta(this.board, op);
        if (delta > 0 && this.boardBytes + delta > MAX_BOARD_BYTES) {
          return refuse('budget_exceeded', `The board is full (${MAX_BOARD_BYTES / 1024 / 1024} MiB of drawing). Delete or simplify some shapes first.`);
        }
        // Probe on the live board: applyBoardOp leaves it untouched when it refuses.
        const result = applyBoardOp(this.board, op);
        if (!result.ok) return refuse('bad_op', result.message);
        this.boardBytes += delta;
        return this.commit(author.id, msg.opId, key, 'board', { op }, now, true);
      }
      case 'phase': {
        if (!this.canDriveClock(author.role)) {
          return refuse('wrong_role', this.mode === 'solo' ? 'Only the owner of this session moves the clock.' : 'Only the interviewer moves the clock.');
        }
        const result = applyPhaseAction(this.clock, msg.action, now, this.plan.length);
        if (!result.ok) return refuse('bad_op', result.message);
        data = { action: msg.action };
        break;
      }
      case 'estimate':
        if (author.role !== 'candidate') return refuse('wrong_role', 'The candidate fills in the worksheet; the interviewer checks it.');
        data = msg.inputs && msg.figures ? { inputs: msg.inputs, figures: msg.figures } : msg.inputs ? { inputs: msg.inputs } : { figures: msg.figures! };
        break;
      case 'curveball': {
        // A solo session's curveballs come from the room itself, at their minute.
        if (this.mode === 'solo' || author.role !== 'interviewer') {
          return refuse('wrong_role', this.mode === 'solo' ? 'In a solo session the room delivers curveballs at their minute.' : 'Only the interviewer delivers curveballs.');
        }
        const cb = this.curveballData(msg.id);
        if (typeof cb === 'string') return refuse('bad_op', cb);
        data = cb;
        break;
      }
      case 'notes':
        if (author.role !== 'candidate') return refuse('wrong_role', 'The candidate writes the notes; everyone else reads them live.');
        data = { section: msg.section, text: msg.text };
        break;
      case 'hint': {
        if (!this.canDriveClock(author.role)) return refuse('wrong_role', 'Only the interviewer reveals hints.');
        const hint = this.hintCatalog.get(msg.id);
        if (!hint) return refuse('bad_op', `There is no hint "${msg.id}" for this problem.`);
        if (this.hints.some((h) => h.id === msg.id)) return refuse('bad_op', 'That hint was already revealed.');
        data = { id: msg.id, text: hint.text, phase: hint.phase };
        break;
      }
    }
    return this.commit(author.id, msg.opId, key, msg.type, data, now, false);
  }

  private curveballData(id: string): EventDataByKind['curveball'] | string {
    const cb = this.curveballCatalog.get(id);
    if (!cb) return `There is no curveball "${id}" for this problem.`;
    if (this.curveballs.some((c) => c.id === id)) return 'That curveball was already delivered.';
    if (this.clock.status !== 'live' && this.clock.status !== 'paused') return 'Curveballs are delivered while the session runs.';
    return { id, text: cb.text, phase: this.plan[this.clock.phaseIndex]?.id ?? '' };
  }

  /** Active minutes since the start: pauses do not count. */
  activeMs(now: number): number {
    const c = this.clock;
    if (c.startedAt === null) return 0;
    const end = c.endedAt ?? now;
    return end - c.startedAt - c.pausedMs - (c.pausedSince !== null ? end - c.pausedSince : 0);
  }

  /**
   * The room's own clockwork: in a live solo session, the first curveball whose minute has come, as an
   * event authored by the room (null when none is due). The caller commits it like any other.
   */
  tick(now: number): OpOutcome | null {
    if (this.mode !== 'solo' || this.clock.status !== 'live' || this.seq >= MAX_EVENTS + CONTROL_RESERVE) return null;
    const elapsed = this.activeMs(now);
    let due: string | undefined;
    let dueMinute = Infinity;
    for (const [id, cb] of this.curveballCatalog) {
      if (cb.minute * 60_000 <= elapsed && cb.minute < dueMinute && !this.curveballs.some((c) => c.id === id)) {
        due = id;
        dueMinute = cb.minute;
      }
    }
    if (!due) return null;
    const data = this.curveballData(due);
    if (typeof data === 'string') return null;
    const opId = `auto-curveball-${due}`;
    return this.commit(ROOM_AUTHOR, opId, dedupKey(ROOM_AUTHOR, opId), 'curveball', data, now, false);
  }

  private commit(author: string, opId: string, key: string, kind: EventKind, data: EventDataByKind[EventKind], now: number, alreadyApplied: boolean): OpOutcome {
    // Timestamps never go backwards within a session, even if the wall clock does.
    const ts = Math.max(now, this.lastTs);
    const event: SessionEvent = { seq: this.seq + 1, ts, author, kind, data };
    const before = this.clock.status;
    this.foldOne(event, key, alreadyApplied);
    if (this.clock.status === before) return { kind: 'event', event, opId };
    return { kind: 'event', event, opId, status: { status: this.clock.status, startedAt: this.clock.startedAt, endedAt: this.clock.endedAt } };
  }

  private lastTs = 0;

  /** Folds one stored event into the state. Events were validated when they were accepted. */
  applyEvent(e: StoredEvent, boardAlreadyApplied = false): void {
    this.foldOne(e, e.opId ? dedupKey(e.author, e.opId) : null, boardAlreadyApplied);
  }

  /** The dedup key apart from the event, so the live path neither copies the event nor builds the key twice. */
  private foldOne(e: SessionEvent | StoredEvent, key: string | null, boardAlreadyApplied: boolean): void {
    this.lastTs = e.ts;
    if (key) this.remember(key, e.seq);
    applySessionEvent(this, e, this.plan, boardAlreadyApplied);
    if (this.chat.length > CHAT_HISTORY_LIMIT * 1.25) this.chat = this.chat.slice(-CHAT_HISTORY_LIMIT);
  }

  private remember(key: string, seq: number): void {
    this.seen.set(key, seq);
    // Forget the oldest in chunks: one iterator pass instead of one per op.
    if (this.seen.size <= DEDUP_WINDOW + DEDUP_WINDOW / 4) return;
    let drop = this.seen.size - DEDUP_WINDOW;
    for (const k of this.seen.keys()) {
      if (drop-- <= 0) break;
      this.seen.delete(k);
    }
  }

  /** How many recent ops are remembered for deduplication (tests). */
  get rememberedOps(): number {
    return this.seen.size;
  }

  canDriveClock(role: Role): boolean {
    return role === 'interviewer' || (this.mode === 'solo' && role === 'candidate');
  }

  snapshot(): RoomSnapshot {
    return {
      clock: this.clock,
      board: boardShapes(this.board),
      chat: this.chat.length > CHAT_HISTORY_LIMIT ? this.chat.slice(-CHAT_HISTORY_LIMIT) : this.chat,
      estimate: this.estimate,
      figures: this.figures,
      hints: this.hints,
      curveballs: this.curveballs,
      notes: this.notes,
    };
  }
}

function refuse(code: ErrorCode, message: string): OpOutcome {
  return { kind: 'error', code, message };
}

/** Op ids are unique per author: the key a room remembers an op by. */
function dedupKey(author: string, opId: string): string {
  return `${author}\u0000${opId}`;
}
