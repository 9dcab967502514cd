/**
 * Debian's nginx as a child process with its own prefix and configuration (no system files touched),
 * installed with apt-get when missing. Used by the proxy tests (nginx.test.ts, postgres/scale-out.test.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? '/usr/sbin/nginx';

/** Installs nginx with apt-get if it is missing; returns why it is unavailable, or null. */
export function ensureNginx(): string | null {
  if (existsSync(NGINX)) return null;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { env, encoding: 'utf8', timeout: 240_000 });
  if (res.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env, timeout: 120_000 });
    res = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { env, encoding: 'utf8', timeout: 240_000 });
  }
  if (existsSync(NGINX)) return null;
  return `nginx is not installed and "apt-get install -y nginx" failed: ${(res.error?.message ?? res.stderr ?? '').trim().slice(-400)}`;
}

/** A block of a doc marked `<!-- <marker>: … -->` followed by an nginx code block. */
export function documentedBlock(docPath: string, marker: string): string {
  const doc = readFileSync(join(ROOT, docPath), 'utf8');
  const m = new RegExp(`<!-- ${marker}:[^\\n]*-->\\n\`\`\`nginx\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!m) throw new Error(`${docPath} has no nginx block after the <!-- ${marker} --> marker`);
  return m[1]!;
}

/** Replaces every occurrence of `from`, failing loudly when the documented text no longer has it. */
export function replaceAll(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the documented nginx config no longer contains "${from}"`);
  return text.split(from).join(to);
}

export interface Nginx {
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

/** Runs nginx with `site` inside an http block; resolves once `ready()` says so. */
export async function startNginx(site: string, ready: () => Promise<boolean>): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'mockroom-nginx-'));
  for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs/error.log')} info;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 256; }
http {
  access_log ${join(dir, 'logs/access.log')};
  client_body_temp_path ${join(dir, 'temp/body')};
  proxy_temp_path ${join(dir, 'temp/proxy')};
  fastcgi_temp_path ${join(dir, 'temp/fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp/uwsgi')};
  scgi_temp_path ${join(dir, 'temp/scgi')};
${site}
}
`,
  );
  let out = '';
  const child: ChildProcess = spawn(NGINX, ['-p', `${dir}/`, '-c', conf, '-e', join(dir, 'logs/error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => `${out}\n${safeRead(join(dir, 'logs/error.log'))}`;
  const nginx: Nginx = {
    dir,
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const done = await Promise.race([exited.then(() => 'exited' as const), ready().catch(() => false)]);
    if (done === 'exited') throw new Error(`nginx exited:\n${log()}`);
    if (done === true) return nginx;
    if (Date.now() > deadline) {
      await nginx.stop();
      throw new Error(`nginx did not come up:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
