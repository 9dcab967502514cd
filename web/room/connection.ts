/**
 * The client side of the room protocol, free of React: one WebSocket with reconnect (exponential
 * backoff with jitter), `hello {lastSeq}` on every (re)connect, ops kept until acknowledged and resent
 * after a reconnect (the server drops duplicates by opId), and the server clock offset.
 *
 * State has two layers: `confirmed` (the server's order: welcome snapshot, then events and our own
 * acknowledged ops in seq order) and `pending` (our ops not yet acknowledged, shown optimistically).
 */
import type { Role } from '../../shared/api';
import { boardFromShapes, cloneBoard, type Board, type BoardOp } from '../../shared/board';
import type { PhaseAction } from '../../shared/clock';
import type { EstimateInputs } from '../../shared/estimate';
import { CloseCode } from '../../shared/errors';
import {
  PROTOCOL_VERSION,
  type AudioState,
  type CallSettings,
  type ClientOp,
  type IceServer,
  type NoteSection,
  type PresenceEntry,
  type ServerMessage,
  type SessionEvent,
  type SessionHeader,
} from '../../shared/protocol';
import { applySessionEvent, type SessionState } from '../../shared/session-state';

/** How long incoming events may wait to be applied together (one render per burst). */
const INBOX_DELAY_MS = 8;

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The state the server has confirmed: the shared fold's state. */
export type ConfirmedState = SessionState;

export interface RoomView {
  status: ConnectionStatus;
  /** Set when the connection cannot go on (signed out, removed, protocol mismatch). */
  fatal: string | null;
  you: { id: string; displayName: string } | null;
  role: Role | null;
  session: SessionHeader | null;
  participants: PresenceEntry[];
  confirmed: ConfirmedState | null;
  pending: ClientOp[];
  /** Errors the server sent for our ops, newest last. */
  errors: { id: number; message: string }[];
  cursors: Record<string, { x: number; y: number; at: number }>;
  /** Why our last board change was refused for the board's budget; cleared when one lands. */
  boardNotice: string | null;
  /** The external call link and recording state, as the server last said. */
  call: CallSettings;
  /** STUN/TURN servers for the audio call. */
  iceServers: IceServer[];
}

type Listener = () => void;
type EventListener = (e: SessionEvent, own: boolean) => void;
type SignalListener = (from: string, data: Record<string, unknown>) => void;

let opCounter = 0;
export function newOpId(): string {
  opCounter = (opCounter + 1) % 1e9;
  const rand = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `${rand.slice(0, 12)}-${opCounter}`;
}

export class RoomConnection {
  private ws: WebSocket | null = null;
  private view: RoomView = {
    status: 'connecting',
    fatal: null,
    you: null,
    role: null,
    session: null,
    participants: [],
    confirmed: null,
    pending: [],
    errors: [],
    cursors: {},
    boardNotice: null,
    call: { link: null, recording: { active: false, consented: [] } },
    iceServers: [],
  };
  private listeners = new Set<Listener>();
  private eventListeners = new Set<EventListener>();
  private signalListeners = new Set<SignalListener>();
  /** Our microphone state, told again to the server after every reconnect. */
  private audio: AudioState = 'off';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private helloSentAt = 0;
  private offsetMs = 0;
  private stopped = false;
  private errorId = 0;
  private inbox: ServerMessage[] = [];
  private inboxTimer: ReturnType<typeof setTimeout> | null = null;
  /** While draining a batch, the board being built (cloned once per batch) and the listeners muted. */
  private batchBoard: Board | null = null;
  private muted = false;

