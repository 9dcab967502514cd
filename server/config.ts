/** Configuration from the environment; a bad value stops start-up with a message naming the variable. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { iceServerSchema, type IceServer } from '../shared/protocol';

export type RegistrationMode = 'open' | 'invite' | 'closed';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /**
   * A PostgreSQL connection URL (DATABASE_URL), or null for the SQLite file in dataDir (the default).
   * With PostgreSQL several nodes may share the database (docs/scale-out.md).
   */
  databaseUrl: string | null;
  /** Pooled PostgreSQL connections per node. */
  databasePoolSize: number;
  /** The origin users browse to (e.g. https://mock.example.org), or null to judge by the Host header. */
  publicOrigin: string | null;
  secureCookies: boolean;
  registration: RegistrationMode;
  logLevel: string;
  /** scrypt cost as a power of two; 17 is OWASP's recommendation. Lowered only by tests and benchmarks. */
  scryptLog2N: number;
  /** Behind a reverse proxy: take the client address from the proxy's X-Forwarded-For entry. */
  trustProxy: boolean;
  /**
   * The token that lets the first account be created from an address that is not loopback, or null
   * to generate one at start-up (printed in the log as a setup URL while no account exists).
   */
  setupToken: string | null;
  /** Registration attempts per client address (IPv6: per /64) per 10 minutes. */
  signupLimit: number;
  /** Directory of problem files. */
  problemsDir: string;
  /** Directory of the built web app. */
  webDir: string;
  /** STUN/TURN servers for the audio call; empty: host candidates only (a LAN, one machine). */
  iceServers: IceServer[];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new ConfigError(name, `must be 1/true/yes or 0/false/no, got "${env[name]}"`);
}

function setupToken(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SETUP_TOKEN?.trim();
  if (!raw) return null;
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(raw)) {
    throw new ConfigError('SETUP_TOKEN', 'must be 16 to 128 letters, digits, "_" or "-" (e.g. the output of `openssl rand -hex 16`)');
  }
  return raw;
}

const ICE_EXAMPLE = '[{"urls":"stun:turn.example.org:3478"},{"urls":"turns:turn.example.org:5349","username":"mockroom","credential":"secret"}]';

function iceServers(env: NodeJS.ProcessEnv): IceServer[] {
  const raw = env.ICE_SERVERS?.trim();
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('ICE_SERVERS', `must be a JSON array of RTCIceServer objects such as ${ICE_EXAMPLE}; it is not valid JSON`);
  }
  const parsed = z
    .array(iceServerSchema)
    .max(10, 'list at most 10 ICE servers')
    .superRefine((list, ctx) => {
      list.forEach((s, i) => {
        const urls = Array.isArray(s.urls) ? s.urls : [s.urls];
        // Browsers throw on a TURN server without credentials, so catch it here instead of in every room.
        if (urls.some((u) => u.startsWith('turn')) && (!s.username || !s.credential)) {
          ctx.addIssue({ code: 'custom', path: [i], message: 'a turn:/turns: server needs a username and a credential' });
        }
      });
    })
    .safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` (at [${issue.path.join('].[')}])` : '';
    throw new ConfigError('ICE_SERVERS', `must be a JSON array of RTCIceServer objects such as ${ICE_EXAMPLE}: ${issue.message}${where}`);
  }
  return parsed.data;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a PostgreSQL URL such as postgres://mockroom:secret@db.internal:5432/mockroom (leave it unset for SQLite)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// or postgresql:// (leave it unset for SQLite), got "${url.protocol}//"`);
  }
  if (!url.pathname.replace(/^\//, '')) throw new ConfigError('DATABASE_URL', 'must name the database, e.g. postgres://user@host:5432/mockroom');
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError('HOST', `is not a host name or address: "${host}"`);

  let publicOrigin: string | null = null;
  const rawPublic = env.PUBLIC_URL?.trim();
  if (rawPublic) {
    let url: URL;
    try {
      url = new URL(rawPublic);
    } catch {
      throw new ConfigError('PUBLIC_URL', `must be an absolute URL such as https://mock.example.org, got "${rawPublic}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError('PUBLIC_URL', `must use http or https, got "${url.protocol}"`);
    }
    if (url.pathname !== '/' || url.search || url.hash) {
      throw new ConfigError('PUBLIC_URL', 'must be an origin without a path (the app is served at /)');
    }
    publicOrigin = url.origin;
  }

  const registration = (env.REGISTRATION?.trim() || 'open') as RegistrationMode;
  if (!['open', 'invite', 'closed'].includes(registration)) {
    throw new ConfigError('REGISTRATION', `must be open, invite or closed, got "${env.REGISTRATION}"`);
  }
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }
  return {
    port,
    host,
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || 'data'),
    databaseUrl: databaseUrl(env),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    publicOrigin,
    secureCookies: publicOrigin?.startsWith('https:') ?? false,
    registration,
    logLevel,
    scryptLog2N: int(env, 'SCRYPT_LOG2N', 17, 10, 20),
    trustProxy: bool(env, 'TRUST_PROXY'),
    setupToken: setupToken(env),
    signupLimit: int(env, 'SIGNUP_LIMIT', 10, 1, 100_000),
    problemsDir: resolve(cwd, env.PROBLEMS_DIR?.trim() || 'problems'),
    webDir: resolve(cwd, env.WEB_DIR?.trim() || 'dist/web'),
    iceServers: iceServers(env),
  };
}
