/**
 * The whiteboard's input state machine, free of React and the DOM (tldraw's tools, Excalidraw's
 * actions): `interact(state, event, ctx)` returns the next state, the board ops to send and what to
 * draw on top of the board meanwhile. Pointer positions arrive in world coordinates; the viewport,
 * undo history and clipboard stay with the component. Every op it returns is checked against
 * `applyBoardOp` (shared/board.ts), the one authority on what is valid.
 */
import { applyBoardOp, cloneBoard, type Board, type BoardOp, type Shape, type ShapeStyle } from '../../shared/board';
import { contains, intersects, normalize, shapeBounds, snap, topShapeAt, unionBounds, type Point, type Rect } from './geometry';
import { TOOLS, type Tool } from './tools';

export type Drag =
  | { kind: 'move'; start: Point; at: Point; originals: Shape[]; lastSent: number; moved: boolean }
  | { kind: 'resize'; original: Shape; anchor: Point; at: Point }
  | { kind: 'create'; type: CreateType; start: Point; at: Point }
  | { kind: 'arrow'; start: Point; at: Point; from?: string }
  /** The stroke's points are appended in place: a stroke can hold thousands of them. */
  | { kind: 'pen'; origin: Point; points: [number, number, number?][] }
  | { kind: 'marquee'; start: Point; at: Point; base: ReadonlySet<string> }
  | { kind: 'erase'; hits: ReadonlySet<string> }
  | { kind: 'text'; start: Point };

type CreateType = 'rect' | 'ellipse' | 'diamond' | 'sticky' | 'frame';

export interface Editing {
  id: string;
  text: string;
  /** A text shape that does not exist yet: added when the editor closes with text in it. */
  draft: Shape | null;
}

export interface InteractionState {
  tool: Tool;
  selection: ReadonlySet<string>;
  drag: Drag | null;
  editing: Editing | null;
  /** The style new shapes get; the last one picked sticks, as in Excalidraw. */
  style: ShapeStyle;
}

export interface Context {
  board: Board;
  canEdit: boolean;
  /** Viewport zoom: tolerances and handles are a few screen pixels whatever the zoom. */
  zoom: number;
  grid: boolean;
  newId: () => string;
  /** Milliseconds, for the drag's bounded send rate. */
  now: number;
}

export type InputEvent =
  | { type: 'pointerdown'; p: Point; shift?: boolean; pressure?: number }
  | { type: 'pointermove'; p: Point; pressure?: number }
  | { type: 'pointerup'; p: Point }
  | { type: 'cancel' }
  | { type: 'doubleclick'; p: Point }
  | { type: 'key'; key: string; shift?: boolean; mod?: boolean }
  | { type: 'tool'; tool: Tool }
  | { type: 'select'; ids: string[] }
  | { type: 'edit'; text: string }
  /** Enter, Escape, a click outside: all keep the text (as Excalidraw). */
  | { type: 'edit-done' }
  | { type: 'style'; patch: ShapeStyle }
  | { type: 'delete' }
  | { type: 'duplicate' }
  | { type: 'paste'; shapes: Shape[]; offset: number }
  | { type: 'reorder'; to: 'front' | 'back' }
  | { type: 'align'; edge: 'left' | 'center' | 'right' | 'top' | 'middle' | 'bottom' }
  | { type: 'distribute'; axis: 'x' | 'y' };

export interface Preview {
  /** Shapes drawn somewhere else than the board says (a drag or resize in progress). */
  overrides: Map<string, Shape> | null;
  /** A shape being drawn that is not on the board yet. */
  draft: Shape | null;
  marquee: Rect | null;
  erasing: ReadonlySet<string>;
  /** Snapping guides: the x and y lines a moved selection lines up with. */
  guides: { x: number[]; y: number[] };
}

