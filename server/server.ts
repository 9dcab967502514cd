/** Assembles the server: store, problems, HTTP app, WebSocket hub. Used by main.ts and by tests. */
import { readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import type { Config } from './config';
import { createApp } from './http/app';
import type { AppDeps } from './http/context';
import { cookieName } from './http/routes/auth';
import { StaticSite } from './http/static';
import { createLogger, type Logger } from './logger';
import { HashPool } from './auth/hash-pool';
import { newId } from './ids';
import { ProblemCatalog } from './problems/catalog';
import { AdvisoryLockOwnership } from './cluster/advisory-locks';
import { LocalNotices, type Notices } from './cluster/notices';
import type { RoomOwnership } from './cluster/ownership';
import { PgNotices } from './cluster/pg-notices';
import { Hub } from './rooms/hub';
import { purgeExpired } from './store/auth-sessions';
import { countUsers } from './store/users';
import { startCheckpointer, type Checkpointer } from './store/checkpointer';
import { openStore, PAGE_SIZE, type Store } from './store/db';
import { redactUrl } from './store/postgres';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  hub: Hub;
  log: Logger;
  /** This process's id among the nodes sharing a database (names its PostgreSQL connections). */
  nodeId: string;
  /** Password hashing admission (at most two at once); its stats are read by tests. */
  hashing: HashPool;
  /** Graceful: stop accepting, close sockets with 1001, flush, close the database. */
  close(): Promise<void>;
}

/** The app's version from package.json, found from the source tree or the bundle in dist/server. */
export function packageVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'mockroom') return pkg.version;
    } catch {
      /* try the next */
    }
  }
  return '0.0.0';
}

/** How often expired sign-ins and reset links are deleted while the server runs. */
export const PURGE_INTERVAL_MS = 60 * 60_000;

