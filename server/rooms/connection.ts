/**
 * One WebSocket in a room: the `RoomSocket` adapter over `ws` (with the slow-consumer policy), the
 * per-connection rate limit, and the frame edge: every inbound frame is parsed and validated with the
 * shared protocol schema before anything acts on it. Its protocol state is one of `awaiting-hello`,
 * `live` or `closing`; a closing connection ignores whatever still arrives.
 */
import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import type { Role } from '../../shared/api';
import { CloseCode, type ErrorCode } from '../../shared/errors';
import { clientMessageSchema, describeIssue, PROTOCOL_VERSION, type AudioState } from '../../shared/protocol';
import type { Logger } from '../logger';
import { errorFrame } from './frames';
import { parseHotFrame } from './hot-frames';
import type { LiveRoom, MemberPhase, RoomMember, RoomSocket } from './live-room';
import type { OutFrame } from './wire-frame';

export interface ConnectionLimits {
  /** Frames a connection may send per second, sustained, and in a burst. */
  ratePerSecond: number;
  rateBurst: number;
  /** Past this much unsent data, droppable frames (cursors) are skipped. */
  softBufferBytes: number;
  /** Past this much unsent data, the connection is cut: it is not reading. */
  hardBufferBytes: number;
  /** A socket that has not said hello by then is closed. */
  helloTimeoutMs: number;
}

export interface ConnectionStats {
  rateLimited: number;
  slowClosed: number;
  droppedCursors: number;
}

export interface Identity {
  userId: string;
  displayName: string;
  role: Role;
  signInId: string;
}

export class Connection implements RoomMember, RoomSocket {
  phase: MemberPhase = 'awaiting-hello';
  audio: AudioState = 'off';
  greeting = false;
  replaying: OutFrame[] | null = null;
  readonly socket: RoomSocket = this;
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly signInId: string;
  /** Answered the last ping. */
  alive = true;
  private tokens: number;
  private lastRefill: number;
  private strikes = 0;
  private lastRateError = 0;
  private readonly helloTimer: NodeJS.Timeout;
  /** Where built frames are written directly; null when this `ws` does not allow it (see `rawWriter`). */
  private readonly raw: RawWriter | null;

