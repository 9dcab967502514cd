/**
 * Numbers in a problem's prose, tied to its estimation (docs/problem-format.md, "Figures in the prose").
 * Pure: no I/O, so the checker, start-up and the unit tests share it.
 *
 * - `{{name}}` and `{{name:format}}` refer to an assumption, a standard figure or a result; they are
 *   rendered at load, so the API serves plain Markdown with numbers that cannot drift from the front
 *   matter.
 * - `{=text}` is a literal the author vouches for (a constant such as 2^53 or 86,400, or a fixed
 *   protocol limit); it renders as `text` and is exempt from the bare-figure rule.
 * - `findBareFigures` finds numbers with a rate or size unit written out by hand; the estimation and
 *   deep-dive sections may not have any.
 */
import { FIGURES, formatValue, type FigureKey, type Unit } from '../../shared/estimate';

export const REFERENCE_FORMATS = ['rps', 'bytes', 'bytesPerSec', 'count', 'ratio', 'percent', 'exact', 'int', 'ceil', 'bits', 'persec'] as const;
export type ReferenceFormat = (typeof REFERENCE_FORMATS)[number];

/** A name the prose may refer to, its value (computed from the assumptions) and its default format. */
export interface ReferenceValue {
  value: number;
  unit: Unit;
}

export type ReferenceScope = Record<string, ReferenceValue>;

/** Builds the scope from assumptions (unit `count`), the standard figures and the results (their unit). */
export function referenceScope(
  assumptions: Record<string, number>,
  standard: Record<string, number>,
  results: { key: string; unit: Unit; computed: number }[],
): ReferenceScope {
  const scope: ReferenceScope = {};
  for (const [k, v] of Object.entries(assumptions)) scope[k] = { value: v, unit: 'count' };
  for (const [k, v] of Object.entries(standard)) scope[k] = { value: v, unit: FIGURES[k as FigureKey]?.unit ?? 'count' };
  for (const r of results) scope[r.key] = { value: r.computed, unit: r.unit };
  return scope;
}

const BIT_UNITS = ['bps', 'Kbps', 'Mbps', 'Gbps', 'Tbps', 'Pbps'];

function grouped(n: number, maxFractionDigits: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: maxFractionDigits });
}

/** Formats one value; `format` defaults to the value's unit. */
export function formatReference(ref: ReferenceValue, format?: ReferenceFormat): string {
  const f = format ?? ref.unit;
  const v = ref.value;
  switch (f) {
    case 'percent':
      return `${grouped(v * 100, v * 100 >= 10 ? 0 : 1)}%`;
    case 'exact':
      return grouped(v, 2);
    case 'int':
      return grouped(Math.round(v), 0);
    case 'ceil':
      return grouped(Math.ceil(v - 1e-9), 0);
    case 'persec':
      return `${formatValue(v, 'count')}/s`;
    case 'bits': {
      let x = v * 8;
      let u = 0;
      while (Math.abs(x) >= 1000 && u < BIT_UNITS.length - 1) {
        x /= 1000;
        u++;
      }
      return `${Number(x.toFixed(x >= 100 || u === 0 ? 0 : x >= 10 ? 1 : 2))} ${BIT_UNITS[u]}`;
    }
    default:
      return formatValue(v, f);
  }
}

export interface ProseIssue {
  /** 1-based line within the text checked. */
  line: number;
  /** The offending text. */
  text: string;
  message: string;
}

const REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*([A-Za-z]+)\s*)?\}\}/g;
const LITERAL = /\{=([^{}\n]+)\}/g;
const ANY_BRACES = /\{\{|\}\}|\{=/;

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Renders `{{name}}`, `{{name:format}}` and `{=literal}`. Returns the Markdown and every problem found
 * (unknown names, unknown formats, stray braces); the caller decides whether problems are fatal.
 */
export function renderReferences(markdown: string, scope: ReferenceScope): { markdown: string; issues: ProseIssue[] } {
  const issues: ProseIssue[] = [];
  const lines = markdown.split('\n');
  let inFence = false;
  const out = lines.map((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return line;
    }
    if (inFence) return line;
    // Code spans stay literal: odd-numbered pieces of a split on backtick spans are code.
    return line
      .split(/(`[^`]*`)/)
      .map((piece, k) => (k % 2 === 1 ? piece : renderText(piece, i + 1, scope, issues)))
      .join('');
  });
  return { markdown: out.join('\n'), issues };
}

function renderText(text: string, line: number, scope: ReferenceScope, issues: ProseIssue[]): string {
  const before = issues.length;
  let out = text.replace(REFERENCE, (whole, name: string, format: string | undefined) => {
    const ref = Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (!ref) {
      issues.push({ line, text: whole, message: `"${name}" is not an assumption, a standard figure or a result` });
      return whole;
    }
    if (format !== undefined && !(REFERENCE_FORMATS as readonly string[]).includes(format)) {
      issues.push({ line, text: whole, message: `unknown format "${format}" (allowed: ${REFERENCE_FORMATS.join(', ')})` });
      return whole;
    }
    return formatReference(ref, format as ReferenceFormat | undefined);
  });
  out = out.replace(LITERAL, (_, literal: string) => literal);
  // Whatever braces remain (outside code) were not a well-formed reference or literal.
  const rest = text.replace(REFERENCE, '').replace(LITERAL, '');
  const stray = ANY_BRACES.exec(rest);
  if (stray && issues.length === before) {
    issues.push({ line, text: rest.slice(Math.max(0, stray.index - 20), stray.index + 30), message: 'malformed reference: write {{name}}, {{name:format}} or {=literal}' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bare figures: a number followed by a rate or size unit, written by hand.

const NUM = String.raw`(?<![\w.,/^])~?\d[\d,]*(?:\.\d+)?(?:\s?[KMBT](?![A-Za-z]))?`;
const SIZE_UNIT = String.raw`\s?(?:[KMGTPE]i?B|bytes?|[KMGT]?bps)(?:\/s)?(?![A-Za-z])`;
const RATE_UNIT = String.raw`(?:\s?(?:QPS|RPS|TPS|qps|rps|tps)(?![A-Za-z])|(?:\s?[A-Za-z][A-Za-z-]*){0,3}\s?(?:\/s|\/sec|\/second|\/min|\/minute|\/h|\/hour|\/day)(?![A-Za-z])|(?:\s[A-Za-z][A-Za-z-]*){0,3}\s(?:per|a) (?:second|minute|hour|day)(?![A-Za-z]))`;
const BARE = new RegExp(`${NUM}(?:${SIZE_UNIT}|${RATE_UNIT})`, 'g');

/** Blanks out what the rule ignores (code, references, literals), keeping offsets and line breaks. */
function maskExempt(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return blank(line);
      }
      if (inFence) return blank(line);
      return line
        .replace(/`[^`]*`/g, blank)
        .replace(REFERENCE, blank)
        .replace(LITERAL, blank);
    })
    .join('\n');
}

/** Numbers with a rate or size unit that are neither references nor `{=literals}`. */
export function findBareFigures(markdown: string): ProseIssue[] {
  const masked = maskExempt(markdown);
  const issues: ProseIssue[] = [];
  for (const m of masked.matchAll(BARE)) {
    issues.push({
      line: lineOf(masked, m.index),
      text: m[0].trim(),
      message: `bare figure "${m[0].trim()}": write it as a reference ({{name}}) to an assumption or result, or as a {=literal} if it is a constant`,
    });
  }
  return issues;
}