export async function startServer(
  config: Config,
  opts: { log?: Logger; now?: () => number; watchProblems?: boolean; purgeIntervalMs?: number } = {},
): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const store = await openStore(
    config.databaseUrl
      ? { engine: 'postgres', url: config.databaseUrl, options: { poolSize: config.databasePoolSize } }
      : {
          engine: 'sqlite',
          file: join(config.dataDir, 'mockroom.sqlite'),
          options: { onConvert: (from) => log.info({ from, to: PAGE_SIZE }, 'rebuilding the database with a new page size (once; may take a while for a large file)') },
        },
  );
  log.info(store.engine === 'postgres' ? { database: redactUrl(store.url) } : { database: store.file }, `storage: ${store.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
  const checkpointer: Checkpointer | null =
    store.engine === 'sqlite'
      ? startCheckpointer(store.sqlite, store.file, {
          onError: (m) => log.warn({ err: m }, 'checkpoint failed'),
          // The last part of a checkpoint runs on the event loop; a slow one means the disk is struggling.
          onRewind: (r) => (r.ms > 20 ? log.warn(r, 'slow WAL rewind checkpoint') : log.debug(r, 'WAL rewind checkpoint')),
        })
      : null;
  // Several nodes share a PostgreSQL database: rooms are claimed with advisory locks and nudges travel
  // by LISTEN/NOTIFY. One SQLite file means one node: both are plain calls.
  const nodeId = newId();
  let notices: Notices = new LocalNotices();
  let ownership: RoomOwnership | undefined;
  try {
    if (store.engine === 'postgres') {
      const pgNotices = new PgNotices(store.pool, store.url, nodeId, log);
      notices = pgNotices;
      await pgNotices.start();
      ownership = new AdvisoryLockOwnership(store.url, nodeId, log);
    }
    const catalog = new ProblemCatalog(store.db, config.problemsDir, log);
    const { loaded, updated } = await catalog.load(now());
    log.info({ loaded, updated }, 'problems loaded');
    if (opts.watchProblems) catalog.watch(now);
    await purgeExpired(store.db, now());

    const hashing = new HashPool(2, 32);
    // One token per start unless SETUP_TOKEN sets it; it only matters while no account exists.
    const setupToken = config.setupToken ?? newId();
    const deps: AppDeps = {
      config,
      db: store.db,
      log,
      now,
      version: packageVersion(),
      hashing,
      setupToken,
      closeSignIns: (ids) => {
        if (ids.length) notices.publish({ kind: 'sign-ins-closed', ids });
      },
    };
    const events = store.events;
    const hub = new Hub({ db: store.db, events, catalog, config, log, now, cookieName: cookieName(deps), ownership });
    notices.onNotice((n) => {
      switch (n.kind) {
        case 'user-disabled':
          return hub.disconnectUser(n.userId);
        case 'sign-ins-closed':
          return hub.closeSignIns(n.ids);
        case 'participants-changed':
          return void hub.participantsChanged(n.sessionId).catch((err: unknown) => log.error({ err }, 'presence refresh failed'));
        case 'session-cancelled':
          return hub.sessionCancelled(n.sessionId);
        case 'call-changed':
          return void hub.callChanged(n.sessionId).catch((err: unknown) => log.error({ err }, 'call settings refresh failed'));
      }
    });
    const app = createApp(deps, {
      catalog,
      site: new StaticSite(config.webDir),
      sessionHooks: {
        events,
        participantsChanged: (id) => notices.publish({ kind: 'participants-changed', sessionId: id }),
        liveStatus: (id) => hub.liveStatus(id),
        sessionCancelled: (id) => notices.publish({ kind: 'session-cancelled', sessionId: id }),
      },
      callHooks: {
        callChanged: (id) => notices.publish({ kind: 'call-changed', sessionId: id }),
      },
      adminHooks: {
        disconnectUser: (id) => notices.publish({ kind: 'user-disabled', userId: id }),
        status: async () => ({
          startedAt,
          rooms: hub.roomCount,
          connections: hub.clientCount,
          eventsCommitted: hub.stats.committed,
          commits: hub.stats.batches,
          opsRefused: hub.stats.rejected,
          rateLimited: hub.stats.rateLimited,
          slowClientsCut: hub.stats.slowClosed,
          engine: store.engine,
          node: nodeId,
          walRewinds: checkpointer?.stats.rewinds ?? 0,
          walRewindMsMax: Math.round((checkpointer?.stats.rewindMsMax ?? 0) * 10) / 10,
          databaseBytes: store.engine === 'sqlite' ? fileSize(store.file) : await postgresSize(store.db),
          walBytes: store.engine === 'sqlite' ? fileSize(`${store.file}-wal`) : null,
        }),
      },
    });

    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
      (s as Server).once('error', reject);
    });
    server.on('upgrade', (req, socket, head) => void hub.handleUpgrade(req, socket, head));
    const port = (server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

    if ((await countUsers(store.db)) === 0) {
      const origin = config.publicOrigin ?? url;
      if (config.setupToken) {
        log.warn({ setupUrl: `${origin}/register?setup=<SETUP_TOKEN>` }, 'No account exists yet: the first account (the admin) needs SETUP_TOKEN unless it registers from this machine.');
      } else {
        log.warn(
          { setupUrl: `${origin}/register?setup=${setupToken}` },
          `No account exists yet. Create the admin account at ${origin}/register?setup=${setupToken} (from this machine, /register needs no token).`,
        );
      }
    }

    // Expired sign-ins and reset links go while the server runs, not only at start-up.
    const purger = setInterval(() => {
      purgeExpired(store.db, now()).then(
        (n) => n && log.debug({ rows: n }, 'expired sign-ins and reset links purged'),
        (err: unknown) => log.warn({ err }, 'purging expired sign-ins failed'),
      );
    }, opts.purgeIntervalMs ?? PURGE_INTERVAL_MS);
    purger.unref();

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      store,
      hub,
      log,
      nodeId,
      hashing,
      close() {
        closing ??= (async () => {
          clearInterval(purger);
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
          await hub.close();
          server.closeAllConnections?.();
          await stopped;
          catalog.close();
          await notices.close();
          await checkpointer?.stop();
          log.info({ events: hub.stats, checkpoints: checkpointer?.stats }, 'room and storage counters since start');
          if (store.engine === 'sqlite') store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await notices.close();
    await ownership?.close();
    await checkpointer?.stop();
    await store.close();
    throw err;
  }
}

async function postgresSize(db: Store['db']): Promise<number> {
  const r = await sql<{ bytes: number }>`SELECT pg_database_size(current_database()) AS bytes`.execute(db);
  return r.rows[0]?.bytes ?? 0;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
