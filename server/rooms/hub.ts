/**
 * The hub owns the sockets: it authenticates upgrades, validates every inbound frame against the
 * shared protocol schemas, feeds ops to the pure `Room`, and turns the outcomes into effects with the
 * ordering the protocol promises: every event accepted in an event-loop turn is committed in one
 * transaction (group commit), and only then acknowledged to its sender and broadcast to the room.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Role, SessionMode, SessionStatus } from '../../shared/api';
import type { PlannedPhase } from '../../shared/clock';
import { CloseCode, type ErrorCode } from '../../shared/errors';
import {
  clientMessageSchema,
  describeIssue,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ClientMessage,
  type PresenceEntry,
  type ServerMessage,
  type SessionHeader,
} from '../../shared/protocol';
import type { Config } from '../config';
import { fetchSiteAllowed, originAllowed } from '../http/origin';
import type { Logger } from '../logger';
import type { ProblemCatalog } from '../problems/catalog';
import { userForToken } from '../store/auth-sessions';
import type { EventLog, PendingEvent } from '../store/events';
import type { Database } from '../store/schema';
import { getSession, listParticipants } from '../store/sessions';
import { Room } from './room';

export interface HubOptions {
  db: Kysely<Database>;
  events: EventLog;
  catalog: ProblemCatalog;
  config: Config;
  log: Logger;
  now: () => number;
  cookieName: string;
  /** Frames a connection may send per second, sustained, and in a burst. */
  ratePerSecond?: number;
  rateBurst?: number;
  /** Past this much unsent data, droppable frames (cursors) are skipped. */
  softBufferBytes?: number;
  /** Past this much unsent data, the connection is closed: it is not reading. */
  hardBufferBytes?: number;
  pingIntervalMs?: number;
}

interface Client {
  ws: WebSocket;
  userId: string;
  /** The sign-in (auth_sessions.id) the socket was opened with. */
  signInId: string;
  displayName: string;
  role: Role;
  live: LiveRoom;
  helloed: boolean;
  alive: boolean;
  tokens: number;
  lastRefill: number;
  strikes: number;
  lastRateError: number;
}

interface LiveRoom {
  room: Room;
  header: SessionHeader;
  participants: Map<string, { displayName: string; role: Role }>;
  clients: Set<Client>;
  /** Events of this room waiting in the current batch. */
  pending: number;
  failed: boolean;
}

interface Outgoing {
  live: LiveRoom;
  sender: Client;
  event: PendingEvent;
  /** The ack to send the sender after the commit. */
  ack: string;
  /** The event frame for everybody else, serialised once. */
  frame: string;
}

interface DeferredAck {
  sender: Client;
  ack: string;
}

/** A typed frame: the compiler checks every outgoing message against the protocol. */
function frame(msg: ServerMessage): string {
  return JSON.stringify(msg);
}

const REPLAY_PAGE = 500;

export class Hub {
  readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly loading = new Map<string, Promise<LiveRoom | null>>();
  private batch: Outgoing[] = [];
  private deferredAcks: DeferredAck[] = [];
  private flushScheduled = false;
  private readonly pinger: NodeJS.Timeout;
  private closing = false;
  private readonly opts: Required<Omit<HubOptions, 'db' | 'events' | 'catalog' | 'config' | 'log' | 'now' | 'cookieName'>>;

  /** Counters for operations and tests. */
  readonly stats = { committed: 0, batches: 0, rejected: 0, rateLimited: 0, slowClosed: 0, droppedCursors: 0 };

