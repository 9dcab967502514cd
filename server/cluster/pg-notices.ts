/**
 * Notices between nodes over PostgreSQL LISTEN/NOTIFY: one dedicated connection listens (a pooled one
 * would stop listening when returned); a notice is published through the pool with `pg_notify`, which
 * PostgreSQL delivers when the publishing transaction commits. The publishing node applies its own
 * notice at once and ignores its echo.
 *
 * A node whose listening connection drops reconnects with backoff. Notices sent while it was away are
 * lost; the one that matters for trust (ended sign-ins) is also caught by the hub's periodic re-check
 * of its sockets' sign-ins.
 */
import pg from 'pg';
import type { Logger } from '../logger';
import { clientConfig } from '../store/postgres';
import { nodeNoticeSchema, type NodeNotice, type Notices } from './notices';

export const CHANNEL = 'mockroom_nudges';

export class PgNotices implements Notices {
  private readonly handlers: ((n: NodeNotice) => void)[] = [];
  private listener: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private backoffMs = 250;
  private closed = false;
  /** Counters for operations and tests. */
  readonly stats = { sent: 0, received: 0, ignored: 0, reconnects: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  /** Resolves once this node listens (start-up waits for it, so no notice is missed from the start). */
  async start(): Promise<void> {
    await this.listen();
  }

  publish(notice: NodeNotice): void {
    this.deliver(notice);
    this.stats.sent++;
    this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: this.nodeId, notice })]).catch((err: unknown) => {
      this.log.error({ err, kind: notice.kind }, 'could not tell the other nodes');
    });
  }

  onNotice(handler: (n: NodeNotice) => void): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
  }

  private deliver(notice: NodeNotice): void {
    for (const h of this.handlers) {
      try {
        h(notice);
      } catch (err) {
        this.log.error({ err, kind: notice.kind }, 'applying a notice failed');
      }
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client(clientConfig(this.url, { applicationName: `mockroom notices ${this.nodeId}` }));
    const dropped = (err: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      if (this.closed) return;
      this.log.warn({ err }, 'lost the notice connection to PostgreSQL; reconnecting');
      this.reconnectLater();
    };
    client.on('error', dropped);
    client.on('end', () => dropped(null));
    client.on('notification', (msg) => this.heard(msg.payload));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
    this.backoffMs = 250;
  }

  private reconnectLater(): void {
    this.retry = setTimeout(() => {
      this.retry = null;
      this.stats.reconnects++;
      this.listen().catch((err: unknown) => {
        this.log.warn({ err }, 'reconnecting the notice connection failed');
        this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
        if (!this.closed) this.reconnectLater();
      });
    }, this.backoffMs);
    this.retry.unref();
  }

  /** A payload from the channel: checked like any other input, since anyone with database access can NOTIFY. */
  private heard(payload: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? '');
    } catch {
      this.stats.ignored++;
      return;
    }
    const from = (parsed as { from?: unknown })?.from;
    if (from === this.nodeId) return;
    const notice = nodeNoticeSchema.safeParse((parsed as { notice?: unknown })?.notice);
    if (!notice.success) {
      this.stats.ignored++;
      this.log.warn({ payload: payload?.slice(0, 200) }, 'ignored a malformed notice');
      return;
    }
    this.stats.received++;
    this.deliver(notice.data);
  }
}
