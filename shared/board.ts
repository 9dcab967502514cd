/**
 * The whiteboard model (DESIGN §7): shapes, the operations on them, and `applyBoardOp`, the one
 * function both the server's room and the browser use to apply an op. Deterministic and free of I/O:
 * two replicas applying the same ops in server seq order end equal (last writer wins by seq).
 */
import { z } from 'zod';

/** `sticky` is a note; `frame` is a titled box that groups (and moves) what lies inside it. */
export const SHAPE_TYPES = ['rect', 'ellipse', 'diamond', 'text', 'arrow', 'pen', 'component', 'sticky', 'frame'] as const;
export type ShapeType = (typeof SHAPE_TYPES)[number];

export const COMPONENT_KINDS = [
  'client',
  'dns',
  'cdn',
  'load-balancer',
  'api-gateway',
  'app-service',
  'worker',
  'cache',
  'sql-database',
  'nosql-database',
  'message-queue',
  'object-storage',
  'search-index',
  'rate-limiter',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Coordinates are bounded so a bad client cannot make the board unrenderable for its peer. */
export const COORD_LIMIT = 1_000_000;
export const SIZE_LIMIT = 100_000;
export const MAX_PEN_POINTS = 5_000;
/** Per-session board budget: shapes on the live board, and their size as JSON (characters). */
export const MAX_SHAPES = 5_000;
export const MAX_BOARD_BYTES = 4 * 1024 * 1024;
export const MAX_TEXT = 2_000;

const coord = z.number().finite().min(-COORD_LIMIT).max(COORD_LIMIT);
const size = z.number().finite().min(-SIZE_LIMIT).max(SIZE_LIMIT);
const shapeId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, "_" and "-"');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are #rrggbb');

export const STROKE_STYLES = ['solid', 'dashed', 'dotted'] as const;
export const ARROWHEADS = ['end', 'start', 'both', 'none'] as const;

export const styleSchema = z
  .object({
    stroke: color.optional(),
    /** A colour, or "transparent" for no fill. */
    fill: z.union([color, z.literal('transparent')]).optional(),
    strokeWidth: z.number().finite().min(0.5).max(32).optional(),
    fontSize: z.number().finite().min(6).max(200).optional(),
    /** Older boards say `dashed: true`; it still reads as dashed (see `strokeStyleOf`). */
    dashed: z.boolean().optional(),
    strokeStyle: z.enum(STROKE_STYLES).optional(),
    /** Arrows only: which ends carry a head (default: the end). */
    arrowheads: z.enum(ARROWHEADS).optional(),
  })
  .strict();

export type ShapeStyle = z.infer<typeof styleSchema>;

/** The line style a shape is drawn with: `strokeStyle` wins over the older `dashed` flag. */
export function strokeStyleOf(style: ShapeStyle | undefined): (typeof STROKE_STYLES)[number] {
  return style?.strokeStyle ?? (style?.dashed ? 'dashed' : 'solid');
}

const shapeFields = {
  x: coord,
  y: coord,
  w: size,
  h: size,
  text: z.string().max(MAX_TEXT).optional(),
  points: z.array(z.tuple([size, size, z.number().finite().min(0).max(1).optional()])).max(MAX_PEN_POINTS).optional(),
  from: shapeId.optional(),
  to: shapeId.optional(),
  component: z.enum(COMPONENT_KINDS).optional(),
  style: styleSchema.optional(),
  /** The interview phase in which the shape was created; set by the server. */
  phase: z.string().max(32).optional(),
};

export const shapeSchema = z
  .object({ id: shapeId, type: z.enum(SHAPE_TYPES), ...shapeFields })
  .strict()
  .superRefine((s, ctx) => {
    if (s.type === 'component' && !s.component) ctx.addIssue({ code: 'custom', message: 'a component shape needs "component"', path: ['component'] });
    if (s.type !== 'component' && s.component) ctx.addIssue({ code: 'custom', message: 'only component shapes have "component"', path: ['component'] });
    if (s.type === 'pen' && !s.points?.length) ctx.addIssue({ code: 'custom', message: 'a pen stroke needs points', path: ['points'] });
    if (s.type !== 'arrow' && (s.from || s.to)) ctx.addIssue({ code: 'custom', message: 'only arrows bind with from/to', path: ['from'] });
  });

export type Shape = z.infer<typeof shapeSchema>;

