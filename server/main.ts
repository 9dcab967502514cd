/** Entry point: configuration, start, graceful shutdown. */
import { ConfigError, loadConfig } from './config';
import { ProblemFileError } from './problems/parse-problem';
import { startServer } from './server';
import { StoreOpenError } from './store/db';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  let server;
  try {
    server = await startServer(config, { watchProblems: true });
  } catch (err) {
    if (err instanceof ProblemFileError) {
      console.error(`Problem file error: ${err.message}`);
      process.exit(3);
    }
    if (err instanceof StoreOpenError) {
      console.error(`Database error: ${err.message}`);
      process.exit(5);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is in use: stop the other program or set PORT to another port.`);
      process.exit(4);
    }
    throw err;
  }
  server.log.info({ url: server.url, dataDir: config.dataDir, registration: config.registration }, `Mockroom is serving on ${server.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.log.error('shutdown took over 8 s; exiting');
      process.exit(1);
    }, 8000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
