import { describe, expect, it } from 'vitest';
import { boardFromShapes, type Shape } from '../../shared/board';
import { fromExcalidraw, IMAGE_PLACEHOLDER, importSummary, toExcalidraw } from '../../web/board/excalidraw';
import { withFrameContents } from '../../web/board/interaction';

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
    expect(fromExcalidraw(file)).toEqual({ shapes, skipped: 0, images: 0, groups: { framed: 0, loose: 0 } });
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

  it('reads a file drawn in Excalidraw (no customData): labels, bindings, lines, an image as a placeholder, unknown elements skipped', () => {
    const file = {
      type: 'excalidraw',
      version: 2,
      elements: [
        { id: 'r1', type: 'rectangle', x: 0, y: 0, width: 100, height: 50, strokeColor: '#1971c2', backgroundColor: 'transparent', strokeWidth: 2, strokeStyle: 'solid', boundElements: [{ id: 'l1', type: 'text' }] },
        { id: 'l1', type: 'text', containerId: 'r1', text: 'API', x: 0, y: 0, width: 10, height: 10 },
        { id: 'e1', type: 'ellipse', x: 200, y: 0, width: 80, height: 80, strokeColor: '#1e1e1e', backgroundColor: '#ffc9c9', strokeWidth: 1, strokeStyle: 'dashed' },
        { id: 'ar', type: 'arrow', x: 100, y: 25, width: 100, height: 15, points: [[0, 0], [100, 15]], startBinding: { elementId: 'r1' }, endBinding: { elementId: 'gone' }, startArrowhead: null, endArrowhead: 'arrow' },
        { id: 'ln', type: 'line', x: 0, y: 200, width: 50, height: 0, points: [[0, 0], [50, 0]] },
        { id: 'img', type: 'image', x: 0, y: 300, width: 320, height: 180, fileId: 'f1', status: 'saved' },
        { id: 'emb', type: 'embeddable', x: 0, y: 0, width: 1, height: 1 },
        { id: 'del', type: 'rectangle', x: 0, y: 0, width: 1, height: 1, isDeleted: true },
      ],
      files: { f1: { mimeType: 'image/png', id: 'f1', dataURL: 'data:image/png;base64,AAAA' } },
    };
    const result = fromExcalidraw(file);
    const { shapes: out, skipped } = result;
    expect(skipped).toBe(1);
    expect(result.images).toBe(1);
    expect(out).toEqual([
      { id: 'r1', type: 'rect', x: 0, y: 0, w: 100, h: 50, text: 'API', style: { stroke: '#1971c2' } },
      { id: 'e1', type: 'ellipse', x: 200, y: 0, w: 80, h: 80, style: { fill: '#ffc9c9', strokeWidth: 1, strokeStyle: 'dashed' } },
      { id: 'ar', type: 'arrow', x: 100, y: 25, w: 100, h: 15, from: 'r1' },
      { id: 'ln', type: 'arrow', x: 0, y: 200, w: 50, h: 0, style: { arrowheads: 'none' } },
      { id: 'img', type: 'rect', x: 0, y: 300, w: 320, h: 180, text: IMAGE_PLACEHOLDER, style: { stroke: '#e8590c', strokeStyle: 'dashed' } },
    ]);
    expect(importSummary(result)).toBe('Imported 5 shapes; 1 image not imported: a dashed box marks where it was; 1 element could not be read.');
    expect(() => fromExcalidraw({ hello: 1 })).toThrow(/not an Excalidraw file/);
  });

  it('an Excalidraw group becomes a frame around its members (behind them), which moves them together', () => {
    const el = (id: string, x: number, y: number, groupIds: string[] = []) => ({ id, type: 'rectangle', x, y, width: 100, height: 50, groupIds });
    const file = {
      type: 'excalidraw',
      elements: [
        el('loose', 0, -200),
        // Nested groups: the outermost one ("write-path") is what moves them in Excalidraw.
        el('api', 0, 0, ['inner', 'write-path']),
        el('queue', 200, 0, ['inner', 'write-path']),
        { id: 'q-label', type: 'text', containerId: 'queue', text: 'Kafka', groupIds: ['inner', 'write-path'] },
        el('db', 400, 0, ['write-path']),
        { id: 'to-db', type: 'arrow', x: 300, y: 25, width: 100, height: 0, points: [[0, 0], [100, 0]], startBinding: { elementId: 'queue' }, endBinding: { elementId: 'db' }, groupIds: ['write-path'] },
        el('alone', 0, 400, ['single']),
      ],
    };
    const result = fromExcalidraw(file);
    expect(result.groups).toEqual({ framed: 1, loose: 0 });
    expect(result.shapes.map((s) => s.id)).toEqual(['loose', 'group-write-path', 'api', 'queue', 'db', 'to-db', 'alone']);
    const frame = result.shapes[1]!;
    expect(frame).toEqual({ id: 'group-write-path', type: 'frame', x: -16, y: -16, w: 532, h: 82, text: 'Group 1' });
    const board = boardFromShapes(result.shapes);
    expect(withFrameContents(board, new Set([frame.id])).map((s) => s.id).sort()).toEqual(['api', 'db', 'group-write-path', 'queue']);
    expect(importSummary(result)).toBe('Imported 7 shapes; 1 group became a frame.');
  });

  it('a group whose frame would also hold a shape outside it stays loose shapes, and says so', () => {
    const file = {
      type: 'excalidraw',
      elements: [
        { id: 'a', type: 'rectangle', x: 0, y: 0, width: 100, height: 100, groupIds: ['g'] },
        { id: 'b', type: 'rectangle', x: 400, y: 400, width: 100, height: 100, groupIds: ['g'] },
        { id: 'between', type: 'ellipse', x: 200, y: 200, width: 50, height: 50 },
      ],
    };
    const result = fromExcalidraw(file);
    expect(result.groups).toEqual({ framed: 0, loose: 1 });
    expect(result.shapes.map((s) => s.type)).toEqual(['rect', 'rect', 'ellipse']);
    expect(importSummary(result)).toBe('Imported 3 shapes; 1 group stayed loose shapes (a frame there would hold others too).');
  });
});
