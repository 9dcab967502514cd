/**
 * Web budget (DESIGN §8): first-load JavaScript under 250 KB gzipped. Exits 1 over budget.
 *   node --import tsx bench/web-budget.ts [--json] [--budget-kb 250]
 *
 * First-load JavaScript is what a browser must fetch before the app runs: the scripts and
 * modulepreloads that dist/web/index.html references, plus every chunk they import statically,
 * followed transitively. Chunks reached only through `import()` (lazy routes) are not counted.
 * Sizes are gzip at zlib's default level, as a server compressing on the fly would send them.
 * Runs `npm run build:web` first when dist/web is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/proc';

export interface WebBudget {
  budgetKb: number;
  firstLoad: { file: string; bytes: number; gzip: number }[];
  firstLoadGzipKb: number;
  firstLoadRawKb: number;
  cssGzipKb: number;
  lazy: { file: string; gzip: number }[];
  lazyGzipKb: number;
  ok: boolean;
}

const STATIC_IMPORT = /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.js)["']/g;

function gz(buf: Buffer): number {
  return gzipSync(buf).length;
}

export function measureWeb(webDir = join(ROOT, 'dist/web'), budgetKb = 250): WebBudget {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const entries: string[] = [];
  const css: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) entries.push(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href) continue;
    if (/\brel="modulepreload"/.test(tag)) entries.push(href);
    else if (/\brel="stylesheet"/.test(tag)) css.push(href);
  }
  const toFile = (url: string) => join(webDir, url.replace(/^\//, ''));
  const seen = new Set<string>();
  const queue = entries.filter((u) => !/^https?:/.test(u)).map((u) => posix.normalize(u.startsWith('/') ? u : `/${u}`));
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const file = toFile(url);
    if (!existsSync(file)) throw new Error(`index.html or a chunk references ${url}, which is not in ${webDir}`);
    seen.add(url);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const spec = m[1]!;
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
      const next = spec.startsWith('/') ? spec : posix.join(posix.dirname(url), spec);
      if (existsSync(toFile(next)) && !seen.has(next)) queue.push(next);
    }
  }
  const firstLoad = [...seen].map((url) => {
    const buf = readFileSync(toFile(url));
    return { file: url, bytes: buf.length, gzip: gz(buf) };
  });
  const assets = join(webDir, 'assets');
  const lazy = readdirSync(assets)
    .filter((f) => f.endsWith('.js') && !seen.has(`/assets/${f}`))
    .map((f) => ({ file: `/assets/${f}`, gzip: gz(readFileSync(join(assets, f))) }));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const firstLoadGzipKb = sum(firstLoad.map((f) => f.gzip)) / 1024;
  return {
    budgetKb,
    firstLoad,
    firstLoadGzipKb,
    firstLoadRawKb: sum(firstLoad.map((f) => f.bytes)) / 1024,
    cssGzipKb: sum(css.map((u) => gz(readFileSync(toFile(u))))) / 1024,
    lazy,
    lazyGzipKb: sum(lazy.map((f) => f.gzip)) / 1024,
    ok: firstLoadGzipKb <= budgetKb,
  };
}

function main(): void {
  const json = process.argv.includes('--json');
  const i = process.argv.indexOf('--budget-kb');
  const budgetKb = i >= 0 ? Number(process.argv[i + 1]) : 250;
  const webDir = join(ROOT, 'dist/web');
  if (!existsSync(join(webDir, 'index.html'))) {
    if (!json) console.log('dist/web is missing: npm run build:web');
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', json ? 'ignore' : 'inherit', 'inherit'] });
  }
  const r = measureWeb(webDir, budgetKb);
  if (json) console.log(JSON.stringify(r));
  else {
    for (const f of r.firstLoad) console.log(`  ${f.file.padEnd(40)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KB  ${(f.gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
    console.log(`first-load JavaScript: ${r.firstLoadGzipKb.toFixed(1)} KB gzipped (${r.firstLoadRawKb.toFixed(1)} KB raw); budget ${budgetKb} KB: ${r.ok ? 'ok' : 'OVER BUDGET'}`);
    console.log(`lazy chunks: ${r.lazy.length}, ${r.lazyGzipKb.toFixed(1)} KB gzipped; first-load CSS ${r.cssGzipKb.toFixed(1)} KB gzipped`);
  }
  process.exitCode = r.ok ? 0 : 1;
}

if (process.argv[1] && dirname(process.argv[1]) === import.meta.dirname && /web-budget\.ts$/.test(process.argv[1])) main();
