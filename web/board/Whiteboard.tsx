/**
 * The whiteboard: an SVG canvas with tools, selection, drag, resize, text editing, arrows that bind
 * to shapes, freehand strokes, zoom and pan, undo/redo of your own changes, export and live cursors.
 * Every change leaves as board ops through `onOps`; the board shown is the server's plus our pending
 * ops, with local previews only while a pointer is down.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { applyBoardOp, cloneBoard, COMPONENT_KINDS, type Board, type BoardOp, type ComponentKind, type Shape } from '../../shared/board';
import { boardSvg, download, svgToPng } from './export';
import {
  fitViewport,
  intersects,
  normalize,
  screenToWorld,
  shapeBounds,
  snap,
  topShapeAt,
  unionBounds,
  worldToScreen,
  zoomAt,
  type Point,
  type Rect,
  type Viewport,
} from './geometry';
import { History, inverseOf } from './history';
import { Outline } from './Outline';
import { ArrowheadDefs, arrowKey, COMPONENTS, ComponentIcon, ShapeView } from './shapes';
import { TOOL_ICONS, TOOLS, type Tool } from './tools';
import '../styles/board.css';

export interface PeerCursor {
  userId: string;
  name: string;
  x: number;
  y: number;
}

interface Props {
  board: Board;
  canEdit: boolean;
  onOps: (ops: BoardOp[]) => void;
  onCursor?: (p: Point) => void;
  cursors: PeerCursor[];
  /** Why the last change was refused (the board's budget), shown until the next one lands. */
  notice?: string | null;
}

type Drag =
  | { kind: 'pan'; startScreen: Point; startVp: Viewport }
  | { kind: 'move'; start: Point; originals: Shape[]; lastSent: number; moved: boolean }
  | { kind: 'resize'; original: Shape; anchor: Point }
  | { kind: 'create'; type: 'rect' | 'ellipse' | 'diamond'; start: Point }
  | { kind: 'arrow'; start: Point; from?: string }
  | { kind: 'pen'; origin: Point; points: [number, number, number?][] }
  | { kind: 'marquee'; start: Point; additive: boolean; base: Set<string> }
  | { kind: 'erase'; hits: Set<string> }
  | { kind: 'text'; start: Point };