export interface Result {
  state: InteractionState;
  ops: BoardOp[];
  preview: Preview;
  /** Ops sent while a drag goes on: peers see them, undo does not record them. */
  live?: boolean;
  /** The undo of `ops` when it is not simply their inverse against the board (a whole drag). */
  inverse?: BoardOp[];
  /** Whether the event meant something here (a key the board used): the caller stops its default. */
  handled: boolean;
}

const DRAG_SEND_INTERVAL_MS = 100;
const NONE: ReadonlySet<string> = new Set();
const NO_GUIDES = { x: [], y: [] };
/** How close (in screen pixels) an edge or centre must come to another's to snap to it. */
const SNAP_PX = 6;

export function initialState(): InteractionState {
  return { tool: 'select', selection: NONE, drag: null, editing: null, style: {} };
}

/** What to draw over the board for this state. */
export function previewOf(state: InteractionState, ctx: Pick<Context, 'board' | 'grid' | 'zoom'>): Preview {
  const d = state.drag;
  const out: Preview = { overrides: null, draft: state.editing?.draft ?? null, marquee: null, erasing: NONE, guides: NO_GUIDES };
  if (!d) return out;
  switch (d.kind) {
    case 'move':
      if (d.moved) {
        const m = snapMove(d.originals, d.at.x - d.start.x, d.at.y - d.start.y, ctx);
        out.overrides = new Map(m.shapes.map((s) => [s.id, s]));
        out.guides = m.guides;
      }
      break;
    case 'resize':
      out.overrides = new Map([[d.original.id, resized(d.original, d.anchor, d.at, ctx.grid)]]);
      break;
    case 'create':
      out.draft = { id: '__draft', type: d.type, ...normalize({ x: d.start.x, y: d.start.y, w: snap(d.at.x, ctx.grid) - d.start.x, h: snap(d.at.y, ctx.grid) - d.start.y }), ...styled(state.style, d.type) };
      break;
    case 'arrow':
      out.draft = { id: '__draft', type: 'arrow', x: d.start.x, y: d.start.y, w: d.at.x - d.start.x, h: d.at.y - d.start.y, ...styled(state.style, 'arrow') };
      break;
    case 'pen':
      if (d.points.length > 1) out.draft = { id: '__draft', type: 'pen', x: d.origin.x, y: d.origin.y, w: 0, h: 0, points: [...d.points], ...styled(state.style, 'pen') };
      break;
    case 'marquee':
      out.marquee = normalize({ x: d.start.x, y: d.start.y, w: d.at.x - d.start.x, h: d.at.y - d.start.y });
      break;
    case 'erase':
      out.erasing = d.hits;
      break;
    case 'text':
      break;
  }
  return out;
}

export function interact(state: InteractionState, ev: InputEvent, ctx: Context): Result {
  const r = step(state, ev, ctx);
  const ops = applicableOps(r.ops ?? [], ctx.board);
  const next = r.state ?? state;
  return { state: next, ops, preview: previewOf(next, ctx), live: r.live, inverse: r.inverse, handled: r.handled ?? true };
}

type Step = { state?: InteractionState; ops?: BoardOp[]; live?: boolean; inverse?: BoardOp[]; handled?: boolean };

