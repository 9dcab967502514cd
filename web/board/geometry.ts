/**
 * Pure geometry for the whiteboard: bounds, hit tests, where a bound arrow meets its shapes, snapping.
 * World coordinates throughout; the viewport maps them to the screen.
 */
import type { Board, Shape } from '../../shared/board';

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Viewport {
  /** World coordinate at the screen's top-left. */
  x: number;
  y: number;
  zoom: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;
export const GRID = 20;
/** Height of a frame's title, drawn above its top edge. */
export const FRAME_TITLE = 22;

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

export function screenToWorld(p: Point, vp: Viewport): Point {
  return { x: vp.x + p.x / vp.zoom, y: vp.y + p.y / vp.zoom };
}

export function worldToScreen(p: Point, vp: Viewport): Point {
  return { x: (p.x - vp.x) * vp.zoom, y: (p.y - vp.y) * vp.zoom };
}

/** Zooms around a screen point so the world point under it stays put. */
export function zoomAt(vp: Viewport, screen: Point, nextZoom: number): Viewport {
  const zoom = clampZoom(nextZoom);
  const world = screenToWorld(screen, vp);
  return { zoom, x: world.x - screen.x / zoom, y: world.y - screen.y / zoom };
}

/** A rect with non-negative size (shapes may be drawn right-to-left). */
export function normalize(r: Rect): Rect {
  return {
    x: r.w < 0 ? r.x + r.w : r.x,
    y: r.h < 0 ? r.y + r.h : r.y,
    w: Math.abs(r.w),
    h: Math.abs(r.h),
  };
}

export function center(r: Rect): Point {
  const n = normalize(r);
  return { x: n.x + n.w / 2, y: n.y + n.h / 2 };
}

export function snap(v: number, on: boolean): number {
  return on ? Math.round(v / GRID) * GRID : v;
}

/** The two ends of an arrow, following the shapes it is bound to. */
export function arrowEnds(arrow: Shape, board: Board): { start: Point; end: Point } {
  const rawStart = { x: arrow.x, y: arrow.y };
  const rawEnd = { x: arrow.x + arrow.w, y: arrow.y + arrow.h };
  const from = arrow.from ? board.shapes.get(arrow.from) : undefined;
  const to = arrow.to ? board.shapes.get(arrow.to) : undefined;
  const startAim = to ? center(to) : rawEnd;
  const endAim = from ? center(from) : rawStart;
  const start = from ? boundaryPoint(from, startAim) : rawStart;
  const end = to ? boundaryPoint(to, from ? start : endAim) : rawEnd;
  return { start, end };
}

/** Where the segment from the shape's centre towards `toward` leaves the shape's outline. */
export function boundaryPoint(s: Shape, toward: Point): Point {
  const r = normalize(s);
  const c = { x: r.x + r.w / 2, y: r.y + r.h / 2 };
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const hw = r.w / 2 + 4;
  const hh = r.h / 2 + 4;
  let t: number;
  if (s.type === 'ellipse') {
    t = 1 / Math.sqrt((dx * dx) / (hw * hw) + (dy * dy) / (hh * hh));
  } else if (s.type === 'diamond') {
    t = 1 / (Math.abs(dx) / hw + Math.abs(dy) / hh);
  } else {
    t = Math.min(hw / Math.abs(dx || 1e-9), hh / Math.abs(dy || 1e-9));
  }
  t = Math.min(t, 1);
  return { x: c.x + dx * t, y: c.y + dy * t };
}

export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Bounds of any shape, arrows and strokes included. */
export function shapeBounds(s: Shape, board: Board): Rect {
  if (s.type === 'arrow') {
    const { start, end } = arrowEnds(s, board);
    const line = normalize({ x: start.x, y: start.y, w: end.x - start.x, h: end.y - start.y });
    // The label sits beside the line: export and fit must include it.
    return s.text ? unionBounds([line, arrowLabelBox(start, end, s.text)])! : line;
  }
  if (s.type === 'pen' && s.points?.length) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [px, py] of s.points) {
      minX = Math.min(minX, px);
      minY = Math.min(minY, py);
      maxX = Math.max(maxX, px);
      maxY = Math.max(maxY, py);
    }
    return { x: s.x + minX, y: s.y + minY, w: maxX - minX, h: maxY - minY };
  }
  if (s.type === 'frame') {
    const r = normalize(s);
    return { x: r.x, y: r.y - FRAME_TITLE, w: r.w, h: r.h + FRAME_TITLE };
  }
  return normalize(s);
}

