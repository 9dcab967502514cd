/**
 * The hub routes sockets to rooms. It checks an upgrade before the socket becomes a WebSocket (path,
 * Origin, cookie, membership, the per-user socket budget), so refusals are plain HTTP statuses; loads
 * a room once however many arrive together, only for a member, and only once this node owns it
 * (several nodes: 409 `room_elsewhere` otherwise); and hands the socket to a `Connection` in that
 * room's `LiveRoom`. The room logic lives in live-room.ts and room.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SessionStatus } from '../../shared/api';
import { CloseCode } from '../../shared/errors';
import { MAX_FRAME_BYTES } from '../../shared/protocol';
import { fetchSiteAllowed, originAllowed } from '../auth/origin';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ProblemCatalog } from '../problems/catalog';
import { SingleNodeOwnership, type RoomOwnership } from '../cluster/ownership';
import { liveSignIns, userForToken } from '../store/auth-sessions';
import type { EventLog } from '../store/events';
import type { Database } from '../store/schema';
import { callSettings } from '../store/recordings';
import { listParticipants, roleOf } from '../store/sessions';
import { Connection, type ConnectionLimits } from './connection';
import { LiveRoom, type RoomStore } from './live-room';
import { LogRoomStore } from './log-room-store';

export interface HubOptions extends Partial<ConnectionLimits> {
  db: Kysely<Database>;
  events: EventLog;
  catalog: ProblemCatalog;
  config: Config;
  log: Logger;
  now: () => number;
  cookieName: string;
  pingIntervalMs?: number;
  /** Open sockets one person may hold across all sessions. */
  maxSocketsPerUser?: number;
  /** For tests: a store other than the event log's. */
  store?: RoomStore;
  /** Who serves which room when there are several nodes; one node serves all by default. */
  ownership?: RoomOwnership;
  /** How often open sockets' sign-ins are checked against the database (ended elsewhere, expired). */
  signInCheckMs?: number;
}

/** How long a client should wait before retrying a room another node serves. */
const ELSEWHERE_RETRY_S = 2;

