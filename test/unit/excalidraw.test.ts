import { describe, expect, it } from 'vitest';
import { boardFromShapes, type Shape } from '../../shared/board';
import { fromExcalidraw, toExcalidraw } from '../../web/board/excalidraw';

const shapes: Shape[] = [
  { id: 'f', type: 'frame', x: -20, y: -20, w: 600, h: 300, text: 'us-east' },
  { id: 'lb', type: 'component', component: 'load-balancer', x: 0, y: 0, w: 180, h: 60, text: 'LB' },
  { id: 'db', type: 'rect', x: 300, y: 0, w: 120, h: 80, text: 'DB', style: { stroke: '#e03131', fill: '#2f9e44', strokeStyle: 'dashed' } },
  { id: 'a', type: 'arrow', x: 0, y: 0, w: 10, h: 0, from: 'lb', to: 'db', text: 'writes', style: { arrowheads: 'both', strokeStyle: 'dotted' } },
  { id: 'n', type: 'sticky', x: 0, y: 400, w: 160, h: 160, text: 'idea' },
  { id: 't', type: 'text', x: 0, y: 600, w: 100, h: 40, text: 'hello' },
  { id: 'p', type: 'pen', x: 5, y: 5, w: 10, h: 10, points: [[0, 0], [10, 10]] },
];

describe('.excalidraw files', () => {
  it('round-trips our shapes exactly', () => {
    const file = JSON.parse(JSON.stringify(toExcalidraw(boardFromShapes(shapes))));
    expect(file.type).toBe('excalidraw');
    expect(fromExcalidraw(file)).toEqual({ shapes, skipped: 0 });
  });

  it('writes elements Excalidraw understands: types, bound labels, bindings, arrowheads, frames', () => {
    const file = toExcalidraw(boardFromShapes(shapes));
    const byId = new Map(file.elements.map((e) => [e.id, e]));
    expect(byId.get('lb')!.type).toBe('rectangle');
    expect(byId.get('lb-label')).toMatchObject({ type: 'text', containerId: 'lb', text: 'LB' });
    expect(byId.get('a')).toMatchObject({ type: 'arrow', startBinding: { elementId: 'lb' }, endBinding: { elementId: 'db' }, startArrowhead: 'arrow', endArrowhead: 'arrow', strokeStyle: 'dotted' });
    expect(byId.get('f')).toMatchObject({ type: 'frame', name: 'us-east' });
    expect(byId.get('db')!.frameId).toBe('f');
    expect(byId.get('p')!.type).toBe('freedraw');
  });

  it('reads a file drawn in Excalidraw (no customData): labels, bindings, lines, unknown elements skipped', () => {
    const file = {
      type: 'excalidraw',
      version: 2,
      elements: [
        { id: 'r1', type: 'rectangle', x: 0, y: 0, width: 100, height: 50, strokeColor: '#1971c2', backgroundColor: 'transparent', strokeWidth: 2, strokeStyle: 'solid', boundElements: [{ id: 'l1', type: 'text' }] },
        { id: 'l1', type: 'text', containerId: 'r1', text: 'API', x: 0, y: 0, width: 10, height: 10 },
        { id: 'e1', type: 'ellipse', x: 200, y: 0, width: 80, height: 80, strokeColor: '#1e1e1e', backgroundColor: '#ffc9c9', strokeWidth: 1, strokeStyle: 'dashed' },
        { id: 'ar', type: 'arrow', x: 100, y: 25, width: 100, height: 15, points: [[0, 0], [100, 15]], startBinding: { elementId: 'r1' }, endBinding: { elementId: 'gone' }, startArrowhead: null, endArrowhead: 'arrow' },
        { id: 'ln', type: 'line', x: 0, y: 200, width: 50, height: 0, points: [[0, 0], [50, 0]] },
        { id: 'img', type: 'image', x: 0, y: 0, width: 1, height: 1 },
        { id: 'del', type: 'rectangle', x: 0, y: 0, width: 1, height: 1, isDeleted: true },
      ],
    };
    const { shapes: out, skipped } = fromExcalidraw(file);
    expect(skipped).toBe(1);
    expect(out).toEqual([
      { id: 'r1', type: 'rect', x: 0, y: 0, w: 100, h: 50, text: 'API', style: { stroke: '#1971c2' } },
      { id: 'e1', type: 'ellipse', x: 200, y: 0, w: 80, h: 80, style: { fill: '#ffc9c9', strokeWidth: 1, strokeStyle: 'dashed' } },
      { id: 'ar', type: 'arrow', x: 100, y: 25, w: 100, h: 15, from: 'r1' },
      { id: 'ln', type: 'arrow', x: 0, y: 200, w: 50, h: 0, style: { arrowheads: 'none' } },
    ]);
    expect(() => fromExcalidraw({ hello: 1 })).toThrow(/not an Excalidraw file/);
  });
});
