import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBoardOp,
  boardBytes,
  boardOpBytesDelta,
  boardFromShapes,
  boardOpSchema,
  boardShapes,
  jsonLength,
  cloneBoard,
  COMPONENT_KINDS,
  COORD_LIMIT,
  emptyBoard,
  MAX_PEN_POINTS,
  MAX_SHAPES,
  MAX_TEXT,
  patchSchema,
  SHAPE_TYPES,
  shapeSchema,
  SIZE_LIMIT,
  strokeStyleOf,
  type Board,
  type BoardOp,
  type Shape,
} from '../../shared/board';

const rect = (id: string, extra: Partial<Shape> = {}): Shape => ({ id, type: 'rect', x: 0, y: 0, w: 100, h: 50, ...extra });
const arrow = (id: string, from?: string, to?: string): Shape => ({
  id,
  type: 'arrow',
  x: 10,
  y: 20,
  w: 30,
  h: 40,
  ...(from !== undefined ? { from } : {}),
  ...(to !== undefined ? { to } : {}),
});
const comp = (id: string, component: Shape['component'] = 'cache'): Shape => ({ id, type: 'component', x: 0, y: 0, w: 80, h: 60, component });

const snapshot = (b: Board): Board => structuredClone(b);

function expectBoardValid(b: Board): void {
  expect(b.order.length).toBe(b.shapes.size);
  expect(new Set(b.order).size).toBe(b.order.length);
  for (const id of b.order) expect(b.shapes.has(id)).toBe(true);
  for (const [id, s] of b.shapes) {
    expect(s.id).toBe(id);
    for (const target of [s.from, s.to]) {
      if (target === undefined) continue;
      expect(s.type).toBe('arrow');
      expect(target).not.toBe(id);
      expect(b.shapes.get(target)?.type, `arrow ${id} bound to ${target}`).toBeDefined();
      expect(b.shapes.get(target)!.type).not.toBe('arrow');
    }
  }
}

interface Case {
  name: string;
  before: Shape[];
  op: BoardOp;
  /** Expected shapes in paint order after an accepted op. */
  after?: Shape[];
  /** Expected message of a refused op. */
  refused?: RegExp;
}

