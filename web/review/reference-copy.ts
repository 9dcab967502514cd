/** The review's scratch copy: the candidate's final board with the reference design beside it. Pure. */
import { applyBoardOp, boardFromShapes, cloneBoard, type Board, type Shape } from '../../shared/board';
import { shapeBounds, unionBounds } from '../board/geometry';

const GAP = 240;

/**
 * A copy of the candidate's final board with the reference design placed to its right, each under a
 * caption. Reference shapes get a `ref-` prefix so they never collide with the candidate's ids.
 */
export function boardWithReference(final: Board, reference: Shape[]): Board {
  const mine = unionBounds([...final.shapes.values()].map((s) => shapeBounds(s, final))) ?? { x: 0, y: 0, w: 0, h: 0 };
  const refBoard = boardFromShapes(reference);
  const ref = unionBounds(reference.map((s) => shapeBounds(s, refBoard))) ?? { x: 0, y: 0, w: 0, h: 0 };
  const dx = mine.x + mine.w + (final.shapes.size ? GAP : 0) - ref.x;
  const dy = mine.y - ref.y;
  const copy = cloneBoard(final);
  const caption = (id: string, x: number, y: number, text: string): Shape => ({ id, type: 'text', x, y: y - 70, w: 320, h: 40, text, style: { fontSize: 22 } });
  const add = (shape: Shape) => applyBoardOp(copy, { kind: 'add', shape });
  if (final.shapes.size) add(caption('ref-caption-mine', mine.x, mine.y, 'Candidate’s final board'));
  add(caption('ref-caption-reference', ref.x + dx, ref.y + dy, 'Reference design'));
  for (const s of reference) {
    add({
      ...s,
      id: `ref-${s.id}`,
      x: s.x + dx,
      y: s.y + dy,
      ...(s.from ? { from: `ref-${s.from}` } : {}),
      ...(s.to ? { to: `ref-${s.to}` } : {}),
    });
  }
  return copy;
}