function step(s: InteractionState, ev: InputEvent, ctx: Context): Step {
  const { board, canEdit } = ctx;
  const tolerance = 6 / ctx.zoom;
  const tool: Tool = canEdit ? s.tool : s.tool === 'pan' ? 'pan' : 'select';
  switch (ev.type) {
    case 'tool':
      return { state: { ...s, tool: canEdit || ev.tool === 'pan' || ev.tool === 'select' ? ev.tool : s.tool, drag: null } };

    case 'select':
      // Not filtered by the board: a shape just added is selected before its op comes back.
      return { state: { ...s, selection: new Set(ev.ids) } };

    case 'pointerdown': {
      if (s.editing) return { state: s, ...finishEditing(s, ctx) };
      const p = ev.p;
      switch (tool) {
        case 'select': {
          const handle = canEdit ? handleAt(s, board, p, ctx.zoom) : null;
          if (handle) return { state: { ...s, drag: { kind: 'resize', original: handle.shape, anchor: handle.anchor, at: p } } };
          const hit = topShapeAt(board, p, tolerance);
          if (!hit) {
            return { state: { ...s, selection: ev.shift ? s.selection : NONE, drag: { kind: 'marquee', start: p, at: p, base: ev.shift ? s.selection : NONE } } };
          }
          let selection = s.selection;
          if (ev.shift) {
            const n = new Set(selection);
            if (n.has(hit.id)) n.delete(hit.id);
            else n.add(hit.id);
            selection = n;
          } else if (!selection.has(hit.id)) selection = new Set([hit.id]);
          const drag: Drag | null = canEdit && selection.has(hit.id) ? { kind: 'move', start: p, at: p, originals: withFrameContents(board, selection), lastSent: 0, moved: false } : null;
          return { state: { ...s, selection, drag } };
        }
        case 'rect':
        case 'ellipse':
        case 'diamond':
        case 'sticky':
        case 'frame':
          return { state: { ...s, drag: { kind: 'create', type: tool, start: { x: snap(p.x, ctx.grid), y: snap(p.y, ctx.grid) }, at: p } } };
        case 'arrow': {
          const from = topShapeAt(board, p, tolerance, { skipArrows: true });
          return { state: { ...s, drag: { kind: 'arrow', start: p, at: p, from: from?.id } } };
        }
        case 'pen':
          return { state: { ...s, drag: { kind: 'pen', origin: p, points: [[0, 0, ev.pressure || undefined]] } } };
        case 'text':
          // The editor opens on release: opened on press, the browser's focus change that follows
          // the press would blur it at once (the "one click drops back to Select" bug).
          return { state: { ...s, drag: { kind: 'text', start: p } } };
        case 'eraser': {
          const hit = topShapeAt(board, p, tolerance);
          return { state: { ...s, drag: { kind: 'erase', hits: new Set(hit ? [hit.id] : []) } } };
        }
        case 'pan':
          return { handled: false };
      }
      return {};
    }

    case 'pointermove': {
      const d = s.drag;
      if (!d) return { handled: false };
      const p = ev.p;
      switch (d.kind) {
        case 'move': {
          const dx = p.x - d.start.x;
          const dy = p.y - d.start.y;
          if (!d.moved && Math.hypot(dx, dy) * ctx.zoom < 3) return {};
          const drag = { ...d, at: p, moved: true };
          // Peers see the drag at a bounded rate; the final position is sent on release.
          if (ctx.now - d.lastSent > DRAG_SEND_INTERVAL_MS) {
            drag.lastSent = ctx.now;
            const ops = snapMove(d.originals, dx, dy, ctx).shapes.map((m): BoardOp => ({ kind: 'update', id: m.id, patch: { x: m.x, y: m.y } }));
            return { state: { ...s, drag }, ops, live: true };
          }
          return { state: { ...s, drag } };
        }
        case 'resize':
        case 'create':
        case 'arrow':
          return { state: { ...s, drag: { ...d, at: p } } };
        case 'marquee': {
          const r = normalize({ x: d.start.x, y: d.start.y, w: p.x - d.start.x, h: p.y - d.start.y });
          const inside = new Set(d.base);
          for (const sh of board.shapes.values()) if (intersects(r, shapeBounds(sh, board))) inside.add(sh.id);
          return { state: { ...s, selection: inside, drag: { ...d, at: p } } };
        }
        case 'pen': {
          const last = d.points[d.points.length - 1]!;
          const pt: [number, number, number?] = [p.x - d.origin.x, p.y - d.origin.y, ev.pressure || undefined];
          if (Math.hypot(pt[0] - last[0], pt[1] - last[1]) * ctx.zoom < 1.5 || d.points.length >= 4000) return {};
          d.points.push(pt);
          return { state: { ...s, drag: { ...d } } };
        }
        case 'erase': {
          const hit = topShapeAt(board, p, tolerance);
          if (!hit || d.hits.has(hit.id)) return {};
          return { state: { ...s, drag: { kind: 'erase', hits: new Set([...d.hits, hit.id]) } } };
        }
        case 'text':
          return {};
      }
      return {};
    }

    case 'pointerup': {
      const d = s.drag;
      if (!d) return { handled: false };
      const p = ev.p;
      const base = { ...s, drag: null };
      switch (d.kind) {
        case 'move': {
          if (!d.moved) return { state: base };
          const moved = snapMove(d.originals, p.x - d.start.x, p.y - d.start.y, ctx).shapes;
          // Undo returns the shapes to where the drag began, not to an intermediate update.
          return {
            state: base,
            ops: moved.map((m) => ({ kind: 'update', id: m.id, patch: { x: m.x, y: m.y } })),
            inverse: d.originals.map((o) => ({ kind: 'update', id: o.id, patch: { x: o.x, y: o.y } })),
          };
        }
        case 'resize': {
          const o = resized(d.original, d.anchor, p, ctx.grid);
          return { state: base, ops: [{ kind: 'update', id: o.id, patch: { x: o.x, y: o.y, w: o.w, h: o.h } }] };
        }
        case 'create': {
          let r = normalize({ x: d.start.x, y: d.start.y, w: snap(p.x, ctx.grid) - d.start.x, h: snap(p.y, ctx.grid) - d.start.y });
          if (r.w < 8 && r.h < 8) r = defaultSize(d.type, d.start);
          const shape: Shape = { id: ctx.newId(), type: d.type, ...r, ...styled(s.style, d.type) };
          if (d.type === 'frame') shape.text = 'Frame';
          const ops: BoardOp[] = [{ kind: 'add', shape }];
          // A frame sits behind what it groups.
          if (d.type === 'frame') ops.push({ kind: 'reorder', ids: [shape.id], to: 'back' });
          const editing = d.type === 'sticky' || d.type === 'frame' ? { id: shape.id, text: shape.text ?? '', draft: null } : null;
          return { state: { ...base, tool: 'select', selection: new Set([shape.id]), editing }, ops };
        }
        case 'arrow': {
          const to = topShapeAt(board, p, tolerance, { skipArrows: true, skip: d.from ? new Set([d.from]) : undefined });
          if (Math.hypot(p.x - d.start.x, p.y - d.start.y) * ctx.zoom < 6 && !to) return { state: base };
          const shape: Shape = { id: ctx.newId(), type: 'arrow', x: d.start.x, y: d.start.y, w: p.x - d.start.x, h: p.y - d.start.y, ...styled(s.style, 'arrow') };
          if (d.from) shape.from = d.from;
          if (to) shape.to = to.id;
          return { state: { ...base, selection: new Set([shape.id]) }, ops: [{ kind: 'add', shape }] };
        }
        case 'pen': {
          const pts = d.points.length < 2 ? [...d.points, [0.5, 0.5] as [number, number]] : d.points;
          const xs = pts.map((q) => q[0]);
          const ys = pts.map((q) => q[1]);
          const shape: Shape = {
            id: ctx.newId(),
            type: 'pen',
            x: d.origin.x,
            y: d.origin.y,
            w: Math.max(...xs) - Math.min(...xs),
            h: Math.max(...ys) - Math.min(...ys),
            points: pts.map(([x, y, pr]) => (pr === undefined ? [round(x), round(y)] : [round(x), round(y), round(pr)])),
            ...styled(s.style, 'pen'),
          };
          // One op per stroke, never one per pointer event.
          return { state: base, ops: [{ kind: 'add', shape }] };
        }
        case 'marquee':
          return { state: base };
        case 'erase': {
          const ids = [...d.hits].filter((id) => board.shapes.has(id));
          return { state: base, ops: ids.length ? [{ kind: 'delete', ids }] : [] };
        }
        case 'text': {
          const draft: Shape = { id: ctx.newId(), type: 'text', x: snap(d.start.x, ctx.grid), y: snap(d.start.y - 20, ctx.grid), w: 220, h: 40, text: '', ...styled(s.style, 'text') };
          return { state: { ...base, editing: { id: draft.id, text: '', draft } } };
        }
      }
      return {};
    }

    case 'cancel':
      return { state: { ...s, drag: null } };

    case 'doubleclick': {
      if (!canEdit) return { handled: false };
      const hit = topShapeAt(board, ev.p, tolerance);
      if (hit && hit.type !== 'pen') {
        return { state: { ...s, drag: null, selection: new Set([hit.id]), editing: { id: hit.id, text: hit.text ?? '', draft: null } } };
      }
      if (hit) return {};
      const draft: Shape = { id: ctx.newId(), type: 'text', x: snap(ev.p.x - 110, ctx.grid), y: snap(ev.p.y - 20, ctx.grid), w: 220, h: 40, text: '', ...styled(s.style, 'text') };
      return { state: { ...s, drag: null, editing: { id: draft.id, text: '', draft } } };
    }

    case 'edit':
      return s.editing ? { state: { ...s, editing: { ...s.editing, text: ev.text } } } : {};

    case 'edit-done':
      return finishEditing(s, ctx);

    case 'style': {
      const style = { ...s.style, ...ev.patch };
      const ops: BoardOp[] = canEdit
        ? selectedShapes(s, board).map((sh) => ({ kind: 'update', id: sh.id, patch: { style: { ...sh.style, ...ev.patch } } }))
        : [];
      return { state: { ...s, style }, ops };
    }

    case 'delete': {
      const ids = selectedShapes(s, board).map((sh) => sh.id);
      return { state: { ...s, selection: NONE }, ops: canEdit && ids.length ? [{ kind: 'delete', ids }] : [] };
    }

    case 'duplicate':
      return paste(s, withFrameContents(board, s.selection), 20, ctx);

    case 'paste':
      return paste(s, ev.shapes, ev.offset, ctx);

    case 'reorder': {
      const ids = selectedShapes(s, board).map((sh) => sh.id);
      return { ops: canEdit && ids.length ? [{ kind: 'reorder', ids, to: ev.to }] : [] };
    }

    case 'align':
      return { ops: canEdit ? align(selectedShapes(s, board), board, ev.edge) : [] };

    case 'distribute':
      return { ops: canEdit ? distribute(selectedShapes(s, board), board, ev.axis) : [] };

    case 'key':
      return key(s, ev, ctx, tool);
  }
}