const cases: Case[] = [
  { name: 'add to an empty board', before: [], op: { kind: 'add', shape: rect('a') }, after: [rect('a')] },
  {
    name: 'add paints on top',
    before: [rect('a')],
    op: { kind: 'add', shape: comp('b', 'load-balancer') },
    after: [rect('a'), comp('b', 'load-balancer')],
  },
  { name: 'add with a duplicate id', before: [rect('a')], op: { kind: 'add', shape: rect('a', { x: 5 }) }, refused: /already exists/ },
  {
    name: 'add a duplicate id of another type',
    before: [rect('a')],
    op: { kind: 'add', shape: comp('a') },
    refused: /already exists/,
  },
  {
    name: 'add an arrow bound at both ends',
    before: [rect('a'), comp('b')],
    op: { kind: 'add', shape: arrow('x', 'a', 'b') },
    after: [rect('a'), comp('b'), arrow('x', 'a', 'b')],
  },
  {
    name: 'add an arrow bound at one end',
    before: [rect('a')],
    op: { kind: 'add', shape: arrow('x', undefined, 'a') },
    after: [rect('a'), arrow('x', undefined, 'a')],
  },
  { name: 'add an arrow from a missing shape', before: [rect('a')], op: { kind: 'add', shape: arrow('x', 'nope', 'a') }, refused: /nope does not exist/ },
  { name: 'add an arrow to a missing shape', before: [rect('a')], op: { kind: 'add', shape: arrow('x', 'a', 'nope') }, refused: /nope does not exist/ },
  { name: 'add an arrow bound to itself', before: [rect('a')], op: { kind: 'add', shape: arrow('x', 'x', 'a') }, refused: /itself/ },
  {
    name: 'add an arrow bound to an arrow',
    before: [rect('a'), arrow('y')],
    op: { kind: 'add', shape: arrow('x', 'a', 'y') },
    refused: /not to other arrows/,
  },
  {
    name: 'update moves a shape and keeps the other fields',
    before: [rect('a', { text: 'hello', style: { stroke: '#112233' } })],
    op: { kind: 'update', id: 'a', patch: { x: 40, y: -7 } },
    after: [rect('a', { x: 40, y: -7, text: 'hello', style: { stroke: '#112233' } })],
  },
  {
    name: 'update with null removes optional fields',
    before: [rect('a', { text: 'hello', style: { stroke: '#112233' } })],
    op: { kind: 'update', id: 'a', patch: { text: null, style: null, w: 7 } },
    after: [rect('a', { w: 7 })],
  },
  {
    name: 'update with null on an absent field is harmless',
    before: [rect('a')],
    op: { kind: 'update', id: 'a', patch: { text: null } },
    after: [rect('a')],
  },
  {
    name: 'update replaces the style as a whole',
    before: [rect('a', { style: { stroke: '#112233', dashed: true } })],
    op: { kind: 'update', id: 'a', patch: { style: { fill: '#abcdef' } } },
    after: [rect('a', { style: { fill: '#abcdef' } })],
  },
  { name: 'update a missing shape', before: [rect('a')], op: { kind: 'update', id: 'b', patch: { x: 1 } }, refused: /b does not exist/ },
  {
    name: 'update the kind of a component',
    before: [comp('a', 'cache')],
    op: { kind: 'update', id: 'a', patch: { component: 'sql-database' } },
    after: [comp('a', 'sql-database')],
  },
  { name: 'update the kind of a rect', before: [rect('a')], op: { kind: 'update', id: 'a', patch: { component: 'cache' } }, refused: /only component/ },
  {
    name: 'update binds a rect',
    before: [rect('a'), rect('b')],
    op: { kind: 'update', id: 'a', patch: { to: 'b' } },
    refused: /only arrows/,
  },
  {
    name: 'update rebinds an arrow',
    before: [rect('a'), rect('b'), arrow('x', 'a')],
    op: { kind: 'update', id: 'x', patch: { from: 'b', to: 'a' } },
    after: [rect('a'), rect('b'), arrow('x', 'b', 'a')],
  },
  {
    name: 'update unbinds one end of an arrow with null',
    before: [rect('a'), rect('b'), arrow('x', 'a', 'b')],
    op: { kind: 'update', id: 'x', patch: { from: null } },
    after: [rect('a'), rect('b'), arrow('x', undefined, 'b')],
  },
  {
    name: 'update binds an arrow to a missing shape',
    before: [rect('a'), arrow('x', 'a')],
    op: { kind: 'update', id: 'x', patch: { to: 'gone' } },
    refused: /gone does not exist/,
  },
  {
    name: 'update binds an arrow to itself',
    before: [rect('a'), arrow('x', 'a')],
    op: { kind: 'update', id: 'x', patch: { to: 'x' } },
    refused: /itself/,
  },
  {
    name: 'update binds an arrow to an arrow',
    before: [rect('a'), arrow('x', 'a'), arrow('y')],
    op: { kind: 'update', id: 'x', patch: { to: 'y' } },
    refused: /not to other arrows/,
  },
  {
    name: 'update with a good and a bad binding changes nothing',
    before: [rect('a'), rect('b'), arrow('x', 'a')],
    op: { kind: 'update', id: 'x', patch: { from: 'b', to: 'nope', x: 999 } },
    refused: /nope does not exist/,
  },
  {
    name: 'delete removes shapes and unbinds the arrows that pointed at them',
    before: [rect('a'), rect('b'), rect('c'), arrow('x', 'a', 'b'), arrow('y', 'c', 'a'), arrow('z', 'b', 'c')],
    op: { kind: 'delete', ids: ['a'] },
    after: [rect('b'), rect('c'), arrow('x', undefined, 'b'), arrow('y', 'c'), arrow('z', 'b', 'c')],
  },
  {
    name: 'delete both ends leaves a free arrow with its geometry',
    before: [rect('a'), rect('b'), arrow('x', 'a', 'b')],
    op: { kind: 'delete', ids: ['b', 'a'] },
    after: [arrow('x')],
  },
  {
    name: 'delete an arrow with its ends',
    before: [rect('a'), rect('b'), arrow('x', 'a', 'b')],
    op: { kind: 'delete', ids: ['a', 'x', 'b'] },
    after: [],
  },
  {
    name: 'delete the same id twice in one op',
    before: [rect('a'), rect('b')],
    op: { kind: 'delete', ids: ['a', 'a'] },
    after: [rect('b')],
  },
  {
    name: 'delete with one missing id deletes nothing',
    before: [rect('a'), rect('b'), arrow('x', 'a', 'b')],
    op: { kind: 'delete', ids: ['a', 'missing'] },
    refused: /missing does not exist/,
  },
  {
    name: 'reorder to the front',
    before: [rect('a'), rect('b'), rect('c')],
    op: { kind: 'reorder', ids: ['a'], to: 'front' },
    after: [rect('b'), rect('c'), rect('a')],
  },
  {
    name: 'reorder to the back',
    before: [rect('a'), rect('b'), rect('c')],
    op: { kind: 'reorder', ids: ['c'], to: 'back' },
    after: [rect('c'), rect('a'), rect('b')],
  },
  {
    name: 'reorder keeps the relative order of the moved shapes (front)',
    before: [rect('a'), rect('b'), rect('c'), rect('d')],
    op: { kind: 'reorder', ids: ['c', 'a'], to: 'front' },
    after: [rect('b'), rect('d'), rect('a'), rect('c')],
  },
  {
    name: 'reorder keeps the relative order of the moved shapes (back)',
    before: [rect('a'), rect('b'), rect('c'), rect('d')],
    op: { kind: 'reorder', ids: ['d', 'b'], to: 'back' },
    after: [rect('b'), rect('d'), rect('a'), rect('c')],
  },
  {
    name: 'reorder with a missing id',
    before: [rect('a'), rect('b')],
    op: { kind: 'reorder', ids: ['b', 'zz'], to: 'back' },
    refused: /zz does not exist/,
  },
];

