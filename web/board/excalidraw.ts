/**
 * `.excalidraw` files, both ways. Our shapes map onto Excalidraw's elements (rectangle, ellipse,
 * diamond, text, arrow, freedraw, frame; labels as bound text elements), so a diagram opens in
 * Excalidraw as drawn. Each element also carries our own fields in `customData.mockroom`, so a file
 * exported here comes back exactly; a file drawn in Excalidraw is mapped from its own fields.
 * Import only produces shapes: they enter the board as ordinary ops (budgets and validation apply).
 * What has no counterpart here is said, not dropped: an Excalidraw group becomes a frame around its
 * members (our frames are what groups and moves shapes together) when that frame would hold nothing
 * else, and an image becomes a dashed placeholder of its size saying it was not imported.
 */
import { boardFromShapes, COMPONENT_KINDS, shapeSchema, type Board, type Shape, type ShapeStyle } from '../../shared/board';
import { contains, shapeBounds, unionBounds } from './geometry';
import { INK } from './palette';

type El = Record<string, unknown> & { id: string; type: string };

export interface ExcalidrawFile {
  type: 'excalidraw';
  version: 2;
  source: string;
  elements: El[];
  appState: { viewBackgroundColor: string; gridSize: number | null };
  files: Record<string, never>;
}

const TYPE_OUT: Record<Shape['type'], string> = { rect: 'rectangle', ellipse: 'ellipse', diamond: 'diamond', text: 'text', arrow: 'arrow', pen: 'freedraw', component: 'rectangle', sticky: 'rectangle', frame: 'frame' };

function base(s: Shape, type: string, i: number): El {
  const style = s.style ?? {};
  return {
    id: s.id,
    type,
    x: s.x,
    y: s.y,
    width: s.w,
    height: s.h,
    angle: 0,
    strokeColor: style.stroke ?? INK,
    backgroundColor: style.fill && style.fill !== 'transparent' ? style.fill : 'transparent',
    fillStyle: 'solid',
    strokeWidth: style.strokeWidth ?? 2,
    strokeStyle: style.strokeStyle ?? (style.dashed ? 'dashed' : 'solid'),
    roughness: 0,
    opacity: 100,
    groupIds: [],
    frameId: null,
    roundness: type === 'rectangle' ? { type: 3 } : null,
    seed: 1000 + i,
    version: 1,
    versionNonce: 0,
    isDeleted: false,
    boundElements: [] as { id: string; type: string }[],
    updated: 0,
    link: null,
    locked: false,
  };
}

function textEl(id: string, text: string, box: { x: number; y: number; w: number; h: number }, containerId: string | null, i: number, fontSize = 16): El {
  const lines = text.split('\n');
  const height = lines.length * fontSize * 1.25;
  return {
    ...base({ id, type: 'text', x: box.x, y: box.y + box.h / 2 - height / 2, w: box.w, h: height }, 'text', i),
    text,
    originalText: text,
    fontSize,
    fontFamily: 2,
    textAlign: 'center',
    verticalAlign: 'middle',
    containerId,
    lineHeight: 1.25,
    autoResize: true,
  };
}

export function toExcalidraw(board: Board): ExcalidrawFile {
  const elements: El[] = [];
  const frames = [...board.shapes.values()].filter((s) => s.type === 'frame');
  board.order.forEach((id, i) => {
    const s = board.shapes.get(id)!;
    const el = base(s, TYPE_OUT[s.type], i);
    const { id: _id, ...ours } = s;
    void _id;
    el.customData = { mockroom: ours };
    const frame = frames.find((f) => f.id !== s.id && s.type !== 'frame' && s.x >= f.x && s.y >= f.y && s.x + s.w <= f.x + f.w && s.y + s.h <= f.y + f.h);
    if (frame) el.frameId = frame.id;
    if (s.type === 'frame') el.name = s.text ?? 'Frame';
    if (s.type === 'sticky') el.backgroundColor = s.style?.fill && s.style.fill !== 'transparent' ? s.style.fill : '#ffec99';
    if (s.type === 'arrow') {
      el.points = [[0, 0], [s.w, s.h]];
      const heads = s.style?.arrowheads ?? 'end';
      el.startArrowhead = heads === 'start' || heads === 'both' ? 'arrow' : null;
      el.endArrowhead = heads === 'end' || heads === 'both' ? 'arrow' : null;
      el.startBinding = s.from ? { elementId: s.from, focus: 0, gap: 4 } : null;
      el.endBinding = s.to ? { elementId: s.to, focus: 0, gap: 4 } : null;
      el.lastCommittedPoint = null;
    }
    if (s.type === 'pen') {
      el.points = (s.points ?? []).map(([x, y]) => [x, y]);
      el.pressures = (s.points ?? []).map((p) => p[2] ?? 0.5);
      el.simulatePressure = (s.points ?? []).every((p) => p[2] === undefined);
    }
    if (s.type === 'text') {
      Object.assign(el, textEl(s.id, s.text ?? '', s, null, i, s.style?.fontSize ?? 16), { customData: { mockroom: ours } });
      elements.push(el);
      return;
    }
    elements.push(el);
    // Labels: Excalidraw keeps them as text elements bound to their container.
    if (s.text && s.type !== 'frame' && s.type !== 'pen') {
      const tid = `${s.id}-label`;
      (el.boundElements as { id: string; type: string }[]).push({ id: tid, type: 'text' });
      elements.push(textEl(tid, s.text, s, s.id, i, s.type === 'arrow' ? 13 : (s.style?.fontSize ?? 16)));
    }
  });
  // Bound arrows are listed on the shapes they bind, as Excalidraw expects.
  const byId = new Map(elements.map((e) => [e.id, e]));
  for (const s of board.shapes.values()) {
    if (s.type !== 'arrow') continue;
    for (const end of [s.from, s.to]) {
      if (end) (byId.get(end)?.boundElements as { id: string; type: string }[] | undefined)?.push({ id: s.id, type: 'arrow' });
    }
  }
  return { type: 'excalidraw', version: 2, source: 'mockroom', elements, appState: { viewBackgroundColor: '#ffffff', gridSize: null }, files: {} };
}