  constructor(
    private readonly url: string,
    private readonly makeSocket: (url: string) => WebSocket = (u) => new WebSocket(u),
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.inboxTimer) clearTimeout(this.inboxTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ws?.close(1000, 'leaving');
    this.ws = null;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onEvent(l: EventListener): () => void {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }

  /** WebRTC signalling from other participants (web/room/audio-call.ts). */
  onSignal(l: SignalListener): () => void {
    this.signalListeners.add(l);
    return () => this.signalListeners.delete(l);
  }

  getView(): RoomView {
    return this.view;
  }

  /** Server time now, corrected by the offset measured at the last welcome. */
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  private set(patch: Partial<RoomView>): void {
    this.view = { ...this.view, ...patch };
    if (!this.muted) for (const l of this.listeners) l();
  }

  private drainInbox(): void {
    if (this.inboxTimer) clearTimeout(this.inboxTimer);
    this.inboxTimer = null;
    const batch = this.inbox;
    if (!batch.length) return;
    this.inbox = [];
    this.muted = true;
    try {
      for (const msg of batch) this.receive(msg);
    } finally {
      this.muted = false;
      this.batchBoard = null;
    }
    for (const l of this.listeners) l();
  }

  private connect(): void {
    if (this.stopped) return;
    this.set({ status: this.view.confirmed ? 'reconnecting' : 'connecting' });
    let ws: WebSocket;
    try {
      ws = this.makeSocket(this.url);
    } catch {
      return this.scheduleRetry();
    }
    this.ws = ws;
    ws.onopen = () => {
      this.helloSentAt = Date.now();
      ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, lastSeq: this.view.confirmed?.seq ?? 0 }));
    };
    ws.onmessage = (m) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(m.data)) as ServerMessage;
      } catch {
        return;
      }
      // Events and acks arrive as separate tasks; coalesce a burst (a peer pasting 500 shapes, a
      // replay after reconnect) into one state update and one render instead of one per frame.
      if (msg.type === 'event' || msg.type === 'ack' || msg.type === 'cursor') {
        this.inbox.push(msg);
        if (!this.inboxTimer) this.inboxTimer = setTimeout(() => this.drainInbox(), INBOX_DELAY_MS);
        return;
      }
      this.drainInbox();
      this.receive(msg);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (e.code === CloseCode.Unauthorized) return this.set({ status: 'closed', fatal: 'You were signed out. Log in again to rejoin the room.' });
      if (e.code === CloseCode.Forbidden || e.code === CloseCode.NotFound) return this.set({ status: 'closed', fatal: 'You no longer have access to this session.' });
      if (e.code === CloseCode.PolicyViolation && this.view.fatal) return this.set({ status: 'closed' });
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.set({ status: this.view.confirmed ? 'reconnecting' : 'connecting' });
    const base = Math.min(10_000, 500 * 2 ** this.attempt);
    this.attempt++;
    // Full jitter: a room of clients that lost the server together does not return in lockstep.
    this.retryTimer = setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
  }

  /** Reconnect now (e.g. when the browser says it is online again). */
  retryNow(): void {
    if (this.ws || this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  }

  private receive(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome': {
        const rtt = Date.now() - this.helloSentAt;
        this.offsetMs = msg.serverTime + rtt / 2 - Date.now();
        this.attempt = 0;
        const s = msg.state;
        // The snapshot is authoritative up to msg.seq; replayed events at or below it are skipped.
        this.set({
          status: 'open',
          you: msg.you,
          role: msg.role,
          session: msg.session,
          participants: msg.participants,
          confirmed: { ...s, seq: msg.seq, board: boardFromShapes(s.board) },
          call: msg.call,
          iceServers: msg.iceServers,
        });
        // A new socket starts with its microphone off on the server: say where we are.
        if (this.audio !== 'off') this.ws?.send(JSON.stringify({ type: 'media', audio: this.audio }));
        // Resend what the server has not acknowledged; it acks duplicates with their original seq.
        for (const op of this.view.pending) this.ws?.send(JSON.stringify(op));
        return;
      }
      case 'event':
        return this.applyConfirmed(msg, false);
      case 'ack': {
        // The ack carries the committed event exactly as peers received it: fold that, never a guess.
        const pending = this.view.pending.filter((p) => p.opId !== msg.opId);
        const confirmed = this.view.confirmed;
        const boardNotice = msg.event.kind === 'board' ? null : this.view.boardNotice;
        if (!confirmed || msg.seq <= confirmed.seq) return this.set({ pending, boardNotice });
        this.view = { ...this.view, pending, boardNotice };
        return this.applyConfirmed(msg.event, true);
      }
      case 'presence':
        return this.set({ participants: msg.participants });
      case 'signal':
        for (const l of this.signalListeners) l(msg.from, msg.data);
        return;
      case 'call':
        return this.set({ call: { link: msg.link, recording: msg.recording } });
      case 'cursor':
        return this.set({ cursors: { ...this.view.cursors, [msg.user]: { x: msg.x, y: msg.y, at: Date.now() } } });
      case 'error': {
        const refused = msg.opId ? this.view.pending.find((p) => p.opId === msg.opId) : undefined;
        const pending = refused ? this.view.pending.filter((p) => p !== refused) : this.view.pending;
        if (msg.code === 'protocol_version') this.view = { ...this.view, fatal: msg.message };
        if (msg.code === 'budget_exceeded' && refused?.type === 'board') return this.set({ pending, boardNotice: msg.message });
        const errors = [...this.view.errors, { id: ++this.errorId, message: msg.message }].slice(-5);
        return this.set({ pending, errors });
      }
    }
  }

  private applyConfirmed(e: SessionEvent, own: boolean): void {
    const c = this.view.confirmed;
    if (!c || e.seq <= c.seq) return;
    if (e.seq !== c.seq + 1) {
      // A gap: our view is behind the log. Reconnect and resync from our last seq.
      this.ws?.close(4000, 'resync');
      return;
    }
    // The same fold as the server's room (shared/session-state.ts), on copies of what it mutates.
    const next: ConfirmedState = {
      ...c,
      chat: e.kind === 'chat' ? [...c.chat] : c.chat,
      hints: e.kind === 'hint' ? [...c.hints] : c.hints,
      curveballs: e.kind === 'curveball' ? [...c.curveballs] : c.curveballs,
    };
    if (e.kind === 'board') {
      // Within a batch, clone the board once and apply every op to that copy.
      if (!this.batchBoard || !this.muted) this.batchBoard = cloneBoard(c.board);
      next.board = this.batchBoard;
    }
    applySessionEvent(next, e, this.view.session?.phases ?? []);
    if (e.kind === 'phase' && this.view.session) this.view = { ...this.view, session: { ...this.view.session, status: next.clock.status } };
    this.set({ confirmed: next });
    for (const l of this.eventListeners) l(e, own);
  }

  /** Queues an op: shown at once, sent now if connected, resent after a reconnect until acked. */
  send(op: ClientOp): void {
    this.set({ pending: [...this.view.pending, op] });
    if (this.ws?.readyState === WebSocket.OPEN && this.view.status === 'open') this.ws.send(JSON.stringify(op));
  }

  chat(text: string): void {
    this.send({ type: 'chat', opId: newOpId(), text });
  }

  phase(action: PhaseAction): void {
    this.send({ type: 'phase', opId: newOpId(), action });
  }

  estimate(change: { inputs?: Partial<EstimateInputs>; figures?: Record<string, number | null> }): void {
    this.send({ type: 'estimate', opId: newOpId(), ...change });
  }

  curveball(id: string): void {
    this.send({ type: 'curveball', opId: newOpId(), id });
  }

  notes(section: NoteSection, text: string): void {
    this.send({ type: 'notes', opId: newOpId(), section, text });
  }

  hint(id: string): void {
    this.send({ type: 'hint', opId: newOpId(), id });
  }

  board(op: BoardOp): void {
    this.send({ type: 'board', opId: newOpId(), op });
  }

  /** Ephemeral: never queued, dropped when offline. */
  cursor(x: number, y: number): void {
    if (this.ws?.readyState === WebSocket.OPEN && this.view.status === 'open') this.ws.send(JSON.stringify({ type: 'cursor', x, y }));
  }

  /** WebRTC signalling to one participant: ephemeral, dropped when offline (the call renegotiates). */
  signal(to: string, data: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN && this.view.status === 'open') this.ws.send(JSON.stringify({ type: 'signal', to, data }));
  }

  /** Our microphone state for presence; kept and re-sent after a reconnect. */
  media(audio: AudioState): void {
    this.audio = audio;
    if (this.ws?.readyState === WebSocket.OPEN && this.view.status === 'open') this.ws.send(JSON.stringify({ type: 'media', audio }));
  }

  /** A local notice in the error toasts (the audio call's problems). */
  notify(message: string): void {
    this.set({ errors: [...this.view.errors, { id: ++this.errorId, message }].slice(-5) });
  }

  dismissError(id: number): void {
    this.set({ errors: this.view.errors.filter((e) => e.id !== id) });
  }
}