function key(s: InteractionState, ev: Extract<InputEvent, { type: 'key' }>, ctx: Context, tool: Tool): Step {
  if (s.editing) return { handled: false }; // the editor has the keyboard
  const k = ev.key.toLowerCase();
  if (ev.mod) {
    if (k === 'a') return { state: { ...s, selection: new Set(ctx.board.order) } };
    if (k === 'd') return step(s, { type: 'duplicate' }, ctx);
    return { handled: false };
  }
  if (ev.key === 'Escape') {
    if (s.drag) return { state: { ...s, drag: null } };
    return { state: { ...s, selection: NONE, tool: 'select' } };
  }
  if (ev.key === 'Delete' || ev.key === 'Backspace') return step(s, { type: 'delete' }, ctx);
  if (ev.key === ']') return step(s, { type: 'reorder', to: 'front' }, ctx);
  if (ev.key === '[') return step(s, { type: 'reorder', to: 'back' }, ctx);
  if (ev.key.startsWith('Arrow')) {
    const shapes = withFrameContents(ctx.board, s.selection);
    if (!shapes.length || !ctx.canEdit) return { handled: false };
    const stepPx = ev.shift ? 20 : 2;
    const dx = ev.key === 'ArrowLeft' ? -stepPx : ev.key === 'ArrowRight' ? stepPx : 0;
    const dy = ev.key === 'ArrowUp' ? -stepPx : ev.key === 'ArrowDown' ? stepPx : 0;
    return { ops: shapes.map((sh) => ({ kind: 'update', id: sh.id, patch: { x: sh.x + dx, y: sh.y + dy } })) };
  }
  const t = TOOLS.find((x) => x.key === k);
  if (t && !ev.shift) return step({ ...s, tool }, { type: 'tool', tool: t.id }, ctx);
  return { handled: false };
}