/** Is the world point on the shape (with a tolerance in world units for thin things)? */
export function hitTest(s: Shape, board: Board, p: Point, tolerance: number): boolean {
  if (s.type === 'arrow') {
    const { start, end } = arrowEnds(s, board);
    return distanceToSegment(p, start, end) <= tolerance + 2;
  }
  if (s.type === 'pen' && s.points?.length) {
    const pts = s.points;
    for (let i = 1; i < pts.length; i++) {
      const a = { x: s.x + pts[i - 1]![0], y: s.y + pts[i - 1]![1] };
      const b = { x: s.x + pts[i]![0], y: s.y + pts[i]![1] };
      if (distanceToSegment(p, a, b) <= tolerance + 3) return true;
    }
    return pts.length === 1 && Math.hypot(p.x - s.x - pts[0]![0], p.y - s.y - pts[0]![1]) <= tolerance + 3;
  }
  const r = normalize(s);
  if (s.type === 'frame') {
    // A frame is picked by its title or its edge; inside it, clicks reach what it holds (or marquee).
    const inTitle = p.x >= r.x - tolerance && p.x <= r.x + Math.max(r.w, 120) && p.y >= r.y - FRAME_TITLE - tolerance && p.y <= r.y;
    const nearX = Math.min(Math.abs(p.x - r.x), Math.abs(p.x - r.x - r.w)) <= tolerance && p.y >= r.y - tolerance && p.y <= r.y + r.h + tolerance;
    const nearY = Math.min(Math.abs(p.y - r.y), Math.abs(p.y - r.y - r.h)) <= tolerance && p.x >= r.x - tolerance && p.x <= r.x + r.w + tolerance;
    return inTitle || nearX || nearY;
  }
  return p.x >= r.x - tolerance && p.x <= r.x + r.w + tolerance && p.y >= r.y - tolerance && p.y <= r.y + r.h + tolerance;
}

/** The topmost shape under the point (last painted wins), optionally skipping arrows. */
export function topShapeAt(board: Board, p: Point, tolerance: number, opts: { skipArrows?: boolean; skip?: Set<string> } = {}): Shape | undefined {
  for (let i = board.order.length - 1; i >= 0; i--) {
    const s = board.shapes.get(board.order[i]!)!;
    if (opts.skip?.has(s.id)) continue;
    if (opts.skipArrows && (s.type === 'arrow' || s.type === 'pen')) continue;
    if (hitTest(s, board, p, tolerance)) return s;
  }
  return undefined;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function unionBounds(rects: Rect[]): Rect | null {
  if (!rects.length) return null;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.w);
    maxY = Math.max(maxY, r.y + r.h);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** A viewport that shows every shape with a margin, for "fit to content". */
export function fitViewport(board: Board, screen: { w: number; h: number }, margin = 40): Viewport {
  const b = unionBounds([...board.shapes.values()].map((s) => shapeBounds(s, board)));
  if (!b || b.w === 0 && b.h === 0) return { x: (b?.x ?? 0) - screen.w / 2, y: (b?.y ?? 0) - screen.h / 2, zoom: 1 };
  const zoom = clampZoom(Math.min((screen.w - margin * 2) / Math.max(b.w, 1), (screen.h - margin * 2) / Math.max(b.h, 1), 2));
  return { zoom, x: b.x + b.w / 2 - screen.w / 2 / zoom, y: b.y + b.h / 2 - screen.h / 2 / zoom };
}

/** Font size and padding of an arrow's label; the text width is estimated (no DOM to measure). */
export const ARROW_LABEL_FONT = 13;
export function arrowLabelBox(start: Point, end: Point, text: string): Rect {
  const w = text.length * ARROW_LABEL_FONT * 0.56 + 12;
  const h = 22;
  const mid = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len = Math.hypot(dx, dy);
  // Beside the line, never on it: shift along the normal that points up (or right for a vertical
  // line) far enough that the box's nearest corner clears the stroke.
  let nx = len ? -dy / len : 0;
  let ny = len ? dx / len : -1;
  if (ny > 0 || (ny === 0 && nx < 0)) {
    nx = -nx;
    ny = -ny;
  }
  const gap = Math.abs(nx) * (w / 2) + Math.abs(ny) * (h / 2) + 4;
  return { x: mid.x + nx * gap - w / 2, y: mid.y + ny * gap - h / 2, w, h };
}
