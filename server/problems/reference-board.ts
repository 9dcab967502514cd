/**
 * A problem's reference design as a board document (problems/boards/<slug>.json): the same shapes as
 * the whiteboard (shared/board.ts), validated with the same schema and applied with the same
 * `applyBoardOp`, plus rules that keep it a readable diagram. Pure: the caller reads the file.
 */
import { z } from 'zod';
import { applyBoardOp, emptyBoard, shapeSchema, type Shape } from '../../shared/board';
import { ProblemFileError } from './parse-problem';

export const MIN_REFERENCE_COMPONENTS = 6;
export const MIN_REFERENCE_ARROWS = 5;
/** Space kept clear around each component, so boxes never touch. */
const GAP = 20;

export const referenceBoardSchema = z.object({ shapes: z.array(shapeSchema).min(1).max(200) }).strict();
export type ReferenceBoard = z.infer<typeof referenceBoardSchema>;

type Box = { x: number; y: number; w: number; h: number };

function boxOf(s: Shape): Box {
  return { x: Math.min(s.x, s.x + s.w), y: Math.min(s.y, s.y + s.h), w: Math.abs(s.w), h: Math.abs(s.h) };
}

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/** Whether the segment p→q passes through the box (Liang-Barsky clipping). */
function segmentCrossesBox(p: { x: number; y: number }, q: { x: number; y: number }, b: Box): boolean {
  return clip(p, q, b) !== null;
}

/** The part [t0, t1] of the segment p→q (t in 0..1) inside the box, or null. */
function clip(p: { x: number; y: number }, q: { x: number; y: number }, b: Box): [number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const edges: [number, number][] = [
    [-dx, p.x - b.x],
    [dx, b.x + b.w - p.x],
    [-dy, p.y - b.y],
    [dy, b.y + b.h - p.y],
  ];
  for (const [pp, qq] of edges) {
    if (pp === 0) {
      if (qq < 0) return null;
    } else {
      const t = qq / pp;
      if (pp < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return null;
    }
  }
  return [t0, t1];
}

/** Width the renderer gives an arrow's label (web/board/shapes.tsx: 7.2 px a character plus padding). */
export function arrowLabelWidth(text: string): number {
  return text.length * 7.2 + 12;
}

/** Parses and checks a reference board; every failure names the file, the shape and the rule. */
export function parseReferenceBoard(file: string, source: string): ReferenceBoard {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (err) {
    throw new ProblemFileError(file, 'board', `invalid JSON: ${(err as Error).message}`);
  }
  const parsed = referenceBoardSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ProblemFileError(file, issue.path.length ? issue.path.join('.') : 'board', issue.message);
  }
  const { shapes } = parsed.data;
  const board = emptyBoard();
  shapes.forEach((s, i) => {
    const r = applyBoardOp(board, { kind: 'add', shape: s });
    if (!r.ok) throw new ProblemFileError(file, `shapes.${i} (${s.id})`, r.message);
  });

  const components = shapes.filter((s) => s.type === 'component');
  const arrows = shapes.filter((s) => s.type === 'arrow');
  if (components.length < MIN_REFERENCE_COMPONENTS) {
    throw new ProblemFileError(file, 'shapes', `needs at least ${MIN_REFERENCE_COMPONENTS} building-block components, found ${components.length}`);
  }
  for (const c of components) {
    if (!c.text?.trim()) throw new ProblemFileError(file, `shapes (${c.id})`, 'a component needs a label (text) saying what it is in this design');
  }
  const bound = arrows.filter((a) => a.from && a.to);
  const loose = arrows.find((a) => !a.from || !a.to);
  if (loose) throw new ProblemFileError(file, `shapes (${loose.id})`, 'an arrow must be bound to a shape at both ends (from and to)');
  if (bound.length < MIN_REFERENCE_ARROWS) {
    throw new ProblemFileError(file, 'shapes', `needs at least ${MIN_REFERENCE_ARROWS} arrows bound to shapes, found ${bound.length}`);
  }
  // Readable: components never overlap, and no arrow runs through a component it does not connect.
  for (let i = 0; i < components.length; i++) {
    for (let j = i + 1; j < components.length; j++) {
      if (overlaps(boxOf(components[i]!), boxOf(components[j]!), GAP)) {
        throw new ProblemFileError(file, `shapes (${components[i]!.id}, ${components[j]!.id})`, `components overlap or are closer than ${GAP}px`);
      }
    }
  }
  const byId = new Map(shapes.map((s) => [s.id, s]));
  for (const a of bound) {
    const p = centre(boxOf(byId.get(a.from!)!));
    const q = centre(boxOf(byId.get(a.to!)!));
    const hit = components.find((c) => c.id !== a.from && c.id !== a.to && segmentCrossesBox(p, q, boxOf(c)));
    if (hit) throw new ProblemFileError(file, `shapes (${a.id})`, `the arrow runs through "${hit.text ?? hit.id}"; move one of them`);
    if (a.text) {
      // The visible part of the arrow runs from where it leaves its source to where it enters its target.
      const leaves = clip(p, q, boxOf(byId.get(a.from!)!))?.[1] ?? 0;
      const enters = clip(p, q, boxOf(byId.get(a.to!)!))?.[0] ?? 1;
      const free = Math.max(0, enters - leaves) * Math.hypot(q.x - p.x, q.y - p.y);
      if (free < arrowLabelWidth(a.text) + 8) {
        throw new ProblemFileError(file, `shapes (${a.id})`, `the label "${a.text}" (${Math.round(arrowLabelWidth(a.text))}px) does not fit the ${Math.round(free)}px of visible arrow; shorten it or space the shapes out`);
      }
    }
  }
  return parsed.data;
}