function finishEditing(s: InteractionState, ctx: Context): Step {
  const ed = s.editing;
  if (!ed) return {};
  const text = ed.text.replace(/\s+$/, '');
  const base: InteractionState = { ...s, editing: null };
  if (ed.draft) {
    if (!text || !ctx.canEdit) return { state: { ...base, tool: 'select' } };
    const lines = text.split('\n');
    const shape: Shape = { ...ed.draft, text, w: Math.max(60, Math.max(...lines.map((l) => l.length)) * 9 + 20), h: lines.length * 20 + 20 };
    return { state: { ...base, tool: 'select', selection: new Set([shape.id]) }, ops: [{ kind: 'add', shape }] };
  }
  const sh = ctx.board.shapes.get(ed.id);
  if (!sh || !ctx.canEdit || (sh.text ?? '') === text) return { state: base };
  if (sh.type === 'text' && !text) return { state: { ...base, selection: NONE }, ops: [{ kind: 'delete', ids: [sh.id] }] };
  return { state: base, ops: [{ kind: 'update', id: sh.id, patch: { text: text || null } }] };
}

function paste(s: InteractionState, shapes: Shape[], offset: number, ctx: Context): Step {
  if (!shapes.length || !ctx.canEdit) return {};
  const { board } = ctx;
  const idMap = new Map(shapes.map((sh) => [sh.id, ctx.newId()]));
  const copies = shapes.map((sh): Shape => {
    const c: Shape = { ...sh, id: idMap.get(sh.id)!, x: sh.x + offset, y: sh.y + offset };
    delete c.phase;
    if (c.type === 'arrow') {
      // An arrow keeps a binding to a copied shape, or to the original if it is still here.
      const rebind = (id: string | undefined) => (id ? (idMap.get(id) ?? (board.shapes.has(id) ? id : undefined)) : undefined);
      const from = rebind(c.from);
      const to = rebind(c.to);
      delete c.from;
      delete c.to;
      if (from) c.from = from;
      if (to) c.to = to;
    }
    return c;
  });
  const ordered = [...copies.filter((c) => c.type === 'frame'), ...copies.filter((c) => c.type !== 'arrow' && c.type !== 'frame'), ...copies.filter((c) => c.type === 'arrow')];
  return { state: { ...s, selection: new Set(copies.map((c) => c.id)) }, ops: ordered.map((shape) => ({ kind: 'add', shape })) };
}

