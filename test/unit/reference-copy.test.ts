import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardFromShapes, boardShapes, type Shape } from '../../shared/board';
import { shapeBounds, unionBounds } from '../../web/board/geometry';
import { boardWithReference } from '../../web/review/reference-copy';

const reference = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../problems/boards/url-shortener.json'), 'utf8')) as { shapes: Shape[] }).shapes;
const mine: Shape[] = [
  { id: 'm1', type: 'component', component: 'client', x: -50, y: 100, w: 200, h: 64, text: 'Client' },
  { id: 'm2', type: 'component', component: 'app-service', x: 400, y: 300, w: 200, h: 64, text: 'API' },
  { id: 'm3', type: 'arrow', x: 50, y: 132, w: 450, h: 200, from: 'm1', to: 'm2' },
];

describe('boardWithReference', () => {
  it('copies the final board, adds every reference shape with ref- ids and rebinds its arrows', () => {
    const final = boardFromShapes(mine);
    const copy = boardWithReference(final, reference);
    expect(copy.shapes.size).toBe(mine.length + reference.length + 2); // plus two captions
    for (const s of reference) {
      const placed = copy.shapes.get(`ref-${s.id}`)!;
      expect(placed).toBeDefined();
      if (s.from) expect(placed.from).toBe(`ref-${s.from}`);
      if (s.to) expect(placed.to).toBe(`ref-${s.to}`);
    }
    for (const s of mine) expect(copy.shapes.get(s.id)).toEqual(s);
    // The final board itself is untouched: the copy is a copy.
    expect(boardShapes(final)).toEqual(mine);
  });

  it('places the reference entirely to the right of the candidate’s design, top-aligned', () => {
    const final = boardFromShapes(mine);
    const copy = boardWithReference(final, reference);
    const bounds = (ids: string[]) => unionBounds(ids.map((id) => shapeBounds(copy.shapes.get(id)!, copy)))!;
    const theirs = bounds(mine.map((s) => s.id));
    const ref = bounds(reference.map((s) => `ref-${s.id}`));
    expect(ref.x).toBeGreaterThan(theirs.x + theirs.w);
    expect(ref.y).toBeCloseTo(theirs.y, 0);
  });

  it('on an empty board, shows only the reference under its caption', () => {
    const copy = boardWithReference(boardFromShapes([]), reference);
    expect(copy.shapes.size).toBe(reference.length + 1);
    expect(copy.shapes.get('ref-caption-reference')?.text).toBe('Reference design');
  });
});
