/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists the functions with the most self time, optionally
 * only within a window of the monotonic clock (the load generator records its window's edges with
 * process.hrtime, the same clock V8 stamps samples with). Frames in the server bundle are mapped back
 * to their source file and line through the bundle's source map.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './proc';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  fn: string;
  where: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  pct: number;
}

export interface ProfileSummary {
  file: string;
  windowed: boolean;
  spanMs: number;
  busyMs: number;
  top: ProfileRow[];
  /** Self time grouped by where the code lives (our code, ws, sqlite, zod, node internals, GC…). */
  byArea: { area: string; selfMs: number; pct: number }[];
}

// --- source maps (only what is needed: VLQ mappings to source and line) ---------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64V = new Map([...B64].map((c, i) => [c, i]));

interface Seg {
  col: number;
  src: number;
  line: number;
}

class SourceMap {
  private readonly lines: Seg[][] = [];
  constructor(readonly sources: string[], mappings: string) {
    let src = 0;
    let line = 0;
    for (const lineText of mappings.split(';')) {
      let col = 0;
      const segs: Seg[] = [];
      for (const seg of lineText.split(',')) {
        if (!seg) continue;
        const vals: number[] = [];
        let v = 0;
        let shift = 0;
        for (const ch of seg) {
          const d = B64V.get(ch)!;
          v += (d & 31) << shift;
          if (d & 32) shift += 5;
          else {
            vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
            v = 0;
            shift = 0;
          }
        }
        col += vals[0]!;
        if (vals.length >= 4) {
          src += vals[1]!;
          line += vals[2]!;
          // vals[3] is the source column: not needed here.
          segs.push({ col, src, line });
        }
      }
      this.lines.push(segs);
    }
  }

  lookup(line0: number, col0: number): { source: string; line: number } | null {
    const segs = this.lines[line0];
    if (!segs?.length) return null;
    let best: Seg | null = null;
    for (const s of segs) {
      if (s.col <= col0) best = s;
      else break;
    }
    best ??= segs[0]!;
    return { source: this.sources[best.src] ?? '?', line: best.line + 1 };
  }
}

const maps = new Map<string, SourceMap | null>();
function mapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let m: SourceMap | null = null;
    try {
      const file = fileURLToPath(url);
      if (existsSync(`${file}.map`)) {
        const raw = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
        m = new SourceMap(raw.sources, raw.mappings);
      }
    } catch {
      m = null;
    }
    maps.set(url, m);
  }
  return maps.get(url)!;
}

function place(cf: CallFrame): string {
  if (!cf.url) return '(native)';
  if (cf.url.startsWith('node:')) return cf.url;
  const map = cf.url.startsWith('file:') ? mapFor(cf.url) : null;
  const hit = map?.lookup(cf.lineNumber, cf.columnNumber);
  if (hit) return `${hit.source.replace(/^(\.\.\/)+/, '')}:${hit.line}`;
  const path = cf.url.startsWith('file:') ? relative(ROOT, fileURLToPath(cf.url)) : cf.url;
  return `${path}:${cf.lineNumber + 1}`;
}

function area(fn: string, where: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return '(program: V8/native outside JS)';
  if (where === '(native)') return 'native (builtins, syscalls)';
  if (where.includes('node_modules/ws/')) return 'ws';
  if (where.includes('better-sqlite3')) return 'better-sqlite3';
  if (where.includes('node_modules/zod/')) return 'zod';
  if (where.includes('node_modules/kysely/')) return 'kysely';
  if (where.includes('node_modules/hono/') || where.includes('@hono/')) return 'hono';
  if (where.includes('node_modules/pino') || where.includes('sonic-boom')) return 'pino';
  if (where.includes('node_modules/')) return 'other packages';
  if (where.startsWith('node:')) return 'node internals (net, streams, timers)';
  if (where.startsWith('server/') || where.startsWith('shared/')) return `ours: ${where.split(':')[0]}`;
  return 'other';
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

export function summarizeProfile(file: string, opts: { fromUs?: number; toUs?: number; top?: number } = {}): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = p.startTime;
  let first = Infinity;
  let last = -Infinity;
  const windowed = opts.fromUs !== undefined && opts.toUs !== undefined;
  const tally = (from: number, to: number) => {
    self.clear();
    first = Infinity;
    last = -Infinity;
    t = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i] ?? 0;
      t += dt;
      if (t < from || t > to) continue;
      const next = p.timeDeltas[i + 1] ?? 0;
      self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + next);
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
  };
  tally(opts.fromUs ?? -Infinity, opts.toUs ?? Infinity);
  let usedWindow = windowed;
  if (windowed && self.size === 0) {
    // The clocks did not line up: use the whole profile rather than nothing.
    tally(-Infinity, Infinity);
    usedWindow = false;
  }
  const rows = new Map<string, ProfileRow>();
  const areas = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of self) {
    const cf = byId.get(id)!.callFrame;
    const fn = cf.functionName || '(anonymous)';
    if (fn === '(idle)') continue;
    busyUs += us;
    const where = SPECIAL.has(fn) ? '' : place(cf);
    const key = `${fn}@${where}`;
    const row = rows.get(key) ?? { fn, where, selfMs: 0, pct: 0 };
    row.selfMs += us / 1000;
    rows.set(key, row);
    const a = area(fn, where);
    areas.set(a, (areas.get(a) ?? 0) + us / 1000);
  }
  const busyMs = busyUs / 1000;
  const top = [...rows.values()]
    .map((r) => ({ ...r, pct: (r.selfMs / busyMs) * 100 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, opts.top ?? 20);
  const byArea = [...areas]
    .map(([a, ms]) => ({ area: a, selfMs: ms, pct: (ms / busyMs) * 100 }))
    .sort((x, y) => y.selfMs - x.selfMs);
  return { file, windowed: usedWindow, spanMs: (last - first) / 1000, busyMs, top, byArea };
}
