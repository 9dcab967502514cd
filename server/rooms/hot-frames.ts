/**
 * The frames that make up nearly all live traffic (moving a shape, a cursor, a chat line), checked by
 * hand without zod's intermediate objects: zod's `safeParse` copies every object it validates, and on
 * the hot path that garbage was the largest item of the room's allocation profile.
 *
 * The rule that keeps this safe: the fast path accepts a subset of what `clientMessageSchema`
 * accepts, and returns exactly what the schema would. Anything it does not fully recognise (an unknown
 * key, a style it does not check, any doubt) returns `null` and goes through the schema, which also
 * writes the error messages. test/unit/hot-frames.test.ts checks the subset property with random frames.
 */
import { COORD_LIMIT, MAX_TEXT, SIZE_LIMIT } from '../../shared/board';
import { MAX_CHAT_LENGTH, OP_ID_PATTERN, type ClientMessage } from '../../shared/protocol';

const SHAPE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown, limit: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= -limit && v <= limit;
const isOpId = (v: unknown): v is string => typeof v === 'string' && OP_ID_PATTERN.test(v);

function styleOk(s: unknown): boolean {
  if (!isObj(s)) return false;
  for (const k in s) {
    const v = s[k];
    switch (k) {
      case 'stroke':
        if (typeof v !== 'string' || !COLOR.test(v)) return false;
        break;
      case 'fill':
        if (typeof v !== 'string' || !(v === 'transparent' || COLOR.test(v))) return false;
        break;
      case 'strokeStyle':
        if (v !== 'solid' && v !== 'dashed' && v !== 'dotted') return false;
        break;
      case 'arrowheads':
        if (v !== 'end' && v !== 'start' && v !== 'both' && v !== 'none') return false;
        break;
      case 'strokeWidth':
        if (typeof v !== 'number' || !(v >= 0.5 && v <= 32)) return false;
        break;
      case 'fontSize':
        if (typeof v !== 'number' || !(v >= 6 && v <= 200)) return false;
        break;
      case 'dashed':
        if (typeof v !== 'boolean') return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A patch of geometry, text and style only; anything else is left to the schema. */
function patchOk(p: unknown): boolean {
  if (!isObj(p)) return false;
  let n = 0;
  for (const k in p) {
    n++;
    const v = p[k];
    switch (k) {
      case 'x':
      case 'y':
        if (!isNum(v, COORD_LIMIT)) return false;
        break;
      case 'w':
      case 'h':
        if (!isNum(v, SIZE_LIMIT)) return false;
        break;
      case 'text':
        if (typeof v !== 'string' || v.length > MAX_TEXT) return false;
        break;
      case 'style':
        if (!styleOk(v)) return false;
        break;
      default:
        return false;
    }
  }
  return n > 0;
}

function keysAre(o: Obj, allowed: readonly string[]): boolean {
  let n = 0;
  for (const k in o) {
    if (!allowed.includes(k)) return false;
    n++;
  }
  return n === allowed.length;
}

/** The message, validated, when it is a hot frame this module fully recognises; otherwise null. */
export function parseHotFrame(json: unknown): ClientMessage | null {
  if (!isObj(json)) return null;
  switch (json.type) {
    case 'board': {
      if (!keysAre(json, ['type', 'opId', 'op']) || !isOpId(json.opId)) return null;
      const op = json.op;
      if (!isObj(op) || op.kind !== 'update' || !keysAre(op, ['kind', 'id', 'patch'])) return null;
      if (typeof op.id !== 'string' || !SHAPE_ID.test(op.id) || !patchOk(op.patch)) return null;
      return json as ClientMessage;
    }
    case 'cursor':
      if (!keysAre(json, ['type', 'x', 'y']) || !isNum(json.x, 1e6) || !isNum(json.y, 1e6)) return null;
      return json as ClientMessage;
    case 'chat': {
      if (!keysAre(json, ['type', 'opId', 'text']) || !isOpId(json.opId) || typeof json.text !== 'string') return null;
      // The schema trims: only a text that is already trimmed passes through unchanged.
      const text = json.text;
      if (text.length === 0 || text.length > MAX_CHAT_LENGTH || text.trim() !== text) return null;
      return json as ClientMessage;
    }
    default:
      return null;
  }
}
