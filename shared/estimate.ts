/**
 * Capacity estimation math, shared by the problem checker, the server and the live worksheet.
 *
 * Everything is in base units: requests per second, bytes, bytes per second. A problem states its
 * assumptions as a flat record of numbers; the standard worksheet figures come from `computeEstimate`,
 * and problem-specific figures from small arithmetic expressions over the assumptions and the
 * standard figures (`evaluateExpression`). The problem test recomputes every reference result this way,
 * so no problem can ship a number its own assumptions do not give.
 */

export const SECONDS_PER_DAY = 86_400;
export const DAYS_PER_YEAR = 365;

/** The inputs of the standard worksheet. Problems may state more assumptions under other names. */
export interface EstimateInputs {
  /** Daily active users. */
  dau: number;
  /** Writes (creates, posts, uploads...) per active user per day. */
  writesPerUserPerDay: number;
  /** Reads (views, fetches, redirects...) per active user per day. */
  readsPerUserPerDay: number;
  /** Peak-hour traffic as a multiple of the daily average. */
  peakFactor: number;
  /** Bytes stored per write (payload plus metadata). */
  writeSizeBytes: number;
  /** Bytes returned per read. */
  readSizeBytes: number;
  /** How long written data is kept. */
  retentionYears: number;
  /** Copies kept of every byte (replicas). */
  replicationFactor: number;
  /** Fraction of a day's distinct read volume worth keeping in cache (the 80/20 rule gives 0.2). */
  cacheHotFraction: number;
}

export const DEFAULT_INPUTS: EstimateInputs = {
  dau: 1_000_000,
  writesPerUserPerDay: 1,
  readsPerUserPerDay: 10,
  peakFactor: 2,
  writeSizeBytes: 1_000,
  readSizeBytes: 1_000,
  retentionYears: 5,
  replicationFactor: 3,
  cacheHotFraction: 0.2,
};

export const INPUT_KEYS = Object.keys(DEFAULT_INPUTS) as (keyof EstimateInputs)[];

export interface EstimateFigures {
  writesPerDay: number;
  readsPerDay: number;
  writeQps: number;
  readQps: number;
  peakWriteQps: number;
  peakReadQps: number;
  readWriteRatio: number;
  /** New bytes per day, before replication. */
  storagePerDay: number;
  /** New bytes per year, before replication. */
  storagePerYear: number;
  /** Bytes held at the end of the retention period, replication included. */
  storageTotal: number;
  /** Average bytes per second written (ingress). */
  ingressBytesPerSec: number;
  /** Average bytes per second served (egress). */
  egressBytesPerSec: number;
  /** Peak bytes per second served. */
  peakEgressBytesPerSec: number;
  /** Bytes of cache holding the hot fraction of one day's read volume. */
  cacheBytes: number;
}

export type FigureKey = keyof EstimateFigures;

export type Unit = 'rps' | 'bytes' | 'bytesPerSec' | 'count' | 'ratio';

export const FIGURES: Record<FigureKey, { label: string; unit: Unit }> = {
  writesPerDay: { label: 'Writes per day', unit: 'count' },
  readsPerDay: { label: 'Reads per day', unit: 'count' },
  writeQps: { label: 'Write QPS (average)', unit: 'rps' },
  readQps: { label: 'Read QPS (average)', unit: 'rps' },
  peakWriteQps: { label: 'Write QPS (peak)', unit: 'rps' },
  peakReadQps: { label: 'Read QPS (peak)', unit: 'rps' },
  readWriteRatio: { label: 'Read:write ratio', unit: 'ratio' },
  storagePerDay: { label: 'New storage per day', unit: 'bytes' },
  storagePerYear: { label: 'New storage per year', unit: 'bytes' },
  storageTotal: { label: 'Storage over retention (replicated)', unit: 'bytes' },
  ingressBytesPerSec: { label: 'Ingress bandwidth', unit: 'bytesPerSec' },
  egressBytesPerSec: { label: 'Egress bandwidth (average)', unit: 'bytesPerSec' },
  peakEgressBytesPerSec: { label: 'Egress bandwidth (peak)', unit: 'bytesPerSec' },
  cacheBytes: { label: 'Cache for hot reads', unit: 'bytes' },
};