/** Session ids are URL-safe random strings. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class Hub {
  readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly loading = new Map<string, Promise<LiveRoom | null | 'elsewhere'>>();
  private readonly connections = new Set<Connection>();
  private readonly socketsPerUser = new Map<string, number>();
  private readonly store: RoomStore;
  private readonly logStore: LogRoomStore | null;
  private readonly ownership: RoomOwnership;
  private readonly signInChecker: NodeJS.Timeout;
  /** Per-connection limits; shared by every connection, so tests may tune them on a running hub. */
  readonly limits: ConnectionLimits;
  private readonly maxSocketsPerUser: number;
  private readonly pinger: NodeJS.Timeout;
  private readonly ticker: NodeJS.Timeout;
  private closing = false;

  /** Counters for operations and tests. */
  readonly stats = { committed: 0, batches: 0, rejected: 0, rateLimited: 0, slowClosed: 0, droppedCursors: 0, refusedUpgrades: 0, elsewhere: 0 };

  constructor(private readonly h: HubOptions) {
    this.limits = {
      ratePerSecond: h.ratePerSecond ?? 100,
      rateBurst: h.rateBurst ?? 200,
      softBufferBytes: h.softBufferBytes ?? 512 * 1024,
      hardBufferBytes: h.hardBufferBytes ?? 4 * 1024 * 1024,
      helloTimeoutMs: h.helloTimeoutMs ?? 15_000,
    };
    this.maxSocketsPerUser = h.maxSocketsPerUser ?? 8;
    this.logStore = h.store
      ? null
      : new LogRoomStore({
          db: h.db,
          events: h.events,
          catalog: h.catalog,
          onLoaded: (sessionId, seq, ms) => h.log.debug({ sessionId, seq, ms: Math.round(ms) }, 'room loaded'),
          onCommitError: (err, n) => h.log.error({ err, events: n }, 'event commit failed; closing the affected rooms'),
        });
    this.store = h.store ?? this.logStore!;
    this.ownership = h.ownership ?? new SingleNodeOwnership();
    this.ownership.onLost((ids) => {
      for (const id of ids) this.rooms.get(id)?.drop(CloseCode.RoomMoved, 'room moved; reconnect');
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    this.pinger = setInterval(() => {
      for (const c of this.connections) c.ping();
    }, h.pingIntervalMs ?? 30_000);
    this.pinger.unref();
    this.ticker = setInterval(() => this.tick(), 1000);
    this.ticker.unref();
    this.signInChecker = setInterval(() => {
      this.checkSignIns().catch((err: unknown) => h.log.warn({ err }, 'checking open sockets\' sign-ins failed'));
    }, h.signInCheckMs ?? 60_000);
    this.signInChecker.unref();
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  get clientCount(): number {
    return this.connections.size;
  }

  // Upgrade -----------------------------------------------------------------------------------------

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: number, text: string, headers = '', type = 'text/plain') => {
      this.stats.refusedUpgrades++;
      if (socket.writable) {
        const reason = type === 'text/plain' ? text : REASONS[status] ?? 'Error';
        socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${headers}Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
      }
      socket.destroy();
    };
    socket.on('error', () => socket.destroy());
    try {
      if (this.closing) return refuse(503, 'Server shutting down');
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/ws') return refuse(404, 'Not Found');
      if (!originAllowed(req.headers.origin, req.headers.host, this.h.config.publicOrigin) || !fetchSiteAllowed(req.headers['sec-fetch-site'] as string | undefined)) {
        return refuse(403, 'Forbidden');
      }
      const sessionId = url.searchParams.get('session') ?? '';
      if (!SESSION_ID.test(sessionId)) return refuse(400, 'Bad Request');
      const token = readCookie(req.headers.cookie, this.h.cookieName);
      const user = token ? await userForToken(this.h.db, token, this.h.now()) : undefined;
      if (!user) return refuse(401, 'Unauthorized');
      // Membership first: a stranger never causes a room to load. Strangers and missing sessions look alike.
      if (!(await roleOf(this.h.db, sessionId, user.id))) return refuse(404, 'Not Found');
      if ((this.socketsPerUser.get(user.id) ?? 0) >= this.maxSocketsPerUser) {
        return refuse(429, `Too many open connections: at most ${this.maxSocketsPerUser} per person. Close another tab or room.`, 'Retry-After: 5\r\n');
      }
      let live = await this.loadRoom(sessionId);
      if (live !== 'elsewhere' && live?.isUnloaded) live = await this.loadRoom(sessionId);
      if (live === 'elsewhere') {
        this.stats.elsewhere++;
        const body = JSON.stringify({ error: { code: 'room_elsewhere', message: 'Another server runs this session\'s room right now. Retry in a moment.' } });
        return refuse(409, body, `Retry-After: ${ELSEWHERE_RETRY_S}\r\n`, 'application/json');
      }
      if (!live) return refuse(404, 'Not Found');
      // Held from here: a refusal below releases it, and an empty room unloads at once.
      live.reserve();
      const member = live.roleOf(user.id);
      if (!member || this.closing || !socket.writable) {
        live.release();
        return member ? refuse(503, 'Server shutting down') : refuse(404, 'Not Found');
      }
      // Count the socket from here, so parallel upgrades cannot pass the budget together.
      this.countSocket(user.id, +1);
      let attached = false;
      socket.once('close', () => {
        if (attached) return;
        this.countSocket(user.id, -1);
        live.release();
      });
      this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        attached = true;
        if (live.isUnloaded) {
          ws.close(CloseCode.InternalError, 'room unavailable; reconnect');
          this.countSocket(user.id, -1);
          return;
        }
        const conn = new Connection(ws, live, { userId: user.id, displayName: member.displayName, role: member.role, signInId: user.sign_in_id }, this.limits, this.stats, this.h.now, this.h.log);
        this.connections.add(conn);
        ws.once('close', () => {
          this.connections.delete(conn);
          this.countSocket(user.id, -1);
        });
      });
    } catch (err) {
      this.h.log.error({ err }, 'websocket upgrade failed');
      refuse(500, 'Internal Server Error');
    }
  }

  private countSocket(userId: string, delta: number): void {
    const n = (this.socketsPerUser.get(userId) ?? 0) + delta;
    if (n <= 0) this.socketsPerUser.delete(userId);
    else this.socketsPerUser.set(userId, n);
  }

  /**
   * One load per session however many sockets arrive at once (Hocuspocus's `loadingDocuments`),
   * after this node has claimed the room; 'elsewhere' when another node serves it.
   */
  private loadRoom(sessionId: string): Promise<LiveRoom | null | 'elsewhere'> {
    const existing = this.rooms.get(sessionId);
    if (existing) return Promise.resolve(existing);
    let p = this.loading.get(sessionId);
    if (!p) {
      p = (async () => {
        if (!(await this.ownership.claim(sessionId))) return 'elsewhere' as const;
        let seed;
        try {
          seed = await this.store.load(sessionId);
        } catch (err) {
          this.ownership.release(sessionId);
          throw err;
        }
        if (!seed || this.closing) {
          this.ownership.release(sessionId);
          return null;
        }
        const live = new LiveRoom(seed, {
          store: this.store,
          now: this.h.now,
          iceServers: this.h.config.iceServers,
          onUnload: (r) => {
            if (this.rooms.get(r.id) === r) this.rooms.delete(r.id);
            // Unloaded only with nothing left to commit: the next owner loads every event.
            this.ownership.release(r.id);
          },
          onStats: (kind, n) => {
            this.stats[kind] += n;
            if (kind === 'committed' && this.logStore) this.stats.batches = this.logStore.stats.batches;
          },
        });
        this.rooms.set(sessionId, live);
        return live;
      })().finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, p);
    }
    return p;
  }

  // Hooks for HTTP routes and administration ----------------------------------------------------------

  /** Re-reads a loaded room's participants after someone joined over HTTP. */
  async participantsChanged(sessionId: string): Promise<void> {
    const live = this.rooms.get(sessionId);
    if (!live) return;
    const people = await listParticipants(this.h.db, sessionId);
    live.setParticipants(people.map((p) => ({ userId: p.userId, displayName: p.displayName, role: p.role })));
  }

  /** Re-reads a loaded room's call link and recording consent after a change over HTTP, and tells everyone. */
  async callChanged(sessionId: string): Promise<void> {
    const live = this.rooms.get(sessionId);
    if (!live) return;
    const call = await callSettings(this.h.db, sessionId);
    if (call) live.setCall(call);
  }

  /** Ends a user's sockets at once (account disabled, signed out everywhere). */
  disconnectUser(userId: string, code: number = CloseCode.Unauthorized): void {
    for (const live of [...this.rooms.values()]) live.closeMembers((m) => m.userId === userId, code, 'signed out');
  }

  /** Ends the sockets opened with these sign-ins (a logout, a revoked sign-in). */
  closeSignIns(signInIds: string[], code: number = CloseCode.Unauthorized): void {
    const ids = new Set(signInIds);
    for (const live of [...this.rooms.values()]) live.closeMembers((m) => ids.has(m.signInId), code, 'signed out');
  }

  /**
   * Closes sockets whose sign-in ended where no notice reached this node (another node's logout while
   * this one's notice connection was down) or expired while the socket stayed open.
   */
  async checkSignIns(): Promise<void> {
    const ids = new Set<string>();
    for (const c of this.connections) ids.add(c.signInId);
    if (!ids.size) return;
    const alive = await liveSignIns(this.h.db, [...ids], this.h.now());
    const gone = [...ids].filter((id) => !alive.has(id));
    if (gone.length) this.closeSignIns(gone);
  }

  /**
   * A scheduled session was called off before it started (the sessions table says ended): its
   * sockets close with a reason, and the clients reconnect to a room that loads ended.
   */
  sessionCancelled(sessionId: string): void {
    this.rooms.get(sessionId)?.closeMembers(() => true, CloseCode.SessionCancelled, 'session cancelled');
  }

  /** Live status of a loaded room (fresher than the sessions table between commits). */
  liveStatus(sessionId: string): SessionStatus | undefined {
    return this.rooms.get(sessionId)?.status;
  }

  /** Lets every loaded room run its clockwork (a solo session's curveballs); every second, and from tests. */
  tick(): void {
    for (const live of this.rooms.values()) live.tick();
  }

  /** Commits whatever is queued (tests and shutdown); resolves once it is. */
  async flush(): Promise<void> {
    await this.store.flush();
  }

  /** Stops accepting, commits, then closes every socket with 1001 (going away) and lets go of the rooms. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pinger);
    clearInterval(this.ticker);
    clearInterval(this.signInChecker);
    await this.store.flush();
    const closed: Promise<void>[] = [];
    for (const ws of this.wss.clients) {
      closed.push(
        new Promise((resolve) => {
          ws.once('close', () => resolve());
          ws.close(CloseCode.GoingAway, 'server shutting down');
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 2000).unref();
        }),
      );
    }
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.store.flush();
    await this.ownership.close();
  }
}

const REASONS: Record<number, string> = { 409: 'Conflict' };

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