  constructor(private readonly h: HubOptions) {
    this.opts = {
      ratePerSecond: h.ratePerSecond ?? 100,
      rateBurst: h.rateBurst ?? 200,
      softBufferBytes: h.softBufferBytes ?? 512 * 1024,
      hardBufferBytes: h.hardBufferBytes ?? 4 * 1024 * 1024,
      pingIntervalMs: h.pingIntervalMs ?? 30_000,
    };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    this.pinger = setInterval(() => this.ping(), this.opts.pingIntervalMs);
    this.pinger.unref();
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  // ---------------------------------------------------------------------------------------------
  // Upgrade: everything is checked before the socket becomes a WebSocket, so refusals are plain HTTP.

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: number, text: string) => {
      if (socket.writable) {
        socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
      }
      socket.destroy();
    };
    socket.on('error', () => socket.destroy());
    try {
      if (this.closing) return refuse(503, 'Server shutting down');
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/ws') return refuse(404, 'Not Found');
      const origin = req.headers.origin;
      if (!originAllowed(origin, req.headers.host, this.h.config.publicOrigin) || !fetchSiteAllowed(req.headers['sec-fetch-site'] as string | undefined)) {
        return refuse(403, 'Forbidden');
      }
      const sessionId = url.searchParams.get('session') ?? '';
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) return refuse(400, 'Bad Request');
      const token = readCookie(req.headers.cookie, this.h.cookieName);
      const user = token ? await userForToken(this.h.db, token, this.h.now()) : undefined;
      if (!user) return refuse(401, 'Unauthorized');
      const live = await this.loadRoom(sessionId);
      // Strangers get the same answer as for a session that does not exist.
      const member = live?.participants.get(user.id);
      if (!live || !member) return refuse(404, 'Not Found');
      if (this.closing) return refuse(503, 'Server shutting down');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, live, user.id, member.displayName, member.role, user.sign_in_id));
    } catch (err) {
      this.h.log.error({ err }, 'websocket upgrade failed');
      refuse(500, 'Internal Server Error');
    }
  }

  private loadRoom(sessionId: string): Promise<LiveRoom | null> {
    const existing = this.rooms.get(sessionId);
    if (existing) return Promise.resolve(existing);
    let p = this.loading.get(sessionId);
    if (!p) {
      p = this.readRoom(sessionId).finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, p);
    }
    return p;
  }

  private async readRoom(sessionId: string): Promise<LiveRoom | null> {
    const row = await getSession(this.h.db, sessionId);
    if (!row) return null;
    const people = await listParticipants(this.h.db, sessionId);
    const already = this.rooms.get(sessionId);
    if (already) return already;
    const problem = this.h.catalog.get(row.problem_slug);
    const hints = new Map((problem?.guide.hints ?? []).map((h) => [h.id, { text: h.text, phase: h.phase }]));
    const plan = JSON.parse(row.phases) as PlannedPhase[];
    const started = performance.now();
    const room = Room.fold({ sessionId, mode: row.mode as SessionMode, plan, hints }, this.h.events.all(sessionId));
    this.h.log.debug({ sessionId, seq: room.seq, ms: Math.round(performance.now() - started) }, 'room loaded');
    const live: LiveRoom = {
      room,
      header: {
        id: row.id,
        problemSlug: row.problem_slug,
        problemTitle: problem?.summary.title ?? row.problem_slug,
        mode: row.mode as SessionMode,
        status: room.status,
        phases: plan,
      },
      participants: new Map(people.map((p) => [p.userId, { displayName: p.displayName, role: p.role }])),
      clients: new Set(),
      pending: 0,
      failed: false,
    };
    this.rooms.set(sessionId, live);
    return live;
  }

  private attach(ws: WebSocket, live: LiveRoom, userId: string, displayName: string, role: Role, signInId: string): void {
    const client: Client = {
      ws,
      userId,
      signInId,
      displayName,
      role,
      live,
      helloed: false,
      alive: true,
      tokens: this.opts.rateBurst,
      lastRefill: this.h.now(),
      strikes: 0,
      lastRateError: 0,
    };
    live.clients.add(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => this.onFrame(client, data, isBinary));
    ws.on('close', () => this.detach(client));
    ws.on('error', () => ws.terminate());
  }

  private detach(client: Client): void {
    const live = client.live;
    if (!live.clients.delete(client)) return;
    if (client.helloed) this.broadcastPresence(live);
    this.maybeUnload(live);
  }

  private maybeUnload(live: LiveRoom): void {
    // Never unload a room with events waiting for their commit.
    if (live.clients.size === 0 && live.pending === 0 && this.rooms.get(live.header.id) === live) {
      this.rooms.delete(live.header.id);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound frames

  private onFrame(client: Client, data: RawData, isBinary: boolean): void {
    if (!this.takeToken(client)) return;
    if (isBinary) return this.sendError(client, 'bad_frame', 'Frames are JSON text.');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return this.sendError(client, 'bad_frame', 'The frame is not valid JSON.');
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const opId = typeof (json as { opId?: unknown })?.opId === 'string' ? (json as { opId: string }).opId.slice(0, 64) : undefined;
      return this.sendError(client, 'bad_frame', describeIssue(parsed.error), opId);
    }
    const msg = parsed.data;
    if (msg.type === 'hello') return this.onHello(client, msg);
    if (!client.helloed) return this.sendError(client, 'bad_frame', 'Send hello first.');
    if (msg.type === 'cursor') return this.onCursor(client, msg);
    const live = client.live;
    if (live.failed) return;
    const outcome = live.room.handleOp({ id: client.userId, role: client.role }, msg, this.h.now());
    switch (outcome.kind) {
      case 'error':
        this.stats.rejected++;
        return this.sendError(client, outcome.code, outcome.message, msg.opId);
      case 'duplicate':
        // The original may still be waiting for its commit: ack after this turn's flush either way.
        this.deferredAcks.push({ sender: client, ack: frame({ type: 'ack', opId: msg.opId, seq: outcome.seq, ts: outcome.ts }) });
        return this.scheduleFlush();
      case 'event': {
        const e = outcome.event;
        const json = JSON.stringify(e.data);
        const status = e.kind === 'phase' ? live.room.status : undefined;
        const pending: PendingEvent = {
          sessionId: live.header.id,
          seq: e.seq,
          ts: e.ts,
          author: e.author,
          kind: e.kind,
          json,
          opId: outcome.opId,
          status: status
            ? { status, startedAt: live.room.clock.startedAt, endedAt: live.room.clock.endedAt }
            : undefined,
        };
        if (status) live.header.status = status as SessionStatus;
        live.pending++;
        this.batch.push({
          live,
          sender: client,
          event: pending,
          ack: `{"type":"ack","opId":${JSON.stringify(outcome.opId)},"seq":${e.seq},"ts":${e.ts}}`,
          frame: `{"type":"event","seq":${e.seq},"ts":${e.ts},"author":${JSON.stringify(e.author)},"kind":"${e.kind}","data":${json}}`,
        });
        return this.scheduleFlush();
      }
    }
  }

  private onHello(client: Client, msg: Extract<ClientMessage, { type: 'hello' }>): void {
    if (msg.protocol !== PROTOCOL_VERSION) {
      this.sendError(client, 'protocol_version', `This server speaks protocol ${PROTOCOL_VERSION}; reload the page to update the app.`);
      client.ws.close(CloseCode.PolicyViolation, 'protocol version');
      return;
    }
    // Send only committed state: commit whatever is waiting first.
    this.flush();
    const live = client.live;
    if (live.failed) return;
    const room = live.room;
    const first = !client.helloed;
    client.helloed = true;
    this.send(client, frame({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      you: { id: client.userId, displayName: client.displayName },
      role: client.role,
      session: { ...live.header, status: room.status },
      participants: this.presence(live),
      seq: room.seq,
      state: room.snapshot(),
      serverTime: this.h.now(),
    }));
    // A client that already holds state up to lastSeq gets exactly what it missed, in order.
    if (msg.lastSeq > 0 && msg.lastSeq < room.seq) {
      let after = msg.lastSeq;
      for (;;) {
        const rows = this.h.events.rowsAfter(live.header.id, after, REPLAY_PAGE);
        for (const r of rows) {
          this.send(client, `{"type":"event","seq":${r.seq},"ts":${r.ts},"author":${JSON.stringify(r.author)},"kind":"${r.kind}","data":${r.data}}`);
        }
        if (rows.length < REPLAY_PAGE) break;
        after = rows[rows.length - 1]!.seq;
      }
    }
    if (first) this.broadcastPresence(live, client);
  }

  private onCursor(client: Client, msg: Extract<ClientMessage, { type: 'cursor' }>): void {
    if (client.role === 'observer') return;
    const out = `{"type":"cursor","user":${JSON.stringify(client.userId)},"x":${msg.x},"y":${msg.y}}`;
    for (const other of client.live.clients) {
      if (other !== client && other.helloed) this.send(other, out, true);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Group commit

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commits every event accepted since the last flush, then acks and broadcasts them. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.batch;
    const acks = this.deferredAcks;
    if (!batch.length && !acks.length) return;
    this.batch = [];
    this.deferredAcks = [];
    if (batch.length) {
      try {
        this.h.events.commit(batch.map((o) => o.event));
      } catch (err) {
        // The rooms now hold state the log does not: drop them and let clients reload from the log.
        this.h.log.error({ err }, 'event commit failed; reloading affected rooms');
        const failed = new Set(batch.map((o) => o.live));
        for (const live of failed) this.failRoom(live);
        return;
      }
      this.stats.committed += batch.length;
      this.stats.batches++;
      for (const o of batch) {
        o.live.pending--;
        this.send(o.sender, o.ack);
        for (const c of o.live.clients) {
          if (c !== o.sender && c.helloed) this.send(c, o.frame);
        }
      }
      for (const o of batch) if (o.live.clients.size === 0) this.maybeUnload(o.live);
    }
    for (const a of acks) this.send(a.sender, a.ack);
  }

  private failRoom(live: LiveRoom): void {
    live.failed = true;
    live.pending = 0;
    if (this.rooms.get(live.header.id) === live) this.rooms.delete(live.header.id);
    for (const c of live.clients) c.ws.close(CloseCode.InternalError, 'storage error; reconnect');
  }

  // ---------------------------------------------------------------------------------------------
  // Outbound

  private send(client: Client, data: string, droppable = false): void {
    const ws = client.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    const buffered = ws.bufferedAmount;
    if (buffered > this.opts.hardBufferBytes) {
      // It is not reading: a close frame would queue behind the backlog, so cut it off.
      this.stats.slowClosed++;
      this.h.log.warn({ user: client.userId, buffered }, 'closing a client that does not read');
      ws.terminate();
      return;
    }
    if (droppable && buffered > this.opts.softBufferBytes) {
      this.stats.droppedCursors++;
      return;
    }
    ws.send(data);
  }

  private sendError(client: Client, code: ErrorCode, message: string, opId?: string): void {
    this.send(client, frame(opId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, opId }));
  }

  private presence(live: LiveRoom): PresenceEntry[] {
    const online = new Set<string>();
    for (const c of live.clients) if (c.helloed) online.add(c.userId);
    return [...live.participants].map(([userId, p]) => ({ userId, displayName: p.displayName, role: p.role, online: online.has(userId) }));
  }

  private broadcastPresence(live: LiveRoom, except?: Client): void {
    const out = frame({ type: 'presence', participants: this.presence(live) });
    for (const c of live.clients) if (c !== except && c.helloed) this.send(c, out);
  }

  /** Token bucket per connection; a sustained flood is closed with 1008. */
  private takeToken(client: Client): boolean {
    const now = this.h.now();
    client.tokens = Math.min(this.opts.rateBurst, client.tokens + ((now - client.lastRefill) / 1000) * this.opts.ratePerSecond);
    client.lastRefill = now;
    if (client.tokens >= 1) {
      client.tokens -= 1;
      client.strikes = 0;
      return true;
    }
    this.stats.rateLimited++;
    client.strikes++;
    if (client.strikes > this.opts.rateBurst) {
      client.ws.close(CloseCode.PolicyViolation, 'rate limit');
      return false;
    }
    if (now - client.lastRateError > 1000) {
      client.lastRateError = now;
      this.sendError(client, 'rate_limited', 'Too many messages: slow down. Messages over the limit are dropped.');
    }
    return false;
  }

  private ping(): void {
    for (const live of this.rooms.values()) {
      for (const c of live.clients) {
        if (!c.alive) {
          c.ws.terminate();
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks for HTTP routes and administration

  /** Re-reads a loaded room's participants after someone joined over HTTP. */
  async participantsChanged(sessionId: string): Promise<void> {
    const live = this.rooms.get(sessionId);
    if (!live) return;
    const people = await listParticipants(this.h.db, sessionId);
    live.participants = new Map(people.map((p) => [p.userId, { displayName: p.displayName, role: p.role }]));
    this.broadcastPresence(live);
  }

  /** Ends a user's sockets at once (logout everywhere, account disabled). */
  disconnectUser(userId: string, code: number = CloseCode.Unauthorized): void {
    for (const live of this.rooms.values()) {
      for (const c of live.clients) if (c.userId === userId) c.ws.close(code, 'signed out');
    }
  }

  /** Closes every socket opened with one of these sign-ins (logout, password change, sign-out everywhere). */
  closeSignIns(authSessionIds: string[], code: number = CloseCode.Unauthorized): void {
    if (!authSessionIds.length) return;
    const ids = new Set(authSessionIds);
    for (const live of this.rooms.values()) {
      for (const c of live.clients) if (ids.has(c.signInId)) c.ws.close(code, 'signed out');
    }
  }

  /** Live status of a loaded room (fresher than the sessions table between flushes). */
  liveStatus(sessionId: string): SessionStatus | undefined {
    return this.rooms.get(sessionId)?.room.status;
  }

  /** Flushes, then closes every socket with 1001 (going away). */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pinger);
    this.flush();
    const closed: Promise<void>[] = [];
    for (const ws of this.wss.clients) {
      closed.push(new Promise((resolve) => {
        ws.once('close', () => resolve());
        ws.close(CloseCode.GoingAway, 'server shutting down');
        setTimeout(() => { ws.terminate(); resolve(); }, 2000).unref();
      }));
    }
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