/** Keeps the ops that apply, in order, against a scratch copy of the board (shared/board.ts decides). */
export function applicableOps(ops: BoardOp[], board: Board): BoardOp[] {
  if (!ops.length) return ops;
  const scratch = cloneBoard(board);
  return ops.filter((op) => applyBoardOp(scratch, op).ok);
}

export function selectedShapes(s: InteractionState, board: Board): Shape[] {
  return [...s.selection].map((id) => board.shapes.get(id)).filter((sh): sh is Shape => !!sh);
}

/** The selected shapes plus everything inside a selected frame: a frame moves with its contents. */
export function withFrameContents(board: Board, ids: ReadonlySet<string>): Shape[] {
  const out = new Map<string, Shape>();
  for (const id of ids) {
    const sh = board.shapes.get(id);
    if (!sh) continue;
    out.set(id, sh);
    if (sh.type !== 'frame') continue;
    const box = normalize(sh);
    for (const other of board.shapes.values()) {
      if (other.id === id || out.has(other.id)) continue;
      // A bound arrow follows its shapes anyway; a free one moves if it lies inside.
      if (other.type === 'arrow' && (other.from || other.to)) continue;
      if (contains(box, shapeBounds(other, board))) out.set(other.id, other);
    }
  }
  return [...out.values()];
}