describe('applyBoardOp', () => {
  it.each(cases)('$name', ({ before, op, after, refused }) => {
    const board = boardFromShapes(structuredClone(before));
    const prior = snapshot(board);
    const result = applyBoardOp(board, op);
    if (refused) {
      expect(result).toEqual({ ok: false, message: expect.stringMatching(refused) });
      expect(board).toEqual(prior);
      expect(boardShapes(board)).toEqual(boardShapes(prior));
    } else {
      expect(result).toEqual({ ok: true });
      expect(boardShapes(board)).toEqual(after);
      expectBoardValid(board);
    }
  });

  it('removes a nulled field entirely rather than storing null or undefined', () => {
    const board = boardFromShapes([rect('a', { text: 'hi' })]);
    applyBoardOp(board, { kind: 'update', id: 'a', patch: { text: null } });
    expect(Object.hasOwn(board.shapes.get('a')!, 'text')).toBe(false);
  });

  it('does not mutate the previous shape object on update or unbind', () => {
    const a = rect('a');
    const x = arrow('x', 'a');
    const board = boardFromShapes([a, x]);
    applyBoardOp(board, { kind: 'update', id: 'a', patch: { x: 500 } });
    applyBoardOp(board, { kind: 'delete', ids: ['a'] });
    expect(a.x).toBe(0);
    expect(x.from).toBe('a');
  });

  it('refuses an add past MAX_SHAPES and accepts it again after a delete', () => {
    const full = boardFromShapes(Array.from({ length: MAX_SHAPES }, (_, i) => rect(`s${i}`)));
    const prior = snapshot(full);
    expect(applyBoardOp(full, { kind: 'add', shape: rect('extra') })).toEqual({ ok: false, message: expect.stringMatching(/full/) });
    expect(full).toEqual(prior);
    // Other ops still work on a full board.
    expect(applyBoardOp(full, { kind: 'update', id: 's0', patch: { x: 1 } }).ok).toBe(true);
    expect(applyBoardOp(full, { kind: 'delete', ids: ['s1'] }).ok).toBe(true);
    expect(applyBoardOp(full, { kind: 'add', shape: rect('extra') }).ok).toBe(true);
    expect(full.shapes.size).toBe(MAX_SHAPES);
    expect(applyBoardOp(full, { kind: 'add', shape: rect('extra2') }).ok).toBe(false);
  });

  it('cloneBoard gives an independent board', () => {
    const board = boardFromShapes([rect('a'), rect('b')]);
    const copy = cloneBoard(board);
    applyBoardOp(copy, { kind: 'delete', ids: ['a'] });
    applyBoardOp(copy, { kind: 'reorder', ids: ['b'], to: 'back' });
    expect(boardShapes(board)).toEqual([rect('a'), rect('b')]);
    expect(boardShapes(copy)).toEqual([rect('b')]);
  });

  // Regression (found by this suite, fixed): `points` is nullable in a patch, so an update can strip the points of a pen stroke and
  // leave a shape that shapeSchema itself refuses ("a pen stroke needs points"); a client that validates
  // the snapshot, or renders points[0], gets a broken shape from a peer.
  it('an update cannot leave a shape that shapeSchema refuses (pen without points)', () => {
    const board = boardFromShapes([{ id: 'p', type: 'pen', x: 0, y: 0, w: 10, h: 10, points: [[0, 0], [5, 5]] }]);
    const op = boardOpSchema.parse({ kind: 'update', id: 'p', patch: { points: null } });
    applyBoardOp(board, op);
    expect(shapeSchema.safeParse(board.shapes.get('p')).success).toBe(true);
  });
});

