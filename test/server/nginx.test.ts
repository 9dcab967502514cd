/**
 * The app behind Debian's nginx with the configuration documented in docs/self-hosting.md: TLS on a
 * loopback port, the WebSocket upgrade headers, PUBLIC_URL set to the proxy's origin. nginx runs as a
 * child process with its own prefix and configuration; it is installed with apt-get when missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { documentedBlock, ensureNginx, replaceAll, startNginx, type Nginx } from '../helpers/nginx';
import { freePort } from '../helpers/ports';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

/** The nginx block from docs/self-hosting.md, exactly as documented. */
const documentedSite = () => documentedBlock('docs/self-hosting.md', 'nginx-site');

function substitute(site: string, ports: { tls: number; plain: number; app: number }, cert: string, key: string): string {
  const replace = replaceAll;
  let s = site;
  s = replace(s, 'listen 443 ssl;', `listen 127.0.0.1:${ports.tls} ssl;`);
  s = replace(s, 'listen 80;', `listen 127.0.0.1:${ports.plain};`);
  s = replace(s, '/etc/letsencrypt/live/mock.example.org/fullchain.pem', cert);
  s = replace(s, '/etc/letsencrypt/live/mock.example.org/privkey.pem', key);
  s = replace(s, 'proxy_pass http://127.0.0.1:3000;', `proxy_pass http://127.0.0.1:${ports.app};`);
  return s;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** HTTPS through the proxy, verifying nginx's certificate against our own test CA. */
function viaProxy(base: string, ca: string, method: string, path: string, body?: unknown, cookie?: string): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        ca,
        headers: {
          origin: base,
          ...(cookie ? { cookie } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function cookieOf(reply: Reply): string {
  const set = reply.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) throw new Error('no cookie set');
  return first.split(';')[0]!;
}

let skipReason: string | null = null;
let dir = '';
let app: TestServer | undefined;
let nginx: Nginx | undefined;
let base = '';
let plainBase = '';
let ca = '';

beforeAll(async () => {
  skipReason = ensureNginx();
  if (skipReason) return;
  dir = mkdtempSync(join(tmpdir(), 'mockroom-certs-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'pipe' });
  } catch (err) {
    skipReason = `openssl could not make a test certificate: ${(err as Error).message}`;
    return;
  }
  ca = readFileSync(cert, 'utf8');

  const tls = await freePort();
  const plain = await freePort();
  base = `https://127.0.0.1:${tls}`;
  plainBase = `http://127.0.0.1:${plain}`;
  app = await startTestServer({ PUBLIC_URL: base });
  expect(app.port).not.toBe(tls);

  nginx = await startNginx(substitute(documentedSite(), { tls, plain, app: app.port }, cert, key), async () => (await viaProxy(base, ca, 'GET', '/api/health')).status === 200);
}, 300_000);

afterAll(async () => {
  await nginx?.stop();
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('pairs two WebSocket clients through nginx with TLS (the documented configuration)', async (ctx) => {
  if (skipReason) ctx.skip(skipReason);

  // HTTP through the proxy: health, then two accounts and a paired session, all over https.
  const health = await viaProxy(base, ca, 'GET', '/api/health');
  expect(health.body).toEqual({ ok: true, version: expect.any(String) });
  expect(health.headers['strict-transport-security']).toMatch(/max-age=/);
  const a = await viaProxy(base, ca, 'POST', '/api/auth/register', { username: 'proxied-a', password: PASSWORD });
  expect(a.status).toBe(201);
  const aCookie = cookieOf(a);
  expect(aCookie).toMatch(/^__Host-mr_session=/);
  const b = await viaProxy(base, ca, 'POST', '/api/auth/register', { username: 'proxied-b', password: PASSWORD });
  const bCookie = cookieOf(b);
  const created = await viaProxy(base, ca, 'POST', '/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }, aCookie);
  expect(created.status).toBe(201);
  const joined = await viaProxy(base, ca, 'POST', `/api/sessions/${created.body.id}/join`, { inviteCode: created.body.inviteCode }, bCookie);
  expect(joined.body.role).toBe('interviewer');

  // Two sockets upgraded through nginx (wss), Origin = PUBLIC_URL.
  const open = (cookie: string) =>
    new Promise<TestSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('https', 'wss')}/ws?session=${created.body.id}`, { ca, headers: { cookie, origin: base } });
      const sock = new TestSocket(ws);
      ws.once('open', () => resolve(sock));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused ${res.statusCode}`)));
      ws.once('error', reject);
    });
  const sa = await open(aCookie);
  const sb = await open(bCookie);
  for (const s of [sa, sb]) s.send({ type: 'hello', protocol: PROTOCOL_VERSION, lastSeq: 0 });
  expect((await sa.next('welcome')).role).toBe('candidate');
  expect((await sb.next('welcome')).role).toBe('interviewer');

  sa.send({ type: 'chat', opId: 'via-nginx', text: 'hello through the proxy' });
  expect(await sa.next('ack')).toMatchObject({ opId: 'via-nginx', seq: 1 });
  const got = await sb.next('event', (e) => e.kind === 'chat');
  expect(got).toMatchObject({ seq: 1, author: a.body.id, data: { text: 'hello through the proxy' } });
  sb.send({ type: 'chat', opId: 'reply', text: 'and back' });
  expect((await sa.next('event', (e) => e.kind === 'chat')).data).toEqual({ text: 'and back' });

  // A cross-origin upgrade is still refused behind the proxy.
  await expect(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('https', 'wss')}/ws?session=${created.body.id}`, { ca, headers: { cookie: aCookie, origin: 'https://evil.example' } });
      ws.once('open', () => resolve('opened'));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
      ws.once('error', reject);
    }),
  ).rejects.toMatchObject({ status: 403 });
  sa.close();
  sb.close();

  // The plain-http server block sends browsers to https.
  const redirect = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
    httpRequest(`${plainBase}/problems?x=1`, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    })
      .on('error', reject)
      .end();
  });
  expect(redirect.status).toBe(301);
  expect(redirect.location).toBe('https://127.0.0.1/problems?x=1');
});