/**
 * A move that lines the selection's edges or centre up with another shape's when they come within a
 * few pixels (with guides to show it), else snaps to the grid.
 */
function snapMove(shapes: Shape[], dx: number, dy: number, ctx: Pick<Context, 'board' | 'grid' | 'zoom'>): { shapes: Shape[]; guides: Preview['guides'] } {
  const { board } = ctx;
  const moving = new Set(shapes.map((s) => s.id));
  const box = unionBounds(shapes.filter((s) => s.type !== 'arrow' || (!s.from && !s.to)).map((s) => shapeBounds(s, board)));
  if (!box) return { shapes: moveShapes(shapes, dx, dy, ctx.grid), guides: NO_GUIDES };
  const xs = [box.x + dx, box.x + dx + box.w / 2, box.x + dx + box.w];
  const ys = [box.y + dy, box.y + dy + box.h / 2, box.y + dy + box.h];
  const limit = SNAP_PX / ctx.zoom;
  let bestX: { d: number; at: number } | null = null;
  let bestY: { d: number; at: number } | null = null;
  for (const other of board.shapes.values()) {
    if (moving.has(other.id) || other.type === 'arrow' || other.type === 'pen') continue;
    const b = shapeBounds(other, board);
    for (const tx of [b.x, b.x + b.w / 2, b.x + b.w]) {
      for (const x of xs) if (Math.abs(tx - x) <= limit && (!bestX || Math.abs(tx - x) < Math.abs(bestX.d))) bestX = { d: tx - x, at: tx };
    }
    for (const ty of [b.y, b.y + b.h / 2, b.y + b.h]) {
      for (const y of ys) if (Math.abs(ty - y) <= limit && (!bestY || Math.abs(ty - y) < Math.abs(bestY.d))) bestY = { d: ty - y, at: ty };
    }
  }
  if (!bestX && !bestY) return { shapes: moveShapes(shapes, dx, dy, ctx.grid), guides: NO_GUIDES };
  // The snapped axis is exact; the other follows the grid as usual.
  const grid = moveShapes(shapes, dx, dy, ctx.grid);
  const lead = shapes[0]!;
  const gdx = grid[0]!.x - lead.x;
  const gdy = grid[0]!.y - lead.y;
  const fx = bestX ? round(dx + bestX.d) : gdx;
  const fy = bestY ? round(dy + bestY.d) : gdy;
  return {
    shapes: shapes.map((s) => ({ ...s, x: s.x + fx, y: s.y + fy })),
    guides: { x: bestX ? [bestX.at] : [], y: bestY ? [bestY.at] : [] },
  };
}

function moveShapes(shapes: Shape[], dx: number, dy: number, grid: boolean): Shape[] {
  // The first shape snaps to the grid and the others keep their offsets from it.
  const lead = shapes[0];
  if (!lead) return [];
  const sdx = snap(lead.x + dx, grid) - lead.x;
  const sdy = snap(lead.y + dy, grid) - lead.y;
  return shapes.map((sh) => ({ ...sh, x: sh.x + sdx, y: sh.y + sdy }));
}

function resized(original: Shape, anchor: Point, at: Point, grid: boolean): Shape {
  const r = normalize({ x: anchor.x, y: anchor.y, w: snap(at.x, grid) - anchor.x, h: snap(at.y, grid) - anchor.y });
  return { ...original, x: r.x, y: r.y, w: Math.max(20, r.w), h: Math.max(20, r.h) };
}