export const FIGURE_KEYS = Object.keys(FIGURES) as FigureKey[];

export function qpsFromDaily(perDay: number): number {
  return perDay / SECONDS_PER_DAY;
}

export function computeEstimate(partial: Partial<EstimateInputs>): EstimateFigures {
  const i = { ...DEFAULT_INPUTS, ...partial };
  const writesPerDay = i.dau * i.writesPerUserPerDay;
  const readsPerDay = i.dau * i.readsPerUserPerDay;
  const writeQps = qpsFromDaily(writesPerDay);
  const readQps = qpsFromDaily(readsPerDay);
  const storagePerDay = writesPerDay * i.writeSizeBytes;
  const storagePerYear = storagePerDay * DAYS_PER_YEAR;
  return {
    writesPerDay,
    readsPerDay,
    writeQps,
    readQps,
    peakWriteQps: writeQps * i.peakFactor,
    peakReadQps: readQps * i.peakFactor,
    readWriteRatio: writesPerDay === 0 ? Infinity : readsPerDay / writesPerDay,
    storagePerDay,
    storagePerYear,
    storageTotal: storagePerYear * i.retentionYears * i.replicationFactor,
    ingressBytesPerSec: writeQps * i.writeSizeBytes,
    egressBytesPerSec: readQps * i.readSizeBytes,
    peakEgressBytesPerSec: readQps * i.readSizeBytes * i.peakFactor,
    cacheBytes: readsPerDay * i.readSizeBytes * i.cacheHotFraction,
  };
}

/** Relative difference check: |actual - expected| <= tolerance * |expected|. */
export function withinTolerance(actual: number, expected: number, tolerance: number): boolean {
  if (expected === 0) return Math.abs(actual) <= tolerance;
  return Math.abs(actual - expected) <= tolerance * Math.abs(expected);
}

/** How many orders of magnitude `actual` is from `reference` (0 when equal, 1 when 10x off). */
export function ordersOfMagnitudeOff(actual: number, reference: number): number {
  if (actual <= 0 || reference <= 0) return actual === reference ? 0 : Infinity;
  return Math.abs(Math.log10(actual / reference));
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const COUNT_UNITS = ['', 'K', 'M', 'B', 'T'];

function scaled(value: number, units: string[], base: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return '∞';
  let v = Math.abs(value);
  let u = 0;
  while (v >= base && u < units.length - 1) {
    v /= base;
    u++;
  }
  // Three significant digits, so a 1.04% ratio or 1.74 servers never shows as "1".
  const digitsFor = (x: number) => (x >= 100 || x === 0 ? 0 : x >= 10 ? 1 : x >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(x))));
  // 999,999 bytes is "1 MB", not "1000 KB": move up a unit when rounding reaches the base.
  if (Number(v.toFixed(digitsFor(v))) >= base && u < units.length - 1) {
    v /= base;
    u++;
  }
  const digits = digitsFor(v);
  const text = Number(v.toFixed(digits)).toString();
  return `${value < 0 ? '-' : ''}${text}${units[u] ? (units === BYTE_UNITS ? ' ' : '') + units[u] : ''}`;
}

/** Human formatting in decimal units, as interviewers say them ("1.2 TB", "35K req/s"). */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'bytes':
      return scaled(value, BYTE_UNITS, 1000);
    case 'bytesPerSec':
      return `${scaled(value, BYTE_UNITS, 1000)}/s`;
    case 'rps':
      return `${scaled(value, COUNT_UNITS, 1000)} req/s`;
    case 'ratio':
      if (!Number.isFinite(value)) return '∞';
      // Below 1 a ratio reads better as a share ("1.04%") than as "0:1".
      return value < 1 ? `${Number((value * 100).toPrecision(3))}%` : `${Number(value.toFixed(value >= 10 ? 0 : 1))}:1`;
    case 'count':
      return scaled(value, COUNT_UNITS, 1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions: + - * / ^, parentheses, numbers (with _ separators and 1e9 notation), identifiers.
// A tiny recursive-descent parser: problem files are data, never code, so nothing is eval'd.

export class ExpressionError extends Error {}

type Token = { kind: 'num'; value: number } | { kind: 'id'; name: string } | { kind: 'op'; op: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?|^\.[0-9]+/.exec(src.slice(i));
      if (!m) throw new ExpressionError(`bad number at ${i} in "${src}"`);
      tokens.push({ kind: 'num', value: Number(m[0].replaceAll('_', '')) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'id', name: m[0] });
      i += m[0].length;
    } else if ('+-*/^()'.includes(ch)) {
      tokens.push({ kind: 'op', op: ch });
      i++;
    } else {
      throw new ExpressionError(`unexpected "${ch}" at ${i} in "${src}"`);
    }
  }
  return tokens;
}