describe('shapeSchema', () => {
  const ok: [string, unknown][] = [
    ['rect', rect('a')],
    ['rect with text and style', rect('a', { text: 'API', style: { stroke: '#000000', fill: '#FFFFFF', strokeWidth: 2, fontSize: 14, dashed: true } })],
    ['component', comp('db', 'nosql-database')],
    ['arrow bound at both ends', arrow('x', 'a', 'b')],
    ['pen', { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1, points: [[0, 0], [1, 1, 0.5]] }],
    ['coordinates at the limits', rect('a', { x: COORD_LIMIT, y: -COORD_LIMIT, w: SIZE_LIMIT, h: -SIZE_LIMIT })],
    ['negative size (drawn leftwards)', rect('a', { w: -30 })],
    ['id with _ and -', rect('A_b-9')],
    ['text at the limit', rect('a', { text: 'x'.repeat(MAX_TEXT) })],
    ['phase', rect('a', { phase: 'design' })],
  ];
  it.each(ok)('accepts %s', (_, shape) => {
    expect(shapeSchema.safeParse(shape).success).toBe(true);
  });

  const bad: [string, unknown][] = [
    ['NaN x', rect('a', { x: NaN })],
    ['Infinity y', rect('a', { y: Infinity })],
    ['-Infinity w', rect('a', { w: -Infinity })],
    ['huge x', rect('a', { x: COORD_LIMIT + 1 })],
    ['huge negative y', rect('a', { y: -1e12 })],
    ['huge w', rect('a', { w: SIZE_LIMIT + 1 })],
    ['string x', { ...rect('a'), x: '1' }],
    ['missing h', { id: 'a', type: 'rect', x: 0, y: 0, w: 1 }],
    ['3-digit colour', rect('a', { style: { stroke: '#fff' } })],
    ['named colour', rect('a', { style: { fill: 'red' } })],
    ['colour with a bad digit', rect('a', { style: { fill: '#12345g' } })],
    ['colour with 7 digits', rect('a', { style: { fill: '#1234567' } })],
    ['colour with alpha', rect('a', { style: { fill: '#11223344' } })],
    ['css injection in a colour', rect('a', { style: { fill: '#000000;background:url(x)' } })],
    ['extra style field', rect('a', { style: { stroke: '#000000', opacity: 1 } as Shape['style'] })],
    ['strokeWidth too big', rect('a', { style: { strokeWidth: 100 } })],
    ['fontSize too small', rect('a', { style: { fontSize: 2 } })],
    ['component without kind', { id: 'c', type: 'component', x: 0, y: 0, w: 1, h: 1 }],
    ['component with an unknown kind', comp('c', 'mainframe' as Shape['component'])],
    ['kind on a rect', rect('a', { component: 'cache' })],
    ['pen without points', { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1 }],
    ['pen with empty points', { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1, points: [] }],
    ['pen with too many points', { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1, points: Array.from({ length: MAX_PEN_POINTS + 1 }, () => [0, 0]) }],
    ['pen pressure above 1', { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1, points: [[0, 0, 2]] }],
    ['pen point with NaN', { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1, points: [[NaN, 0]] }],
    ['from on a rect', rect('a', { from: 'b' })],
    ['to on a text', { id: 't', type: 'text', x: 0, y: 0, w: 1, h: 1, to: 'b' }],
    ['extra field', { ...rect('a'), onclick: 'alert(1)' }],
    ['__proto__ field', JSON.parse('{"id":"a","type":"rect","x":0,"y":0,"w":1,"h":1,"__proto__":{"x":1}}')],
    ['unknown type', { ...rect('a'), type: 'triangle' }],
    ['empty id', rect('')],
    ['id with a space', rect('a b')],
    ['id too long', rect('a'.repeat(65))],
    ['text too long', rect('a', { text: 'x'.repeat(MAX_TEXT + 1) })],
    ['arrow bound to a bad id', arrow('x', '../etc')],
  ];
  it.each(bad)('rejects %s', (_, shape) => {
    expect(shapeSchema.safeParse(shape).success).toBe(false);
  });

  it('knows every shape type and component kind it exports', () => {
    for (const type of SHAPE_TYPES) {
      const s =
        type === 'component' ? comp('c') : type === 'pen' ? { id: 'p', type, x: 0, y: 0, w: 1, h: 1, points: [[0, 0]] } : { id: 'a', type, x: 0, y: 0, w: 1, h: 1 };
      expect(shapeSchema.safeParse(s).success, type).toBe(true);
    }
    for (const kind of COMPONENT_KINDS) expect(shapeSchema.safeParse(comp('c', kind)).success, kind).toBe(true);
  });
});

