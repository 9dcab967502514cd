/**
 * Room ownership across nodes with PostgreSQL advisory locks (DESIGN §9). A node holds
 * `pg_try_advisory_lock` for each session it has loaded, all on one dedicated connection kept for
 * that purpose (a pooled connection would hand its locks to whoever borrows it next). When the node
 * dies, PostgreSQL sees the connection go and the locks go with it: the next node asked takes the
 * lock and loads the room from the log.
 *
 * If the connection drops while the node lives (PostgreSQL restarted, a partition), the node cannot
 * know whether another has taken its rooms, so it drops them all at once; clients reconnect and the
 * room is claimed afresh. A partition the node does not notice is caught at its next commit: the other
 * owner's events hold the same (session, seq) keys, and the unique index refuses the batch.
 */
import pg from 'pg';
import type { Logger } from '../logger';
import { clientConfig } from '../store/postgres';
import type { RoomOwnership } from './ownership';

/** A query on the lock connection; also the heartbeat's deadline. */
const QUERY_TIMEOUT_MS = 5_000;
const HEARTBEAT_MS = 5_000;

// 64-bit keys from the session id; one namespace with Kysely's migration lock, which hashes a name
// that is not a session id.
const TRY_LOCK = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS ok';

export class AdvisoryLockOwnership implements RoomOwnership {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();
  private readonly lostHandlers: ((ids: string[]) => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  /** Queries on the lock connection run one after another (pg queues them, but deprecates relying on it). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Counters for operations and tests. */
  readonly stats = { claimed: 0, refused: 0, lost: 0 };

  constructor(
    private readonly url: string,
    /** Names the lock connection in pg_stat_activity (`mockroom locks <node>`). */
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async claim(sessionId: string): Promise<boolean> {
    if (this.held.has(sessionId)) return true;
    const client = await this.connection();
    const r = await this.serial(() => client.query<{ ok: boolean }>(TRY_LOCK, [sessionId]));
    const ok = r.rows[0]?.ok === true;
    // The connection may have dropped between the query and now: then the lock went with it.
    if (ok && this.client === client) {
      this.held.add(sessionId);
      this.stats.claimed++;
      return true;
    }
    this.stats.refused++;
    return false;
  }

  release(sessionId: string): void {
    if (!this.held.delete(sessionId)) return;
    const client = this.client;
    if (!client) return;
    this.serial(() => client.query(UNLOCK, [sessionId])).catch((err: unknown) => this.log.warn({ err, sessionId }, 'releasing a room lock failed'));
  }

  onLost(handler: (ids: string[]) => void): void {
    this.lostHandlers.push(handler);
  }

  /** The session ids this node holds (tests, status). */
  get rooms(): number {
    return this.held.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    this.held.clear();
    await client?.end().catch(() => {});
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => {});
    return next;
  }

  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('room ownership closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ ...clientConfig(this.url, { applicationName: `mockroom locks ${this.nodeId}` }), query_timeout: QUERY_TIMEOUT_MS });
      client.on('error', (err) => this.lost(client, err));
      client.on('end', () => this.lost(client, null));
      try {
        await client.connect();
      } catch (err) {
        client.removeAllListeners('end');
        throw err;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async beat(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await this.serial(() => client.query('SELECT 1'));
    } catch (err) {
      this.lost(client, err);
    }
  }

  /** The lock connection is gone, or unanswering: its locks are, or soon will be, someone else's. */
  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => {});
    const ids = [...this.held];
    this.held.clear();
    if (this.closed) return;
    this.stats.lost += ids.length;
    this.log.error({ err, rooms: ids.length }, 'lost the room-lock connection to PostgreSQL; dropping the rooms this node served');
    for (const h of this.lostHandlers) h(ids);
  }
}