/** A patch may change any field but id and type; null removes an optional field. */
export const patchSchema = z
  .object({
    x: coord.optional(),
    y: coord.optional(),
    w: size.optional(),
    h: size.optional(),
    text: z.string().max(MAX_TEXT).nullable().optional(),
    points: shapeFields.points.nullable(),
    from: shapeId.nullable().optional(),
    to: shapeId.nullable().optional(),
    component: z.enum(COMPONENT_KINDS).optional(),
    style: styleSchema.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'a patch must change something');

export type ShapePatch = z.infer<typeof patchSchema>;

const ids = z.array(shapeId).min(1).max(MAX_SHAPES);

export const boardOpSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), shape: shapeSchema }).strict(),
  z.object({ kind: z.literal('update'), id: shapeId, patch: patchSchema }).strict(),
  z.object({ kind: z.literal('delete'), ids }).strict(),
  /** Moves the shapes to the front (drawn last) or the back, keeping their relative order. */
  z.object({ kind: z.literal('reorder'), ids, to: z.enum(['front', 'back']).default('front') }).strict(),
]);

export type BoardOp = z.infer<typeof boardOpSchema>;

/** Shapes by id plus paint order (first = back). */
export interface Board {
  shapes: Map<string, Shape>;
  order: string[];
}

export function emptyBoard(): Board {
  return { shapes: new Map(), order: [] };
}

export function cloneBoard(b: Board): Board {
  return { shapes: new Map(b.shapes), order: [...b.order] };
}

export type ApplyResult = { readonly ok: true } | { ok: false; message: string };

/** Every success is the same value: nothing to allocate on the hot path. */
const APPLIED: ApplyResult = Object.freeze({ ok: true });

/**
 * Applies one op to the board in place. Rejects (and leaves the board untouched) an op on a missing
 * shape, a duplicate id, or an arrow bound to a missing shape. Deleting a shape unbinds the arrows
 * that pointed at it; they keep their last geometry.
 */
export function applyBoardOp(board: Board, op: BoardOp): ApplyResult {
  switch (op.kind) {
    case 'add': {
      const s = op.shape;
      if (board.shapes.has(s.id)) return { ok: false, message: `shape ${s.id} already exists` };
      if (board.shapes.size >= MAX_SHAPES) return { ok: false, message: `the board is full (${MAX_SHAPES} shapes)` };
      const bad = badBinding(board, s.from, s.to, s.id);
      if (bad) return bad;
      board.shapes.set(s.id, s);
      board.order.push(s.id);
      return APPLIED;
    }
    case 'update': {
      const s = board.shapes.get(op.id);
      if (!s) return { ok: false, message: `shape ${op.id} does not exist` };
      const p = op.patch;
      if (p.component !== undefined && s.type !== 'component') return { ok: false, message: 'only component shapes have "component"' };
      if ((p.from || p.to) && s.type !== 'arrow') return { ok: false, message: 'only arrows bind with from/to' };
      if (s.type === 'pen' && (p.points === null || (p.points && !p.points.length))) return { ok: false, message: 'a pen stroke needs points' };
      const bad = badBinding(board, p.from ?? undefined, p.to ?? undefined, s.id);
      if (bad) return bad;
      const next: Record<string, unknown> = { ...s };
      for (const k in p) {
        const v = (p as Record<string, unknown>)[k];
        if (v === null) delete next[k];
        else if (v !== undefined) next[k] = v;
      }
      board.shapes.set(op.id, next as Shape);
      return APPLIED;
    }
    case 'delete': {
      const missing = op.ids.find((id) => !board.shapes.has(id));
      if (missing) return { ok: false, message: `shape ${missing} does not exist` };
      const gone = new Set(op.ids);
      for (const id of gone) board.shapes.delete(id);
      board.order = board.order.filter((id) => !gone.has(id));
      for (const [id, s] of board.shapes) {
        if (s.type === 'arrow' && ((s.from && gone.has(s.from)) || (s.to && gone.has(s.to)))) {
          const next = { ...s };
          if (next.from && gone.has(next.from)) delete next.from;
          if (next.to && gone.has(next.to)) delete next.to;
          board.shapes.set(id, next);
        }
      }
      return APPLIED;
    }
    case 'reorder': {
      const missing = op.ids.find((id) => !board.shapes.has(id));
      if (missing) return { ok: false, message: `shape ${missing} does not exist` };
      const moved = new Set(op.ids);
      const rest = board.order.filter((id) => !moved.has(id));
      const movedInOrder = board.order.filter((id) => moved.has(id));
      board.order = op.to === 'back' ? [...movedInOrder, ...rest] : [...rest, ...movedInOrder];
      return APPLIED;
    }
  }
}

function badBinding(board: Board, from: string | undefined, to: string | undefined, self: string): ApplyResult | null {
  if (from === undefined && to === undefined) return null;
  return badTarget(board, from, self) ?? badTarget(board, to, self);
}