describe('boardOpSchema', () => {
  it.each<[string, unknown]>([
    ['add', { kind: 'add', shape: rect('a') }],
    ['update', { kind: 'update', id: 'a', patch: { x: 1 } }],
    ['update with nulls', { kind: 'update', id: 'a', patch: { text: null, style: null, from: null, to: null } }],
    ['delete', { kind: 'delete', ids: ['a', 'b'] }],
    ['reorder', { kind: 'reorder', ids: ['a'], to: 'back' }],
  ])('accepts %s', (_, op) => {
    expect(boardOpSchema.safeParse(op).success).toBe(true);
  });

  it('defaults reorder to the front', () => {
    expect(boardOpSchema.parse({ kind: 'reorder', ids: ['a'] })).toEqual({ kind: 'reorder', ids: ['a'], to: 'front' });
  });

  it.each<[string, unknown]>([
    ['unknown kind', { kind: 'clear' }],
    ['missing kind', { shape: rect('a') }],
    ['add with an invalid shape', { kind: 'add', shape: rect('a', { x: NaN }) }],
    ['add with an extra field', { kind: 'add', shape: rect('a'), seq: 1 }],
    ['update with an empty patch', { kind: 'update', id: 'a', patch: {} }],
    ['update changing the id', { kind: 'update', id: 'a', patch: { id: 'b' } }],
    ['update changing the type', { kind: 'update', id: 'a', patch: { type: 'arrow' } }],
    ['update setting the phase', { kind: 'update', id: 'a', patch: { phase: 'design' } }],
    ['update with an unknown field', { kind: 'update', id: 'a', patch: { x: 1, evil: true } }],
    ['update with NaN', { kind: 'update', id: 'a', patch: { x: NaN } }],
    ['update with Infinity', { kind: 'update', id: 'a', patch: { w: Infinity } }],
    ['update with a huge coordinate', { kind: 'update', id: 'a', patch: { y: 1e9 } }],
    ['update with a bad colour', { kind: 'update', id: 'a', patch: { style: { stroke: 'blue' } } }],
    ['update nulling x', { kind: 'update', id: 'a', patch: { x: null } }],
    ['update nulling the component', { kind: 'update', id: 'a', patch: { component: null } }],
    ['delete with no ids', { kind: 'delete', ids: [] }],
    ['delete with a bad id', { kind: 'delete', ids: ['a b'] }],
    ['delete with too many ids', { kind: 'delete', ids: Array.from({ length: MAX_SHAPES + 1 }, (_, i) => `s${i}`) }],
    ['reorder to the middle', { kind: 'reorder', ids: ['a'], to: 'middle' }],
  ])('rejects %s', (_, op) => {
    expect(boardOpSchema.safeParse(op).success).toBe(false);
  });

  it('patchSchema refuses an empty patch but accepts a lone null', () => {
    expect(patchSchema.safeParse({}).success).toBe(false);
    expect(patchSchema.safeParse({ text: null }).success).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: ops in one server order, including ops applyBoardOp must refuse.

const ID = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const coordArb = fc.integer({ min: -2_000, max: 2_000 });
const colourArb = fc.constantFrom('#000000', '#ff0000', '#A1B2C3');

const addArb = fc
  .record({
    id: ID,
    type: fc.constantFrom(...SHAPE_TYPES),
    x: coordArb,
    y: coordArb,
    w: coordArb,
    h: coordArb,
    text: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
    from: fc.option(ID, { nil: undefined }),
    to: fc.option(ID, { nil: undefined }),
    kind: fc.constantFrom(...COMPONENT_KINDS),
    stroke: fc.option(colourArb, { nil: undefined }),
  })
  .map(({ id, type, x, y, w, h, text, from, to, kind, stroke }) => {
    const shape: Record<string, unknown> = { id, type, x, y, w, h };
    if (text !== undefined) shape.text = text;
    if (stroke !== undefined) shape.style = { stroke };
    if (type === 'arrow') {
      if (from !== undefined) shape.from = from;
      if (to !== undefined) shape.to = to;
    }
    if (type === 'component') shape.component = kind;
    if (type === 'pen') shape.points = [[0, 0], [x, y, 0.5]];
    return { kind: 'add', shape };
  });

const patchArb = fc.oneof(
  fc.record({ x: coordArb, h: coordArb }, { requiredKeys: ['x'] }),
  fc.record({ text: fc.option(fc.string({ maxLength: 6 }), { nil: null }) }),
  fc.record({ style: fc.option(colourArb.map((fill) => ({ fill })), { nil: null }), w: coordArb }, { requiredKeys: ['style'] }),
  fc
    .record({ from: fc.option(ID, { nil: null }), to: fc.option(ID, { nil: null }), y: coordArb }, { requiredKeys: [] })
    .filter((p) => Object.keys(p).length > 0),
  fc.record({ component: fc.constantFrom(...COMPONENT_KINDS) }),
);

const opArb = fc.oneof(
  { arbitrary: addArb, weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('update'), id: ID, patch: patchArb }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('delete'), ids: fc.array(ID, { minLength: 1, maxLength: 2 }) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('reorder'), ids: fc.array(ID, { minLength: 1, maxLength: 2 }), to: fc.constantFrom('front', 'back') }),
    weight: 1,
  },
  // Invalid on the wire: the schema must catch these before they reach applyBoardOp.
  { arbitrary: fc.constant({ kind: 'update', id: 'a', patch: { x: Number.NaN } }), weight: 1 },
);

/** Parses like the server does; schema-invalid ops are dropped (the socket edge refuses them). */
function parseOps(raw: unknown[]): BoardOp[] {
  const out: BoardOp[] = [];
  for (const r of raw) {
    const p = boardOpSchema.safeParse(r);
    if (p.success) out.push(p.data);
  }
  return out;
}

const opsArb = fc.array(opArb, { maxLength: 80, size: 'large' }).map(parseOps);

describe('board convergence (property)', () => {
  it('the generator produces both accepted and refused ops', () => {
    let accepted = 0;
    let refused = 0;
    const byKind = new Map<string, number>();
    fc.assert(
      fc.property(opsArb, (ops) => {
        const b = emptyBoard();
        for (const op of ops) {
          const ok = applyBoardOp(b, op).ok;
          const k = `${op.kind}:${ok}`;
          byKind.set(k, (byKind.get(k) ?? 0) + 1);
          if (ok) accepted++;
          else refused++;
        }
      }),
      { numRuns: 50, seed: 42 },
    );
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
    for (const kind of ['add', 'update', 'delete', 'reorder']) {
      expect(byKind.get(`${kind}:true`), `${kind} accepted`).toBeGreaterThan(10);
      expect(byKind.get(`${kind}:false`), `${kind} refused`).toBeGreaterThan(10);
    }
  });

  it('two replicas applying the same ops in the same order end deep-equal', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const r1 = emptyBoard();
        const r2 = emptyBoard();
        // Each replica gets its own copy of the ops, as if decoded from the same frames.
        const copy = structuredClone(ops);
        const res1 = ops.map((op) => applyBoardOp(r1, op));
        const res2 = copy.map((op) => applyBoardOp(r2, op));
        expect(res2).toEqual(res1);
        expect(r2).toEqual(r1);
        expect(boardShapes(r2)).toEqual(boardShapes(r1));
      }),
      { numRuns: 300 },
    );
  });

  it('a replica that joins from a snapshot converges with one that saw every op', () => {
    fc.assert(
      fc.property(opsArb, fc.nat(), (ops, cut) => {
        const k = ops.length ? cut % (ops.length + 1) : 0;
        const full = emptyBoard();
        ops.slice(0, k).forEach((op) => applyBoardOp(full, op));
        const late = boardFromShapes(structuredClone(boardShapes(full)));
        for (const op of ops.slice(k)) {
          expect(applyBoardOp(late, op)).toEqual(applyBoardOp(full, op));
        }
        expect(late).toEqual(full);
        expect(boardShapes(late)).toEqual(boardShapes(full));
      }),
      { numRuns: 300 },
    );
  });

  it('boardFromShapes(boardShapes(b)) equals b after every op', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const b = emptyBoard();
        for (const op of ops) {
          applyBoardOp(b, op);
          const rebuilt = boardFromShapes(boardShapes(b));
          expect(rebuilt).toEqual(b);
          expect(rebuilt.order).toEqual(b.order);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a refused op leaves the board deep-equal to before', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const b = emptyBoard();
        for (const op of ops) {
          const before = snapshot(b);
          const result = applyBoardOp(b, op);
          if (!result.ok) {
            expect(b).toEqual(before);
            expect(b.order).toEqual(before.order);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the board consistent: order matches shapes, arrows bind only to existing non-arrow shapes', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const b = emptyBoard();
        for (const op of ops) {
          applyBoardOp(b, op);
          expectBoardValid(b);
          for (const s of b.shapes.values()) expect(shapeSchema.safeParse(s).success).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('boardOpBytesDelta', () => {
  const shapes = [
    { id: 'a', type: 'rect', x: 0, y: 0, w: 10, h: 10 },
    { id: 'b', type: 'component', component: 'cache', x: -5.5, y: 1e5, w: 120, h: 60, text: 'Redis "hot" \n cache', style: { stroke: '#123456' } },
    { id: 'p', type: 'pen', x: 0, y: 0, w: 1, h: 1, points: [[0, 0], [1.25, 2, 0.5]] },
    { id: 'r', type: 'arrow', x: 0, y: 0, w: 0, h: 0, from: 'a', to: 'b', text: 'reads' },
  ] as Shape[];
  const patchArb = fc.dictionary(
    fc.constantFrom('x', 'y', 'w', 'h', 'text', 'style', 'from', 'to'),
    fc.oneof(fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.integer(), fc.string({ maxLength: 30 }), fc.constant(null), fc.constant({ fill: '#abcdef', dashed: true })),
    { minKeys: 1, maxKeys: 4 },
  );
  const opArb: fc.Arbitrary<BoardOp> = fc.oneof(
    fc.record({ kind: fc.constant('update' as const), id: fc.constantFrom('a', 'b', 'p', 'r', 'zz'), patch: patchArb }) as fc.Arbitrary<BoardOp>,
    fc.record({ kind: fc.constant('delete' as const), ids: fc.subarray(['a', 'b', 'p', 'r'], { minLength: 1 }) }),
    fc.record({ kind: fc.constant('add' as const), shape: fc.constant({ id: 'n', type: 'text', x: 1, y: 2, w: 3, h: 4, text: 'né "q"' } as Shape) }),
  );
  it('predicts exactly how much the board JSON changes when the op applies', () => {
    fc.assert(
      fc.property(opArb, (op) => {
        const board = boardFromShapes(structuredClone(shapes));
        const before = boardBytes(board);
        const delta = boardOpBytesDelta(board, op);
        const r = applyBoardOp(board, op);
        if (!r.ok) return;
        expect(boardBytes(board) - before).toBe(delta);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('styles (issue 18)', () => {
  it('accepts stroke styles, arrowheads and a transparent fill; old boards with dashed: true still read as dashed', () => {
    const s = shapeSchema.parse({ id: 'a', type: 'arrow', x: 0, y: 0, w: 10, h: 0, style: { stroke: '#e03131', fill: 'transparent', strokeStyle: 'dotted', arrowheads: 'both' } });
    expect(strokeStyleOf(s.style)).toBe('dotted');
    expect(strokeStyleOf(shapeSchema.parse(rect('old', { style: { dashed: true } })).style)).toBe('dashed');
    expect(strokeStyleOf(undefined)).toBe('solid');
    expect(shapeSchema.safeParse(rect('b', { style: { strokeStyle: 'wavy' as never } })).success).toBe(false);
    expect(shapeSchema.safeParse(rect('c', { style: { arrowheads: 'middle' as never } })).success).toBe(false);
  });

  it('knows sticky notes and frames', () => {
    expect(shapeSchema.parse({ id: 'n', type: 'sticky', x: 0, y: 0, w: 160, h: 160, text: 'idea' }).type).toBe('sticky');
    expect(shapeSchema.parse({ id: 'f', type: 'frame', x: 0, y: 0, w: 400, h: 300, text: 'us-east' }).type).toBe('frame');
  });
});

describe('jsonLength', () => {
  it('is JSON.stringify(value).length for any JSON value, lone surrogates and control characters included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => jsonLength(v) === JSON.stringify(v).length),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => jsonLength(s) === JSON.stringify(s).length), { numRuns: 2000 });
    fc.assert(fc.property(fc.double(), (n) => jsonLength(n) === JSON.stringify(n).length), { numRuns: 2000 });
    for (const v of [0, -0, 1e21, -1e21, 123456789012345680000, 2 ** 53, -5, 0.1, NaN, -Infinity, '\u2028', '\ud800', '\udc00\ud800', '😀', { a: undefined, b: [undefined, 1] }, [], {}]) {
      expect(jsonLength(v)).toBe(JSON.stringify(v).length);
    }
  });
});