const HEX = /^#[0-9a-fA-F]{6}$/;

function styleFrom(el: El, type: Shape['type']): ShapeStyle | undefined {
  const style: ShapeStyle = {};
  const stroke = typeof el.strokeColor === 'string' ? el.strokeColor.toLowerCase() : '';
  if (HEX.test(stroke) && stroke !== INK && stroke !== '#000000') style.stroke = stroke;
  const bg = typeof el.backgroundColor === 'string' ? el.backgroundColor.toLowerCase() : '';
  if (HEX.test(bg) && type !== 'arrow' && type !== 'text' && type !== 'pen') style.fill = bg;
  if (typeof el.strokeWidth === 'number' && el.strokeWidth !== 2 && el.strokeWidth >= 0.5 && el.strokeWidth <= 32) style.strokeWidth = el.strokeWidth;
  if (el.strokeStyle === 'dashed' || el.strokeStyle === 'dotted') style.strokeStyle = el.strokeStyle;
  if (type === 'arrow') {
    const start = !!el.startArrowhead;
    const end = !!el.endArrowhead;
    const heads = start && end ? 'both' : start ? 'start' : end ? 'end' : 'none';
    if (heads !== 'end') style.arrowheads = heads;
  }
  if (type === 'text' && typeof el.fontSize === 'number' && el.fontSize !== 16 && el.fontSize >= 6 && el.fontSize <= 200) style.fontSize = el.fontSize;
  return Object.keys(style).length ? style : undefined;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) / 100 : 0);

export interface ExcalidrawImport {
  /** In paint order, each checked against the shape schema. */
  shapes: Shape[];
  /** Elements that could not be read (unknown types, invalid shapes). */
  skipped: number;
  /** Images, each replaced by a placeholder. */
  images: number;
  /** Groups that became frames, and groups left as loose shapes (a frame there would hold others too). */
  groups: { framed: number; loose: number };
}

/** The placeholder's text, and its colour (orange, dashed: plainly not part of the design). */
export const IMAGE_PLACEHOLDER = 'Image not imported';
const PLACEHOLDER_STROKE = '#e8590c';
/** Room around a group's members inside the frame made for it (the frame's title sits above). */
const GROUP_PAD = 16;