function badTarget(board: Board, target: string | undefined, self: string): ApplyResult | null {
  if (target === undefined) return null;
  if (target === self) return { ok: false, message: 'an arrow cannot bind to itself' };
  const t = board.shapes.get(target);
  if (!t) return { ok: false, message: `shape ${target} does not exist` };
  if (t.type === 'arrow') return { ok: false, message: 'arrows bind to shapes, not to other arrows' };
  return null;
}

/** Shapes in paint order, for sending and rendering. */
export function boardShapes(board: Board): Shape[] {
  return board.order.map((id) => board.shapes.get(id)!);
}

export function boardFromShapes(shapes: Shape[]): Board {
  const board = emptyBoard();
  for (const s of shapes) {
    board.shapes.set(s.id, s);
    board.order.push(s.id);
  }
  return board;
}

/** A shape's size as JSON: what the board budget counts. */
export function shapeBytes(s: Shape): number {
  return JSON.stringify(s).length;
}

/** One field's share of its object's JSON: `"key":value,` (0 when absent). */
function fieldBytes(key: string, value: unknown): number {
  if (value === undefined) return 0;
  return key.length + 4 + jsonLength(value);
}

/**
 * `JSON.stringify(value).length` for JSON data (what a parsed, validated op holds), without building
 * the string: the budget check runs on every board op, and serialising each touched field twice (old
 * and new) was a tenth of the room's garbage per op. test/unit/board-budget.test.ts compares it with
 * JSON.stringify on random values.
 */
export function jsonLength(value: unknown): number {
  switch (typeof value) {
    case 'number':
      // Integers below 1e21 print as their digits; anything else as JavaScript prints it.
      if (Number.isInteger(value) && Math.abs(value) < 1e21) return integerLength(value);
      return Number.isFinite(value) ? String(value).length : 4;
    case 'string':
      return stringJsonLength(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      if (Array.isArray(value)) {
        let n = 2 + Math.max(0, value.length - 1);
        for (const v of value) n += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 4 : jsonLength(v);
        return n;
      }
      let n = 2;
      let fields = 0;
      for (const k in value) {
        if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        n += stringJsonLength(k) + 1 + jsonLength(v);
        fields++;
      }
      return n + Math.max(0, fields - 1);
    }
    default:
      // undefined, functions and symbols are left out of objects by JSON.stringify; the callers skip them.
      return 0;
  }
}

function integerLength(n: number): number {
  let len = n < 0 ? 2 : 1; // -0 prints as 0
  n = Math.abs(n);
  while (n >= 10) {
    n = Math.floor(n / 10);
    len++;
  }
  return len;
}

/** A string's JSON length: quotes, and the escapes JSON.stringify writes (well-formed: lone surrogates as \uXXXX). */
function stringJsonLength(s: string): number {
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) continue;
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 1;
    else if (c < 0x20) n += 5;
    else if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++; // a pair prints as is
    else n += 5; // a lone surrogate
  }
  return n;
}

/**
 * How much the board's JSON grows (or shrinks) if `op` is applied, computed before applying it and
 * from the touched fields only, so moving a 5,000-point stroke does not re-serialise its points.
 * An op `applyBoardOp` would refuse returns 0.
 */
export function boardOpBytesDelta(board: Board, op: BoardOp): number {
  switch (op.kind) {
    case 'add':
      return board.shapes.has(op.shape.id) ? 0 : shapeBytes(op.shape);
    case 'update': {
      const s = board.shapes.get(op.id) as Record<string, unknown> | undefined;
      if (!s) return 0;
      let delta = 0;
      const patch = op.patch as Record<string, unknown>;
      for (const k in patch) {
        const v = patch[k];
        if (v === undefined) continue;
        delta += fieldBytes(k, v === null ? undefined : v) - fieldBytes(k, s[k]);
      }
      return delta;
    }
    case 'delete': {
      if (op.ids.some((id) => !board.shapes.has(id))) return 0;
      const gone = new Set(op.ids);
      let delta = 0;
      for (const id of gone) delta -= shapeBytes(board.shapes.get(id)!);
      for (const [id, s] of board.shapes) {
        if (gone.has(id) || s.type !== 'arrow') continue;
        if (s.from && gone.has(s.from)) delta -= fieldBytes('from', s.from);
        if (s.to && gone.has(s.to)) delta -= fieldBytes('to', s.to);
      }
      return delta;
    }
    case 'reorder':
      return 0;
  }
}

/** The whole board's JSON size, for a board folded from the log. */
export function boardBytes(board: Board): number {
  let n = 0;
  for (const s of board.shapes.values()) n += shapeBytes(s);
  return n;
}