function handleAt(s: InteractionState, board: Board, p: Point, zoom: number): { shape: Shape; anchor: Point } | null {
  if (s.selection.size !== 1) return null;
  const sh = board.shapes.get([...s.selection][0]!);
  if (!sh || sh.type === 'arrow' || sh.type === 'pen') return null;
  const r = normalize(sh);
  const corners = [
    { c: { x: r.x, y: r.y }, a: { x: r.x + r.w, y: r.y + r.h } },
    { c: { x: r.x + r.w, y: r.y }, a: { x: r.x, y: r.y + r.h } },
    { c: { x: r.x, y: r.y + r.h }, a: { x: r.x + r.w, y: r.y } },
    { c: { x: r.x + r.w, y: r.y + r.h }, a: { x: r.x, y: r.y } },
  ];
  const hit = corners.find(({ c }) => Math.abs(c.x - p.x) <= 8 / zoom && Math.abs(c.y - p.y) <= 8 / zoom);
  return hit ? { shape: sh, anchor: hit.a } : null;
}

function defaultSize(type: CreateType, at: Point): Rect {
  if (type === 'sticky') return { x: at.x - 80, y: at.y - 80, w: 160, h: 160 };
  if (type === 'frame') return { x: at.x - 200, y: at.y - 150, w: 400, h: 300 };
  return { x: at.x - 80, y: at.y - 40, w: 160, h: 80 };
}

/** The sticky style, minus what a shape of this type does not use. */
function styled(style: ShapeStyle, type: Shape['type']): { style?: ShapeStyle } {
  const out: ShapeStyle = { ...style };
  if (type !== 'arrow') delete out.arrowheads;
  if (type === 'arrow' || type === 'pen' || type === 'text') delete out.fill;
  if (type === 'sticky' || type === 'frame') delete out.fill;
  return Object.keys(out).length ? { style: out } : {};
}

function align(shapes: Shape[], board: Board, edge: Extract<InputEvent, { type: 'align' }>['edge']): BoardOp[] {
  const movable = shapes.filter((sh) => sh.type !== 'arrow');
  if (movable.length < 2) return [];
  const all = unionBounds(movable.map((sh) => shapeBounds(sh, board)))!;
  return movable.map((sh): BoardOp => {
    const b = shapeBounds(sh, board);
    let dx = 0;
    let dy = 0;
    if (edge === 'left') dx = all.x - b.x;
    if (edge === 'center') dx = all.x + all.w / 2 - (b.x + b.w / 2);
    if (edge === 'right') dx = all.x + all.w - (b.x + b.w);
    if (edge === 'top') dy = all.y - b.y;
    if (edge === 'middle') dy = all.y + all.h / 2 - (b.y + b.h / 2);
    if (edge === 'bottom') dy = all.y + all.h - (b.y + b.h);
    return { kind: 'update', id: sh.id, patch: { x: round(sh.x + dx), y: round(sh.y + dy) } };
  }).filter((op) => op.kind === 'update' && (op.patch.x !== board.shapes.get(op.id)!.x || op.patch.y !== board.shapes.get(op.id)!.y));
}

/** Equal gaps between the shapes along an axis, the outermost two staying put. */
function distribute(shapes: Shape[], board: Board, axis: 'x' | 'y'): BoardOp[] {
  const movable = shapes.filter((sh) => sh.type !== 'arrow');
  if (movable.length < 3) return [];
  const boxes = movable.map((sh) => ({ sh, b: shapeBounds(sh, board) })).sort((a, b) => (axis === 'x' ? a.b.x - b.b.x : a.b.y - b.b.y));
  const size = (b: Rect) => (axis === 'x' ? b.w : b.h);
  const pos = (b: Rect) => (axis === 'x' ? b.x : b.y);
  const first = boxes[0]!.b;
  const last = boxes[boxes.length - 1]!.b;
  const span = pos(last) + size(last) - pos(first);
  const gap = (span - boxes.reduce((n, x) => n + size(x.b), 0)) / (boxes.length - 1);
  const ops: BoardOp[] = [];
  let cursor = pos(first) + size(first) + gap;
  for (const { sh, b } of boxes.slice(1, -1)) {
    const delta = round(cursor - pos(b));
    if (delta !== 0) ops.push({ kind: 'update', id: sh.id, patch: axis === 'x' ? { x: round(sh.x + delta) } : { y: round(sh.y + delta) } });
    cursor += size(b) + gap;
  }
  return ops;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