/** Evaluates an arithmetic expression over named values; unknown names and bad syntax throw. */
export function evaluateExpression(src: string, scope: Record<string, number>): number {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  function primary(): number {
    const t = tokens[pos++];
    if (!t) throw new ExpressionError(`unexpected end of "${src}"`);
    if (t.kind === 'num') return t.value;
    if (t.kind === 'id') {
      if (!Object.hasOwn(scope, t.name)) throw new ExpressionError(`unknown name "${t.name}" in "${src}"`);
      return scope[t.name]!;
    }
    if (t.op === '(') {
      const v = sum();
      if (!isOp(')')) throw new ExpressionError(`missing ")" in "${src}"`);
      pos++;
      return v;
    }
    if (t.op === '-') return -power();
    throw new ExpressionError(`unexpected "${t.op}" in "${src}"`);
  }
  function power(): number {
    const base = primary();
    if (isOp('^')) {
      pos++;
      return base ** power();
    }
    return base;
  }
  function product(): number {
    let v = power();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { op: string }).op;
      const rhs = power();
      v = op === '*' ? v * rhs : v / rhs;
    }
    return v;
  }
  function sum(): number {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { op: string }).op;
      const rhs = product();
      v = op === '+' ? v + rhs : v - rhs;
    }
    return v;
  }
  const value = sum();
  if (pos !== tokens.length) throw new ExpressionError(`unexpected trailing input in "${src}"`);
  return value;
}

/** One reference result a problem states: a standard figure or a derived expression. */
export interface ReferenceResult {
  key: string;
  label?: string;
  /** Arithmetic over assumptions and standard figures; absent for standard figures. */
  expr?: string;
  value: number;
  unit: Unit;
  /** Relative tolerance, e.g. 0.1 for ±10%. */
  tolerance: number;
}

export interface CheckedResult {
  key: string;
  label: string;
  unit: Unit;
  stated: number;
  computed: number;
  tolerance: number;
  ok: boolean;
}

/**
 * Recomputes every stated result from the assumptions. Derived results may refer to earlier ones by
 * key, so a chain of reasoning ("servers = peakReadQps / qpsPerServer") reads naturally.
 */
export function checkReferenceResults(
  assumptions: Record<string, number>,
  results: ReferenceResult[],
): CheckedResult[] {
  const standard = computeEstimate(pickInputs(assumptions));
  const scope: Record<string, number> = { ...assumptions, ...standard };
  return results.map((r) => {
    let computed: number;
    if (r.expr) computed = evaluateExpression(r.expr, scope);
    else if (Object.hasOwn(standard, r.key)) computed = standard[r.key as FigureKey];
    else throw new ExpressionError(`result "${r.key}" is not a standard figure and has no expr`);
    scope[r.key] = computed;
    const label = r.label ?? (Object.hasOwn(FIGURES, r.key) ? FIGURES[r.key as FigureKey].label : r.key);
    return {
      key: r.key,
      label,
      unit: r.unit,
      stated: r.value,
      computed,
      tolerance: r.tolerance,
      ok: Number.isFinite(computed) && withinTolerance(computed, r.value, r.tolerance),
    };
  });
}

export function pickInputs(assumptions: Record<string, number>): Partial<EstimateInputs> {
  const out: Partial<EstimateInputs> = {};
  for (const k of INPUT_KEYS) if (typeof assumptions[k] === 'number') out[k] = assumptions[k];
  return out;
}
