/** Assembles the server: store, problems, HTTP app, WebSocket hub. Used by main.ts and by tests. */
import { readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Config } from './config';
import { createApp } from './http/app';
import type { AppDeps } from './http/context';
import { cookieName } from './http/routes/auth';
import { StaticSite } from './http/static';
import { createLogger, type Logger } from './logger';
import { ProblemCatalog } from './problems/catalog';
import { Hub } from './rooms/hub';
import { purgeExpiredSessions } from './store/auth-sessions';
import { startCheckpointer } from './store/checkpointer';
import { openStore, PAGE_SIZE, type Store } from './store/db';
import { EventLog } from './store/events';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  hub: Hub;
  log: Logger;
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

export async function startServer(config: Config, opts: { log?: Logger; now?: () => number; watchProblems?: boolean } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const store = await openStore(join(config.dataDir, 'mockroom.sqlite'), {
    onConvert: (from) => log.info({ from, to: PAGE_SIZE }, 'rebuilding the database with a new page size (once; may take a while for a large file)'),
  });
  const checkpointer = startCheckpointer(store.sqlite, store.file, {
    onError: (m) => log.warn({ err: m }, 'checkpoint failed'),
    // The last part of a checkpoint runs on the event loop; a slow one means the disk is struggling.
    onRewind: (r) => (r.ms > 20 ? log.warn(r, 'slow WAL rewind checkpoint') : log.debug(r, 'WAL rewind checkpoint')),
  });
  try {
    const catalog = new ProblemCatalog(store.db, config.problemsDir, log);
    const { loaded, updated } = await catalog.load(now());
    log.info({ loaded, updated }, 'problems loaded');
    if (opts.watchProblems) catalog.watch(now);
    await purgeExpiredSessions(store.db, now());

    const deps: AppDeps = { config, db: store.db, log, now, version: packageVersion() };
    const events = new EventLog(store.sqlite);
    const hub = new Hub({ db: store.db, events, catalog, config, log, now, cookieName: cookieName(deps) });
    const app = createApp(deps, {
      catalog,
      site: new StaticSite(config.webDir),
      sessionHooks: {
        events,
        participantsChanged: (id) => void hub.participantsChanged(id).catch((err: unknown) => log.error({ err }, 'presence refresh failed')),
        liveStatus: (id) => hub.liveStatus(id),
      },
      callHooks: {
        callChanged: (id) => void hub.callChanged(id).catch((err: unknown) => log.error({ err }, 'call settings refresh failed')),
      },
      adminHooks: {
        disconnectUser: (id) => hub.disconnectUser(id),
        status: () => ({
          startedAt,
          rooms: hub.roomCount,
          connections: hub.clientCount,
          eventsCommitted: hub.stats.committed,
          commits: hub.stats.batches,
          opsRefused: hub.stats.rejected,
          rateLimited: hub.stats.rateLimited,
          slowClientsCut: hub.stats.slowClosed,
          walRewinds: checkpointer.stats.rewinds,
          walRewindMsMax: Math.round(checkpointer.stats.rewindMsMax * 10) / 10,
          databaseBytes: fileSize(store.file),
          walBytes: fileSize(`${store.file}-wal`),
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

    let closing: Promise<void> | null = null;
    return {
      url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
      port,
      store,
      hub,
      log,
      close() {
        closing ??= (async () => {
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
          await hub.close();
          server.closeAllConnections?.();
          await stopped;
          catalog.close();
          await checkpointer.stop();
          log.info({ events: hub.stats, checkpoints: checkpointer.stats }, 'room and storage counters since start');
          store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await checkpointer.stop();
    await store.close();
    throw err;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
