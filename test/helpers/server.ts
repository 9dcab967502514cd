/**
 * A real server on an ephemeral port with a temporary SQLite file, or its own PostgreSQL database when
 * the tests run on PostgreSQL (engine.ts), for server tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger, type Logger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { dropDatabaseFor, engineEnv } from './engine';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface TestServer extends RunningServer {
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  opts: { keepData?: string; log?: Logger; now?: () => number; purgeIntervalMs?: number } = {},
): Promise<TestServer> {
  const dataDir = opts.keepData ?? mkdtempSync(join(tmpdir(), 'mockroom-test-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SCRYPT_LOG2N: '10',
      LOG_LEVEL: 'silent',
      PROBLEMS_DIR: join(ROOT, 'problems'),
      WEB_DIR: join(ROOT, 'dist/web'),
      // Tests register many users from 127.0.0.1; the sign-up limit has its own test with the default.
      SIGNUP_LIMIT: '100000',
      ...(env.DATABASE_URL === undefined ? await engineEnv(dataDir) : {}),
      ...env,
    },
    ROOT,
  );
  const server = await startServer(config, { log: opts.log ?? createLogger('silent'), now: opts.now, purgeIntervalMs: opts.purgeIntervalMs });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.close();
      if (!opts.keepData) {
        rmSync(dataDir, { recursive: true, force: true });
        if (config.databaseUrl && !env.DATABASE_URL) await dropDatabaseFor(dataDir);
      }
    },
  };
}

export interface Res<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A cookie jar per simulated user. */
export class Agent {
  cookie = '';
  constructor(readonly base: string) {}

  async req<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      if (name && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookie = '';
      else if (name) this.cookie = `${name}=${value}`;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.req<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.req<T>('POST', path, body, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.req<T>('PUT', path, body, headers);
  }
}

let userCounter = 0;
export const PASSWORD = 'a long enough passphrase';

export async function registeredAgent(base: string, name?: string): Promise<Agent & { userId: string; username: string }> {
  const agent = new Agent(base) as Agent & { userId: string; username: string };
  const username = name ?? `user${process.pid}x${++userCounter}`;
  const res = await agent.post('/api/auth/register', { username, password: PASSWORD });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  agent.userId = (res.body as { id: string }).id;
  agent.username = username;
  return agent;
}

/** A paired session with a candidate and an interviewer. */
export async function pairedSession(base: string, problemSlug = 'url-shortener') {
  const candidate = await registeredAgent(base);
  const interviewer = await registeredAgent(base);
  const created = await candidate.post('/api/sessions', { problemSlug, mode: 'paired', role: 'candidate' });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const session = created.body as { id: string; inviteCode: string; observerCode: string };
  const joined = await interviewer.post(`/api/sessions/${session.id}/join`, { inviteCode: session.inviteCode });
  if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  return { candidate, interviewer, session };
}
