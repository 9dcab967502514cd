/**
 * Serves the built web app from memory: hashed assets with a year-long immutable cache, index.html
 * revalidated every time, gzip prepared once at start-up, and the SPA's index for client routes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  cache: string;
}

export class StaticSite {
  private readonly assets = new Map<string, Asset>();

  constructor(dir: string) {
    if (!existsSync(dir)) return;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const full = join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else this.add('/' + relative(dir, full).split('\\').join('/'), readFileSync(full));
      }
    };
    walk(dir);
  }

  get ready(): boolean {
    return this.assets.has('/index.html');
  }

  private add(path: string, body: Buffer) {
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = /text|javascript|json|svg/.test(type) && body.length > 1024;
    this.assets.set(path, {
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : null,
      type,
      cache: path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }

  respond(c: Context): Response {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      // A malformed escape (GET /%E0) is the client's mistake, not a server error with a stack.
      return c.text('Bad request: the address has a malformed %-escape.', 400);
    }
    let asset = this.assets.get(path);
    if (!asset && (path.startsWith('/assets/') || extname(path))) {
      return c.text('Not found', 404);
    }
    asset ??= this.assets.get('/index.html');
    if (!asset) {
      return c.html(
        '<!doctype html><title>Mockroom</title><p>The web app is not built yet. Run <code>npm run build</code> (npm start does this for you).</p>',
        503,
      );
    }
    const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = { 'Content-Type': asset.type, 'Cache-Control': asset.cache, Vary: 'Accept-Encoding' };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    const body = gzip ? asset.gzip! : asset.body;
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  }
}