  constructor(
    private readonly ws: WebSocket,
    readonly room: LiveRoom,
    who: Identity,
    private readonly limits: ConnectionLimits,
    private readonly stats: ConnectionStats,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {
    this.userId = who.userId;
    this.displayName = who.displayName;
    this.role = who.role;
    this.signInId = who.signInId;
    this.tokens = limits.rateBurst;
    this.lastRefill = now();
    this.raw = rawWriter(ws);
    room.join(this);
    this.helloTimer = setTimeout(() => {
      if (this.phase === 'awaiting-hello') this.close(CloseCode.HelloTimeout, 'hello expected');
    }, limits.helloTimeoutMs);
    this.helloTimer.unref();
    ws.on('pong', () => (this.alive = true));
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', () => ws.terminate());
  }

  // RoomSocket ------------------------------------------------------------------------------------

  get open(): boolean {
    return this.phase !== 'closing' && this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: OutFrame, droppable = false): void {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    const buffered = ws.bufferedAmount;
    if (buffered > this.limits.hardBufferBytes) {
      // It is not reading: a close frame would queue behind the backlog, so cut it off.
      this.stats.slowClosed++;
      this.log.warn({ user: this.userId, buffered }, 'closing a client that does not read');
      this.phase = 'closing';
      ws.terminate();
      return;
    }
    if (droppable && buffered > this.limits.softBufferBytes) {
      this.stats.droppedCursors++;
      return;
    }
    if (typeof frame === 'string') ws.send(frame);
    else if (this.raw?.ready()) this.raw.socket.write(frame.bytes);
    else ws.send(frame.payload(), { binary: false });
  }

  close(code: number, reason: string): void {
    this.phase = 'closing';
    this.ws.close(code, reason);
  }

  /** Ends the connection without a close handshake (ping timeout, shutdown deadline). */
  terminate(): void {
    this.phase = 'closing';
    this.ws.terminate();
  }

  ping(): void {
    if (!this.alive) return this.terminate();
    this.alive = false;
    this.ws.ping();
  }

  // Inbound ---------------------------------------------------------------------------------------

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closing' || !this.takeToken()) return;
    if (isBinary) return this.error('bad_frame', 'Frames are JSON text.');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return this.error('bad_frame', 'The frame is not valid JSON.');
    }
    let msg = parseHotFrame(json);
    if (!msg) {
      const parsed = clientMessageSchema.safeParse(json);
      if (!parsed.success) {
        const opId = typeof (json as { opId?: unknown })?.opId === 'string' ? (json as { opId: string }).opId.slice(0, 64) : undefined;
        return this.error('bad_frame', describeIssue(parsed.error), opId);
      }
      msg = parsed.data;
    }
    switch (msg.type) {
      case 'hello':
        if (this.phase !== 'awaiting-hello' || this.greeting) return this.error('bad_frame', 'This connection already said hello.');
        if (msg.protocol !== PROTOCOL_VERSION) {
          this.error('protocol_version', `This server speaks protocol ${PROTOCOL_VERSION}; reload the page to update the app.`);
          return this.close(CloseCode.PolicyViolation, 'protocol version');
        }
        clearTimeout(this.helloTimer);
        return this.room.hello(this, msg.lastSeq);
      case 'cursor':
        if (this.phase !== 'live') return this.error('bad_frame', 'Send hello first.');
        return this.room.cursor(this, msg.x, msg.y);
      case 'signal':
        if (this.phase !== 'live') return this.error('bad_frame', 'Send hello first.');
        return this.room.signal(this, msg.to, msg.data);
      case 'media':
        if (this.phase !== 'live') return this.error('bad_frame', 'Send hello first.');
        return this.room.media(this, msg.audio);
      default:
        if (this.phase !== 'live') return this.error('bad_frame', 'Send hello first.', msg.opId);
        return this.room.receive(this, msg);
    }
  }

  private onClose(): void {
    clearTimeout(this.helloTimer);
    this.room.leave(this);
    this.phase = 'closing';
  }

  private error(code: ErrorCode, message: string, opId?: string): void {
    this.send(errorFrame(code, message, opId));
  }

  /** Token bucket; a sustained flood is closed with 1008. */
  private takeToken(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limits.rateBurst, this.tokens + ((now - this.lastRefill) / 1000) * this.limits.ratePerSecond);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.strikes = 0;
      return true;
    }
    this.stats.rateLimited++;
    this.strikes++;
    if (this.strikes > this.limits.rateBurst) {
      this.close(CloseCode.PolicyViolation, 'rate limit');
      return false;
    }
    if (now - this.lastRateError > 1000) {
      this.lastRateError = now;
      this.error('rate_limited', 'Too many messages: slow down. Messages over the limit are dropped.');
    }
    return false;
  }
}

/**
 * The TCP socket under a `ws` connection, for writing frames built by `wire-frame.ts` in one call.
 * `ws` has no public way to send a frame that is already framed, so this reaches its `_socket` and
 * `_sender._state`: a frame may only go around the Sender while the Sender has nothing queued (its
 * state is DEFAULT, 0: no compression or Blob read in progress, and we use neither), so order with the
 * frames `ws` writes itself (pongs, close) is kept. Anything unexpected about those internals (another
 * `ws` version) leaves `null`, and frames go through `ws.send`; test/server/wire-frame.test.ts fails
 * when the installed `ws` no longer allows the direct path.
 */
interface RawWriter {
  socket: Socket;
  ready(): boolean;
}

export function rawWriter(ws: WebSocket): RawWriter | null {
  const inner = ws as unknown as { _socket?: Socket; _sender?: { _state?: unknown } };
  const socket = inner._socket;
  const sender = inner._sender;
  if (!socket || typeof socket.write !== 'function' || !sender || sender._state !== 0) return null;
  return { socket, ready: () => sender._state === 0 && !socket.destroyed };
}
