/**
 * Numbers as people type them in an estimate: `100M`, `1.5B`, `20K`, `3e6`, `86,400`, `2 GB`,
 * `500 KB/s`, and arithmetic over them (`100M*10/86400`). A calculator, not an answer key: it only
 * evaluates what she typed. Sizes are decimal (1 KB = 1,000 bytes), as interviews use them.
 */
import { evaluateExpression, ExpressionError } from './estimate';

const SUFFIX: Record<string, number> = {
  k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9, bn: 1e9, t: 1e12, T: 1e12,
  kb: 1e3, KB: 1e3, mb: 1e6, MB: 1e6, gb: 1e9, GB: 1e9, tb: 1e12, TB: 1e12, pb: 1e15, PB: 1e15, eb: 1e18, EB: 1e18,
};

export type ParsedQuantity = { ok: true; value: number } | { ok: false; message: string };

/** One number with thousands separators and an optional scale or size suffix, then an optional `/s` or unit word. */
const NUMBER = /(\d[\d,]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?\s*(bn|[kKmMbBtT]|[kKmMgGtTpPeE][bB])?(?![A-Za-z_])(?:\s*(?:\/\s*s(?:ec)?|req\/s|rps|qps|bytes?|B(?![A-Za-z])))?/g;

/**
 * Parses one typed quantity. `B` after a number is a billion (`1.5B` users), except where the field
 * holds bytes (`sizes: true`), where `500 B` is five hundred bytes.
 */
export function parseQuantity(raw: string, opts: { sizes?: boolean } = {}): ParsedQuantity {
  const text = raw.trim();
  if (!text) return { ok: false, message: 'Type a number, like 100M or 2 GB.' };
  if (text.length > 200) return { ok: false, message: 'That is too long for a number.' };
  let bad: string | null = null;
  const expr = text.replace(NUMBER, (_m, digits: string, exp: string | undefined, suffix: string | undefined) => {
    if (digits.includes(',') && !/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) bad = `"${digits}" has misplaced thousands separators.`;
    const base = Number(digits.replaceAll(',', '')) * (exp ? 10 ** Number(exp) : 1);
    const scale = !suffix ? 1 : opts.sizes && (suffix === 'B' || suffix === 'b') ? 1 : SUFFIX[suffix]!;
    return `(${base * scale})`;
  });
  if (bad) return { ok: false, message: bad };
  try {
    const value = evaluateExpression(expr.replace(/[×x](?=\s*[\d(.])/g, '*'), {});
    if (!Number.isFinite(value)) return { ok: false, message: 'That does not come to a finite number (a division by zero?).' };
    if (value < 0) return { ok: false, message: 'Estimates are not negative.' };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof ExpressionError) {
      const unknown = /unknown name "([^"]+)"/.exec(err.message);
      return { ok: false, message: unknown ? `"${unknown[1]}" is not a number or a unit (K, M, B, T, KB, MB, GB, TB, PB).` : 'That is not a number or an arithmetic expression (+ - * / ^ and parentheses).' };
    }
    throw err;
  }
}