const DRAG_SEND_INTERVAL_MS = 100;
let idCounter = 0;
export function newShapeId(): string {
  idCounter = (idCounter + 1) % 1e6;
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}${idCounter}`;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function Whiteboard({ board, canEdit, onOps, onCursor, cursors, notice }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const defsRef = useRef<SVGSVGElement>(null);
  const [tool, setTool] = useState<Tool>('select');
  const [vp, setVp] = useState<Viewport>({ x: -40, y: -40, zoom: 1 });
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [overrides, setOverrides] = useState<Map<string, Shape> | null>(null);
  const [draft, setDraft] = useState<Shape | null>(null);
  const [marquee, setMarquee] = useState<Rect | null>(null);
  const [erasing, setErasing] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [grid, setGrid] = useState(true);
  const [outlineOpen, setOutlineOpen] = useState(false);
  const [follow, setFollow] = useState<string | null>(null);
  const [size, setSize] = useState({ w: 800, h: 600 });
  const [, bump] = useState(0);
  const drag = useRef<Drag | null>(null);
  // Touch: two pointers down pinch-zoom around their midpoint.
  const pointers = useRef(new Map<number, Point>());
  const pinch = useRef<{ dist: number; vp: Viewport; mid: Point } | null>(null);
  const spaceDown = useRef(false);
  const history = useRef(new History());
  const clipboard = useRef<Shape[]>([]);
  const lastCursorSent = useRef(0);
  const finished = useRef<{ id: string; text: string } | null>(null);
  const boardRef = useRef(board);
  boardRef.current = board;

  const effectiveTool: Tool = canEdit ? tool : tool === 'pan' ? 'pan' : 'select';

  // The board as drawn: server + pending, with this pointer's previews on top.
  const view = useMemo(() => {
    if (!overrides) return board;
    const b = cloneBoard(board);
    for (const [id, s] of overrides) if (b.shapes.has(id)) b.shapes.set(id, s);
    return b;
  }, [board, overrides]);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  // Forget selected shapes that no longer exist (a peer deleted them).
  useEffect(() => {
    if ([...selection].some((id) => !board.shapes.has(id))) setSelection(new Set([...selection].filter((id) => board.shapes.has(id))));
  }, [board, selection]);

  /** Sends ops and records them (with their inverses) for undo. */
  const commit = useCallback(
    (ops: BoardOp[], record = true) => {
      if (!ops.length || !canEdit) return;
      if (record) {
        const scratch = cloneBoard(boardRef.current);
        const inverse: BoardOp[] = [];
        for (const op of ops) {
          inverse.unshift(...inverseOf(scratch, op));
          applyLocal(scratch, op);
        }
        history.current.record({ forward: ops, inverse });
      }
      onOps(ops);
      bump((n) => n + 1);
    },
    [canEdit, onOps],
  );

  const toWorld = useCallback(
    (e: { clientX: number; clientY: number }): Point => {
      const r = wrapRef.current!.getBoundingClientRect();
      return screenToWorld({ x: e.clientX - r.left, y: e.clientY - r.top }, vp);
    },
    [vp],
  );

  const tolerance = 6 / vp.zoom;

  // ---------------------------------------------------------------------------------------------
  // Actions

  const selected = useCallback(() => [...selection].map((id) => board.shapes.get(id)).filter((s): s is Shape => !!s), [selection, board]);

  const deleteSelection = useCallback(() => {
    const ids = [...selection].filter((id) => board.shapes.has(id));
    if (ids.length) commit([{ kind: 'delete', ids }]);
    setSelection(new Set());
  }, [selection, board, commit]);

  const pasteShapes = useCallback(
    (shapes: Shape[], offset: number) => {
      if (!shapes.length) return;
      const idMap = new Map(shapes.map((s) => [s.id, newShapeId()]));
      const copies = shapes.map((s): Shape => {
        const c: Shape = { ...s, id: idMap.get(s.id)!, x: s.x + offset, y: s.y + offset };
        delete c.phase;
        if (c.type === 'arrow') {
          if (c.from) c.from = idMap.get(c.from) ?? (board.shapes.has(c.from) ? c.from : undefined);
          if (c.to) c.to = idMap.get(c.to) ?? (board.shapes.has(c.to) ? c.to : undefined);
          if (!c.from) delete c.from;
          if (!c.to) delete c.to;
        }
        return c;
      });
      const ordered = [...copies.filter((s) => s.type !== 'arrow'), ...copies.filter((s) => s.type === 'arrow')];
      commit(ordered.map((shape) => ({ kind: 'add', shape })));
      setSelection(new Set(copies.map((c) => c.id)));
    },
    [board, commit],
  );

  const reorder = useCallback(
    (to: 'front' | 'back') => {
      const ids = [...selection].filter((id) => board.shapes.has(id));
      if (ids.length) commit([{ kind: 'reorder', ids, to }]);
    },
    [selection, board, commit],
  );

  const undo = useCallback(() => {
    const ops = history.current.undo();
    if (ops) {
      // Skip ops that can no longer apply (a peer deleted the shape): undo what still can be.
      onOps(ops.filter((op) => applicable(boardRef.current, op)));
      bump((n) => n + 1);
    }
  }, [onOps]);

  const redo = useCallback(() => {
    const ops = history.current.redo();
    if (ops) {
      onOps(ops.filter((op) => applicable(boardRef.current, op)));
      bump((n) => n + 1);
    }
  }, [onOps]);

  const zoomBy = useCallback((factor: number) => setVp((v) => zoomAt(v, { x: size.w / 2, y: size.h / 2 }, v.zoom * factor)), [size]);
  const fit = useCallback(() => setVp(fitViewport(board, size)), [board, size]);

  const addComponent = useCallback(
    (kind: ComponentKind, at?: Point, label?: string) => {
      const c = at ?? screenToWorld({ x: size.w / 2, y: size.h / 2 }, vp);
      const spot: Rect = { x: snap(c.x - 90, grid), y: snap(c.y - 30, grid), w: 180, h: 60 };
      // Clicking several blocks in a row stacks them instead of piling them on one spot.
      if (!at) {
        const taken = [...board.shapes.values()].map((s) => shapeBounds(s, board));
        for (let i = 0; i < 40 && taken.some((r) => intersects(r, spot)); i++) spot.y += 100;
      }
      const shape: Shape = { id: newShapeId(), type: 'component', component: kind, ...spot, text: label ?? COMPONENTS[kind].label };
      commit([{ kind: 'add', shape }]);
      setSelection(new Set([shape.id]));
      return shape.id;
    },
    [size, vp, grid, commit, board],
  );

  const exportAs = useCallback(
    async (format: 'svg' | 'png') => {
      const layer = layerRef.current;
      if (!layer) return;
      const bounds = unionBounds([...board.shapes.values()].map((s) => shapeBounds(s, board))) ?? { x: 0, y: 0, w: 400, h: 300 };
      const svg = boardSvg(layer, defsRef.current?.querySelector('defs') ?? null, bounds);
      if (format === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), 'design.svg');
      else download(await svgToPng(svg), 'design.png');
    },
    [board],
  );

  // ---------------------------------------------------------------------------------------------
  // Keyboard

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === ' ' && !isTyping(e.target)) {
        spaceDown.current = e.type === 'keydown';
        if (e.type === 'keydown' && wrapRef.current?.contains(document.activeElement)) e.preventDefault();
        return;
      }
      if (e.type !== 'keydown' || isTyping(e.target) || editing) return;
      // Only when the board has focus or nothing else does, so chat keys never draw.
      const active = document.activeElement;
      if (active && active !== document.body && !wrapRef.current?.parentElement?.contains(active)) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z') { e.preventDefault(); return e.shiftKey ? redo() : undo(); }
      if (mod && k === 'y') { e.preventDefault(); return redo(); }
      if (mod && k === 'c') { clipboard.current = selected(); return; }
      if (mod && k === 'x') { clipboard.current = selected(); return deleteSelection(); }
      if (mod && k === 'v') { e.preventDefault(); return pasteShapes(clipboard.current, 30); }
      if (mod && k === 'd') { e.preventDefault(); return pasteShapes(selected(), 20); }
      if (mod && k === 'a') { e.preventDefault(); return setSelection(new Set(board.order)); }
      if (mod) return;
      if (e.key === 'Delete' || e.key === 'Backspace') { e.preventDefault(); return deleteSelection(); }
      if (e.key === 'Escape') { setSelection(new Set()); return setTool('select'); }
      if (e.key === ']') return reorder('front');
      if (e.key === '[') return reorder('back');
      if (e.key === '+' || e.key === '=') return zoomBy(1.2);
      if (e.key === '-' || e.key === '_') return zoomBy(1 / 1.2);
      if (e.key === '!' || (e.shiftKey && e.code === 'Digit1')) return fit();
      if (e.key === '0') return setVp((v) => zoomAt(v, { x: size.w / 2, y: size.h / 2 }, 1));
      if (k === 'g') return setGrid((g) => !g);
      if (e.key.startsWith('Arrow') && selection.size && canEdit) {
        e.preventDefault();
        const step = e.shiftKey ? 20 : 2;
        const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
        const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
        return commit(selected().map((s) => ({ kind: 'update', id: s.id, patch: { x: s.x + dx, y: s.y + dy } })));
      }
      const t = TOOLS.find((x) => x.key === k);
      if (t) setTool(t.id);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
    };
  }, [undo, redo, selected, deleteSelection, pasteShapes, reorder, zoomBy, fit, size, selection, canEdit, commit, board, editing]);

  // ---------------------------------------------------------------------------------------------
  // Pointer

  const handleAt = (p: Point): { shape: Shape; anchor: Point } | null => {
    if (selection.size !== 1) return null;
    const s = board.shapes.get([...selection][0]!);
    if (!s || s.type === 'arrow' || s.type === 'pen') return null;
    const r = normalize(s);
    const corners = [
      { c: { x: r.x, y: r.y }, a: { x: r.x + r.w, y: r.y + r.h } },
      { c: { x: r.x + r.w, y: r.y }, a: { x: r.x, y: r.y + r.h } },
      { c: { x: r.x, y: r.y + r.h }, a: { x: r.x + r.w, y: r.y } },
      { c: { x: r.x + r.w, y: r.y + r.h }, a: { x: r.x, y: r.y } },
    ];
    const hit = corners.find(({ c }) => Math.abs(c.x - p.x) <= 8 / vp.zoom && Math.abs(c.y - p.y) <= 8 / vp.zoom);
    return hit ? { shape: s, anchor: hit.a } : null;
  };

  const screenPoint = (e: { clientX: number; clientY: number }): Point => {
    const r = wrapRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (editing) return;
    wrapRef.current?.focus({ preventScroll: true });
    (e.target as Element).setPointerCapture?.(e.pointerId);
    pointers.current.set(e.pointerId, screenPoint(e));
    if (pointers.current.size === 2) {
      // A second finger turns whatever the first one started into a pinch.
      drag.current = null;
      setOverrides(null);
      setDraft(null);
      setMarquee(null);
      const [a, b] = [...pointers.current.values()] as [Point, Point];
      pinch.current = { dist: Math.hypot(a.x - b.x, a.y - b.y) || 1, vp, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
      return;
    }
    const p = toWorld(e);
    if (e.button === 1 || spaceDown.current || effectiveTool === 'pan') {
      drag.current = { kind: 'pan', startScreen: { x: e.clientX, y: e.clientY }, startVp: vp };
      return;
    }
    if (e.button !== 0) return;
    switch (effectiveTool) {
      case 'select': {
        const handle = canEdit ? handleAt(p) : null;
        if (handle) {
          drag.current = { kind: 'resize', original: handle.shape, anchor: handle.anchor };
          return;
        }
        const hit = topShapeAt(board, p, tolerance);
        if (hit) {
          let next = selection;
          if (e.shiftKey) {
            next = new Set(selection);
            if (next.has(hit.id)) next.delete(hit.id);
            else next.add(hit.id);
          } else if (!selection.has(hit.id)) next = new Set([hit.id]);
          setSelection(next);
          if (canEdit && next.has(hit.id)) {
            drag.current = { kind: 'move', start: p, originals: [...next].map((id) => board.shapes.get(id)!).filter(Boolean), lastSent: 0, moved: false };
          }
        } else {
          drag.current = { kind: 'marquee', start: p, additive: e.shiftKey, base: e.shiftKey ? selection : new Set() };
          if (!e.shiftKey) setSelection(new Set());
        }
        return;
      }
      case 'rect':
      case 'ellipse':
      case 'diamond':
        drag.current = { kind: 'create', type: effectiveTool, start: { x: snap(p.x, grid), y: snap(p.y, grid) } };
        return;
      case 'arrow': {
        const from = topShapeAt(board, p, tolerance, { skipArrows: true });
        drag.current = { kind: 'arrow', start: p, from: from?.id };
        return;
      }
      case 'pen':
        drag.current = { kind: 'pen', origin: p, points: [[0, 0, e.pressure || undefined]] };
        return;
      case 'text':
        // The editor opens on release: opened on press, the browser's own focus change that
        // follows the press would blur it at once and drop the tool back to Select.
        drag.current = { kind: 'text', start: p };
        return;
      case 'eraser': {
        const hit = topShapeAt(board, p, tolerance);
        drag.current = { kind: 'erase', hits: new Set(hit ? [hit.id] : []) };
        setErasing(new Set(hit ? [hit.id] : []));
        return;
      }
    }
  };

  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, screenPoint(e));
    if (pinch.current && pointers.current.size >= 2) {
      const [a, b] = [...pointers.current.values()] as [Point, Point];
      const pc = pinch.current;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const zoomed = zoomAt(pc.vp, pc.mid, pc.vp.zoom * (Math.hypot(a.x - b.x, a.y - b.y) / pc.dist));
      setVp({ ...zoomed, x: zoomed.x - (mid.x - pc.mid.x) / zoomed.zoom, y: zoomed.y - (mid.y - pc.mid.y) / zoomed.zoom });
      return;
    }
    const p = toWorld(e);
    const now = performance.now();
    if (onCursor && now - lastCursorSent.current > 50) {
      lastCursorSent.current = now;
      onCursor(p);
    }
    const d = drag.current;
    if (!d) return;
    switch (d.kind) {
      case 'pan':
        setVp({ ...d.startVp, x: d.startVp.x - (e.clientX - d.startScreen.x) / d.startVp.zoom, y: d.startVp.y - (e.clientY - d.startScreen.y) / d.startVp.zoom });
        return;
      case 'move': {
        const dx = p.x - d.start.x;
        const dy = p.y - d.start.y;
        if (!d.moved && Math.hypot(dx, dy) * vp.zoom < 3) return;
        d.moved = true;
        const moved = new Map<string, Shape>();
        for (const s of d.originals) moved.set(s.id, { ...s, x: snap(s.x + dx, grid), y: snap(s.y + dy, grid) });
        setOverrides(moved);
        // Peers see the drag at a bounded rate; the final position is sent on release.
        if (now - d.lastSent > DRAG_SEND_INTERVAL_MS) {
          d.lastSent = now;
          onOps([...moved.values()].map((s) => ({ kind: 'update', id: s.id, patch: { x: s.x, y: s.y } })));
        }
        return;
      }
      case 'resize': {
        const x = snap(p.x, grid);
        const y = snap(p.y, grid);
        const r = normalize({ x: d.anchor.x, y: d.anchor.y, w: x - d.anchor.x, h: y - d.anchor.y });
        setOverrides(new Map([[d.original.id, { ...d.original, x: r.x, y: r.y, w: Math.max(20, r.w), h: Math.max(20, r.h) }]]));
        return;
      }
      case 'create': {
        const r = normalize({ x: d.start.x, y: d.start.y, w: snap(p.x, grid) - d.start.x, h: snap(p.y, grid) - d.start.y });
        setDraft({ id: '__draft', type: d.type, ...r });
        return;
      }
      case 'arrow':
        setDraft({ id: '__draft', type: 'arrow', x: d.start.x, y: d.start.y, w: p.x - d.start.x, h: p.y - d.start.y });
        return;
      case 'pen': {
        const last = d.points[d.points.length - 1]!;
        const pt: [number, number, number?] = [p.x - d.origin.x, p.y - d.origin.y, e.pressure || undefined];
        if (Math.hypot(pt[0] - last[0], pt[1] - last[1]) * vp.zoom < 1.5 || d.points.length >= 4000) return;
        d.points.push(pt);
        setDraft({ id: '__draft', type: 'pen', x: d.origin.x, y: d.origin.y, w: 0, h: 0, points: [...d.points] });
        return;
      }
      case 'marquee': {
        const r = normalize({ x: d.start.x, y: d.start.y, w: p.x - d.start.x, h: p.y - d.start.y });
        setMarquee(r);
        const inside = new Set(d.base);
        for (const s of board.shapes.values()) if (intersects(r, shapeBounds(s, board))) inside.add(s.id);
        setSelection(inside);
        return;
      }
      case 'erase': {
        const hit = topShapeAt(board, p, tolerance);
        if (hit && !d.hits.has(hit.id)) {
          d.hits.add(hit.id);
          setErasing(new Set(d.hits));
        }
        return;
      }
    }
  };

  const onPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    pointers.current.delete(e.pointerId);
    if (pinch.current) {
      if (pointers.current.size < 2) pinch.current = null;
      return;
    }
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    const p = toWorld(e);
    switch (d.kind) {
      case 'move': {
        setOverrides(null);
        if (!d.moved) return;
        const dx = p.x - d.start.x;
        const dy = p.y - d.start.y;
        const ops: BoardOp[] = d.originals.map((s) => ({ kind: 'update', id: s.id, patch: { x: snap(s.x + dx, grid), y: snap(s.y + dy, grid) } }));
        // Undo returns the shapes to where the drag began, not to an intermediate update.
        history.current.record({ forward: ops, inverse: d.originals.map((s) => ({ kind: 'update', id: s.id, patch: { x: s.x, y: s.y } })) });
        onOps(ops);
        return;
      }
      case 'resize': {
        const o = overrides?.get(d.original.id);
        setOverrides(null);
        if (o) commit([{ kind: 'update', id: o.id, patch: { x: o.x, y: o.y, w: o.w, h: o.h } }]);
        return;
      }
      case 'create': {
        setDraft(null);
        let r = normalize({ x: d.start.x, y: d.start.y, w: snap(p.x, grid) - d.start.x, h: snap(p.y, grid) - d.start.y });
        if (r.w < 8 && r.h < 8) r = { x: d.start.x - 80, y: d.start.y - 40, w: 160, h: 80 };
        const shape: Shape = { id: newShapeId(), type: d.type, ...r };
        commit([{ kind: 'add', shape }]);
        setSelection(new Set([shape.id]));
        setTool('select');
        return;
      }
      case 'arrow': {
        setDraft(null);
        const to = topShapeAt(board, p, tolerance, { skipArrows: true, skip: d.from ? new Set([d.from]) : undefined });
        if (Math.hypot(p.x - d.start.x, p.y - d.start.y) * vp.zoom < 6 && !to) return;
        const shape: Shape = { id: newShapeId(), type: 'arrow', x: d.start.x, y: d.start.y, w: p.x - d.start.x, h: p.y - d.start.y };
        if (d.from) shape.from = d.from;
        if (to) shape.to = to.id;
        commit([{ kind: 'add', shape }]);
        setSelection(new Set([shape.id]));
        return;
      }
      case 'pen': {
        setDraft(null);
        if (d.points.length < 2) d.points.push([0.5, 0.5]);
        const xs = d.points.map((q) => q[0]);
        const ys = d.points.map((q) => q[1]);
        const shape: Shape = {
          id: newShapeId(),
          type: 'pen',
          x: d.origin.x,
          y: d.origin.y,
          w: Math.max(...xs) - Math.min(...xs),
          h: Math.max(...ys) - Math.min(...ys),
          points: d.points.map(([x, y, pr]) => (pr === undefined ? [round(x), round(y)] : [round(x), round(y), round(pr)])),
        };
        // One op per stroke, never one per pointer event.
        commit([{ kind: 'add', shape }]);
        return;
      }
      case 'marquee':
        setMarquee(null);
        return;
      case 'erase':
        setErasing(new Set());
        if (d.hits.size) commit([{ kind: 'delete', ids: [...d.hits].filter((id) => board.shapes.has(id)) }]);
        return;
      case 'text': {
        const shape: Shape = { id: newShapeId(), type: 'text', x: snap(d.start.x, grid), y: snap(d.start.y - 20, grid), w: 220, h: 40, text: '' };
        setDraft(shape);
        setEditing({ id: shape.id, text: '' });
        return;
      }
      case 'pan':
        return;
    }
  };

  const onDoubleClick = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!canEdit) return;
    const p = toWorld(e);
    const hit = topShapeAt(board, p, tolerance);
    if (hit && hit.type !== 'pen') {
      setSelection(new Set([hit.id]));
      setEditing({ id: hit.id, text: hit.text ?? (hit.component ? COMPONENTS[hit.component].label : '') });
    } else if (!hit) {
      const shape: Shape = { id: newShapeId(), type: 'text', x: snap(p.x - 110, grid), y: snap(p.y - 20, grid), w: 220, h: 40, text: '' };
      setDraft(shape);
      setEditing({ id: shape.id, text: '' });
    }
  };

  const onWheel = (e: React.WheelEvent) => {
    const r = wrapRef.current!.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) {
      setVp((v) => zoomAt(v, { x: e.clientX - r.left, y: e.clientY - r.top }, v.zoom * Math.exp(-e.deltaY * 0.0025)));
    } else {
      setVp((v) => ({ ...v, x: v.x + e.deltaX / v.zoom, y: v.y + e.deltaY / v.zoom }));
    }
  };

  // Ctrl+wheel must not zoom the page itself: React's onWheel is passive, so block it natively.
  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const block = (e: WheelEvent) => e.preventDefault();
    el.addEventListener('wheel', block, { passive: false });
    return () => el.removeEventListener('wheel', block);
  }, []);

  const finishEditing = (save: boolean, refocus = false) => {
    const ed = editing;
    // Refocusing the canvas blurs the editor, which would finish it a second time.
    if (!ed || finished.current === ed) return;
    finished.current = ed;
    setEditing(null);
    if (refocus) wrapRef.current?.focus({ preventScroll: true });
    const text = ed.text.replace(/\s+$/, '');
    if (draft && draft.id === ed.id) {
      setDraft(null);
      if (save && text) {
        const lines = text.split('\n');
        commit([{ kind: 'add', shape: { ...draft, text, w: Math.max(60, Math.max(...lines.map((l) => l.length)) * 9 + 20), h: lines.length * 20 + 20 } }]);
        setSelection(new Set([draft.id]));
      }
      setTool('select');
      return;
    }
    const s = board.shapes.get(ed.id);
    if (!save || !s || (s.text ?? '') === text) return;
    if (s.type === 'text' && !text) return commit([{ kind: 'delete', ids: [s.id] }]);
    commit([{ kind: 'update', id: s.id, patch: { text: text || null } }]);
  };

  // Follow a peer: keep their cursor in the middle of the view.
  const followed = follow ? cursors.find((c) => c.userId === follow) : undefined;
  useEffect(() => {
    if (!followed) return;
    const sp = worldToScreen(followed, vp);
    const mx = size.w * 0.2;
    const my = size.h * 0.2;
    if (sp.x < mx || sp.x > size.w - mx || sp.y < my || sp.y > size.h - my) {
      setVp((v) => ({ ...v, x: followed.x - size.w / 2 / v.zoom, y: followed.y - size.h / 2 / v.zoom }));
    }
  }, [followed?.x, followed?.y]); // eslint-disable-line react-hooks/exhaustive-deps

  // ---------------------------------------------------------------------------------------------
  // Render

  const editingShape = editing ? (draft?.id === editing.id ? draft : view.shapes.get(editing.id)) : null;
  const editRect = editingShape ? (() => {
    const b = shapeBounds(editingShape, view);
    const tl = worldToScreen({ x: b.x, y: b.y }, vp);
    return { left: tl.x, top: tl.y, width: Math.max(160, b.w * vp.zoom), height: Math.max(36, b.h * vp.zoom) };
  })() : null;
  const selectedBounds = [...selection].map((id) => view.shapes.get(id)).filter((s): s is Shape => !!s);
  const single = selectedBounds.length === 1 && selectedBounds[0]!.type !== 'arrow' && selectedBounds[0]!.type !== 'pen' ? selectedBounds[0]! : null;
  const gridSize = 20 * vp.zoom;

  return (
    <div className="whiteboard" data-tool={effectiveTool}>
      <div className="wb-toolbar" role="toolbar" aria-label="Whiteboard tools">
        {TOOLS.map((t) => {
          const disabled = !canEdit && t.id !== 'select' && t.id !== 'pan';
          return (
            <button
              key={t.id}
              className={`wb-tool ${effectiveTool === t.id ? 'active' : ''}`}
              aria-pressed={effectiveTool === t.id}
              aria-keyshortcuts={t.key.toUpperCase()}
              title={`${t.label} (${t.key.toUpperCase()})`}
              disabled={disabled}
              onClick={() => setTool(t.id)}
            >
              <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true"><path d={TOOL_ICONS[t.id]} /></svg>
              <span className="wb-tool-label">{t.label}</span>
              <kbd>{t.key.toUpperCase()}</kbd>
            </button>
          );
        })}
        <span className="wb-sep" />
        <button className="wb-tool" onClick={undo} disabled={!canEdit || !history.current.canUndo} title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">
          <span className="wb-tool-label">Undo</span>
        </button>
        <button className="wb-tool" onClick={redo} disabled={!canEdit || !history.current.canRedo} title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">
          <span className="wb-tool-label">Redo</span>
        </button>
        {selection.size > 0 && canEdit && (
          <>
            <span className="wb-sep" />
            <button className="wb-tool" onClick={() => pasteShapes(selected(), 20)} title="Duplicate (Ctrl+D)"><span className="wb-tool-label">Duplicate</span></button>
            <button className="wb-tool" onClick={() => reorder('front')} title="Bring to front (])"><span className="wb-tool-label">Front</span></button>
            <button className="wb-tool" onClick={() => reorder('back')} title="Send to back ([)"><span className="wb-tool-label">Back</span></button>
            <button className="wb-tool danger" onClick={deleteSelection} title="Delete (Del)"><span className="wb-tool-label">Delete</span></button>
          </>
        )}
        <span className="wb-spacer" />
        <button className="wb-tool" aria-pressed={grid} onClick={() => setGrid(!grid)} title="Grid and snapping (G)"><span className="wb-tool-label">Grid</span></button>
        <button className="wb-tool" aria-pressed={outlineOpen} onClick={() => setOutlineOpen(!outlineOpen)} title="Keyboard-friendly outline of the diagram"><span className="wb-tool-label">Outline</span></button>
        <button className="wb-tool" onClick={() => void exportAs('png')} title="Export as PNG"><span className="wb-tool-label">PNG</span></button>
        <button className="wb-tool" onClick={() => void exportAs('svg')} title="Export as SVG"><span className="wb-tool-label">SVG</span></button>
      </div>
      {notice && (
        <p className="wb-notice" role="status">
          {notice}
        </p>
      )}
      <div className="wb-body">
        {canEdit && (
          <div className="wb-palette" aria-label="Building blocks">
            {COMPONENT_KINDS.map((k) => (
              <button
                key={k}
                className="wb-block"
                draggable
                onDragStart={(e) => e.dataTransfer.setData('application/x-mockroom-component', k)}
                onClick={() => addComponent(k)}
                title={`Add ${COMPONENTS[k].label} (or drag it onto the board)`}
              >
                <ComponentIcon kind={k} />
                <span>{COMPONENTS[k].label}</span>
              </button>
            ))}
          </div>
        )}
        <div
          className="wb-canvas"
          ref={wrapRef}
          tabIndex={0}
          role="application"
          aria-label="Whiteboard canvas. Use the Outline button for a keyboard-friendly list of components and connections."
          onWheel={onWheel}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            const kind = e.dataTransfer.getData('application/x-mockroom-component') as ComponentKind;
            if (kind && (COMPONENT_KINDS as readonly string[]).includes(kind)) {
              e.preventDefault();
              addComponent(kind, toWorld(e));
            }
          }}
        >
          <svg
            ref={defsRef}
            className="wb-svg"
            width="100%"
            height="100%"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onDoubleClick={onDoubleClick}
            data-testid="board-svg"
          >
            <ArrowheadDefs />
            {grid && (
              <>
                <pattern id="wb-grid" width={gridSize} height={gridSize} patternUnits="userSpaceOnUse" x={-vp.x * vp.zoom} y={-vp.y * vp.zoom}>
                  <circle cx={1} cy={1} r={1} fill="var(--board-grid)" />
                </pattern>
                <rect width="100%" height="100%" fill="url(#wb-grid)" />
              </>
            )}
            <g transform={`scale(${vp.zoom}) translate(${-vp.x} ${-vp.y})`}>
              <g ref={layerRef} className="wb-layer">
                {view.order.map((id) => {
                  const s = view.shapes.get(id)!;
                  if (editing?.id === id && s.type === 'text') return null;
                  return <ShapeView key={id} s={s} board={s.type === 'arrow' ? view : EMPTY} ends={arrowKey(s, view)} />;
                })}
              </g>
              {draft && editing?.id !== draft.id && <g className="wb-draft"><ShapeView s={draft} board={view} /></g>}
              {[...erasing].map((id) => {
                const s = view.shapes.get(id);
                if (!s) return null;
                const b = shapeBounds(s, view);
                return <rect key={id} className="wb-erasing" x={b.x - 4} y={b.y - 4} width={b.w + 8} height={b.h + 8} />;
              })}
              {selectedBounds.map((s) => {
                const b = shapeBounds(s, view);
                return <rect key={s.id} className="wb-selection" x={b.x - 4} y={b.y - 4} width={b.w + 8} height={b.h + 8} strokeWidth={1.5 / vp.zoom} data-selected={s.id} />;
              })}
              {single && canEdit && (() => {
                const r = normalize(single);
                const hs = 8 / vp.zoom;
                return [[r.x, r.y], [r.x + r.w, r.y], [r.x, r.y + r.h], [r.x + r.w, r.y + r.h]].map(([x, y], i) => (
                  <rect key={i} className="wb-handle" x={x! - hs / 2} y={y! - hs / 2} width={hs} height={hs} strokeWidth={1.5 / vp.zoom} />
                ));
              })()}
              {marquee && <rect className="wb-marquee" x={marquee.x} y={marquee.y} width={marquee.w} height={marquee.h} strokeWidth={1 / vp.zoom} />}
              {cursors.map((c) => (
                <g key={c.userId} className="wb-cursor" transform={`translate(${c.x} ${c.y}) scale(${1 / vp.zoom})`} data-cursor={c.name}>
                  <path d="M0 0 L0 16 L4.5 12 L8 19 L10.5 18 L7 11 L13 11 Z" fill="var(--accent)" stroke="#fff" strokeWidth={1} />
                  <rect x={14} y={14} width={c.name.length * 7 + 10} height={18} rx={4} fill="var(--accent)" />
                  <text x={19} y={27} fontSize={12} fill="#fff">{c.name}</text>
                </g>
              ))}
            </g>
          </svg>
          {editing && editRect && (
            <textarea
              className="wb-editor"
              aria-label="Shape text"
              autoFocus
              style={{ left: editRect.left, top: editRect.top, width: editRect.width, height: editRect.height }}
              value={editing.text}
              maxLength={2000}
              onChange={(e) => setEditing({ ...editing, text: e.target.value })}
              onBlur={() => finishEditing(true)}
              onKeyDown={(e) => {
                // As in Excalidraw, Escape keeps what was typed.
                if (e.key === 'Escape') {
                  e.preventDefault();
                  finishEditing(true, true);
                } else if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  finishEditing(true, true);
                }
              }}
            />
          )}
          <div className="wb-zoom" role="group" aria-label="Zoom">
            <button className="btn small" onClick={() => zoomBy(1 / 1.2)} aria-label="Zoom out (-)">−</button>
            <button className="btn small" onClick={() => setVp((v) => zoomAt(v, { x: size.w / 2, y: size.h / 2 }, 1))} aria-label="Reset zoom (0)">{Math.round(vp.zoom * 100)}%</button>
            <button className="btn small" onClick={() => zoomBy(1.2)} aria-label="Zoom in (+)">+</button>
            <button className="btn small" onClick={fit} aria-label="Fit to content (Shift+1)">Fit</button>
          </div>
          {cursors.length > 0 && (
            <div className="wb-follow">
              {cursors.map((c) => (
                <button key={c.userId} className={`btn small ${follow === c.userId ? 'primary' : ''}`} aria-pressed={follow === c.userId} onClick={() => setFollow(follow === c.userId ? null : c.userId)}>
                  {follow === c.userId ? `Following ${c.name}` : `Follow ${c.name}`}
                </button>
              ))}
            </div>
          )}
          {board.order.length === 0 && canEdit && !draft && (
            <p className="wb-empty muted">Drag building blocks from the left, or pick a tool: R rectangle, A arrow, T text, P pen.</p>
          )}
        </div>
        {outlineOpen && <Outline board={view} canEdit={canEdit} onOps={commit} addComponent={addComponent} onClose={() => setOutlineOpen(false)} />}
      </div>
    </div>
  );
}

const EMPTY: Board = { shapes: new Map(), order: [] };

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function applicable(board: Board, op: BoardOp): boolean {
  switch (op.kind) {
    case 'add':
      return !board.shapes.has(op.shape.id);
    case 'update':
      return board.shapes.has(op.id);
    case 'delete':
    case 'reorder':
      return op.ids.every((id) => board.shapes.has(id));
  }
}

/** Recording inverses for a multi-op action needs each op applied in turn to a scratch board. */
function applyLocal(board: Board, op: BoardOp): void {
  applyBoardOp(board, op);
}