/** Shapes from a `.excalidraw` file, in paint order, each checked against the shape schema. */
export function fromExcalidraw(json: unknown): ExcalidrawImport {
  const file = json as Partial<ExcalidrawFile> | null;
  if (!file || file.type !== 'excalidraw' || !Array.isArray(file.elements)) throw new Error('This is not an Excalidraw file.');
  const elements = (file.elements as El[]).filter((e) => e && typeof e === 'object' && typeof e.id === 'string' && !e.isDeleted);
  const labels = new Map<string, string>();
  for (const e of elements) if (e.type === 'text' && typeof e.containerId === 'string' && typeof e.text === 'string') labels.set(e.containerId, e.text);
  const shapes: Shape[] = [];
  let skipped = 0;
  let images = 0;
  /** Imported shape ids by their element's outermost Excalidraw group. */
  const grouped = new Map<string, string[]>();
  const idOf = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'x';
  for (const e of elements) {
    if (e.type === 'text' && typeof e.containerId === 'string') continue; // a label, folded into its container
    const ours = (e.customData as { mockroom?: Record<string, unknown> } | undefined)?.mockroom;
    let candidate: unknown;
    if (ours) {
      candidate = { ...ours, id: idOf(e.id) };
    } else if (e.type === 'image') {
      images++;
      candidate = { id: idOf(e.id), type: 'rect', x: num(e.x), y: num(e.y), w: num(e.width) || 160, h: num(e.height) || 90, text: IMAGE_PLACEHOLDER, style: { stroke: PLACEHOLDER_STROKE, strokeStyle: 'dashed' } };
    } else {
      const type = ({ rectangle: 'rect', ellipse: 'ellipse', diamond: 'diamond', text: 'text', arrow: 'arrow', line: 'arrow', freedraw: 'pen', frame: 'frame', magicframe: 'frame' } as Record<string, Shape['type']>)[e.type];
      if (!type) {
        skipped++;
        continue;
      }
      const s: Record<string, unknown> = { id: idOf(e.id), type, x: num(e.x), y: num(e.y), w: num(e.width), h: num(e.height) };
      const style = styleFrom(e, type);
      if (e.type === 'line' && style?.arrowheads === undefined) s.style = { ...style, arrowheads: 'none' };
      else if (style) s.style = style;
      const text = type === 'text' ? e.text : type === 'frame' ? e.name : labels.get(e.id);
      if (typeof text === 'string' && text) s.text = text.slice(0, 2000);
      if (type === 'arrow') {
        const pts = Array.isArray(e.points) ? (e.points as number[][]) : [];
        const last = pts[pts.length - 1] ?? [num(e.width), num(e.height)];
        s.w = num(last[0]);
        s.h = num(last[1]);
        const from = (e.startBinding as { elementId?: string } | null)?.elementId;
        const to = (e.endBinding as { elementId?: string } | null)?.elementId;
        if (from) s.from = idOf(from);
        if (to) s.to = idOf(to);
      }
      if (type === 'pen') {
        const pts = Array.isArray(e.points) ? (e.points as number[][]) : [];
        const pressures = Array.isArray(e.pressures) ? (e.pressures as number[]) : [];
        s.points = pts.slice(0, 5000).map(([x, y], i) => (pressures[i] !== undefined && !e.simulatePressure ? [num(x), num(y), Math.min(1, Math.max(0, num(pressures[i])))] : [num(x), num(y)]));
      }
      candidate = s;
    }
    const parsed = shapeSchema.safeParse(candidate);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    shapes.push(parsed.data);
    // Excalidraw lists an element's groups innermost first: the outermost is the one that moves it.
    const groupIds = Array.isArray(e.groupIds) ? (e.groupIds as unknown[]).filter((g): g is string => typeof g === 'string') : [];
    const outer = groupIds[groupIds.length - 1];
    if (outer && parsed.data.type !== 'frame') grouped.set(outer, [...(grouped.get(outer) ?? []), parsed.data.id]);
  }
  // Drop bindings to shapes that did not come along; a component needs its kind.
  const ids = new Set(shapes.map((s) => s.id));
  for (const s of shapes) {
    if (s.from && !ids.has(s.from)) delete s.from;
    if (s.to && !ids.has(s.to)) delete s.to;
    if (s.type === 'component' && !(COMPONENT_KINDS as readonly string[]).includes(s.component ?? '')) s.type = 'rect';
  }
  const groups = framesForGroups(shapes, grouped, ids);
  return { shapes, skipped, images, groups };
}

/**
 * Each Excalidraw group of two or more shapes becomes a frame around them, inserted behind its first
 * member, unless that frame would also hold a shape outside the group (our frames group by what lies
 * inside them): such a group stays loose shapes, and is counted.
 */
function framesForGroups(shapes: Shape[], grouped: Map<string, string[]>, ids: Set<string>): ExcalidrawImport['groups'] {
  const out = { framed: 0, loose: 0 };
  const board = boardFromShapes(shapes);
  for (const [group, members] of grouped) {
    if (members.length < 2) continue;
    const inGroup = new Set(members);
    const box = unionBounds(members.map((id) => shapeBounds(board.shapes.get(id)!, board)))!;
    const frame: Shape = { id: '', type: 'frame', x: box.x - GROUP_PAD, y: box.y - GROUP_PAD, w: box.w + 2 * GROUP_PAD, h: box.h + 2 * GROUP_PAD, text: `Group ${out.framed + 1}` };
    const catches = shapes.some((s) => !inGroup.has(s.id) && contains(frame, shapeBounds(s, board)));
    if (catches) {
      out.loose++;
      continue;
    }
    let id = `group-${group.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
    while (ids.has(id)) id = `${id.slice(0, 60)}-${ids.size}`;
    ids.add(id);
    const parsed = shapeSchema.safeParse({ ...frame, id });
    if (!parsed.success) {
      out.loose++;
      continue;
    }
    shapes.splice(shapes.findIndex((s) => inGroup.has(s.id)), 0, parsed.data);
    out.framed++;
  }
  return out;
}

/** What an import did, in a sentence for the board's note. */
export function importSummary(r: ExcalidrawImport): string {
  const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const parts = [`Imported ${plural(r.shapes.length, 'shape')}`];
  if (r.groups.framed) parts.push(`${plural(r.groups.framed, 'group')} became ${r.groups.framed === 1 ? 'a frame' : 'frames'}`);
  if (r.groups.loose) parts.push(`${plural(r.groups.loose, 'group')} stayed loose shapes (a frame there would hold others too)`);
  if (r.images) parts.push(`${plural(r.images, 'image')} not imported: a dashed box marks where ${r.images === 1 ? 'it was' : 'they were'}`);
  if (r.skipped) parts.push(`${plural(r.skipped, 'element')} could not be read`);
  return `${parts.join('; ')}.`;
}
