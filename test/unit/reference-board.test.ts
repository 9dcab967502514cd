import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemFileError } from '../../server/problems/parse-problem';
import { parseReferenceBoard } from '../../server/problems/reference-board';
import type { Shape } from '../../shared/board';

const BOARDS = resolve(import.meta.dirname, '../../problems/boards');
const FILE = 'problems/boards/x.json';

/** Six components in a row and five arrows joining neighbours: the smallest valid board. */
function valid(): Shape[] {
  const kinds = ['client', 'load-balancer', 'app-service', 'cache', 'sql-database', 'message-queue'] as const;
  const comps: Shape[] = kinds.map((k, i) => ({ id: `c${i}`, type: 'component', component: k, x: i * 300, y: 0, w: 200, h: 64, text: `Part ${i}` }));
  const arrows: Shape[] = kinds.slice(1).map((_, i) => ({ id: `a${i}`, type: 'arrow', x: i * 300 + 100, y: 32, w: 300, h: 0, from: `c${i}`, to: `c${i + 1}`, text: 'calls' }));
  return [...comps, ...arrows];
}

function error(shapes: unknown): ProblemFileError {
  try {
    parseReferenceBoard(FILE, JSON.stringify({ shapes }));
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemFileError);
    return err as ProblemFileError;
  }
  throw new Error('parseReferenceBoard did not throw');
}

describe('the shipped reference boards', () => {
  const files = readdirSync(BOARDS).filter((f) => f.endsWith('.json'));
  it('there is one per problem', () => {
    const problems = readdirSync(resolve(BOARDS, '..')).filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md');
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(problems.map((f) => f.replace('.md', '')).sort());
  });
  it.each(files)('%s is valid', (f) => {
    const board = parseReferenceBoard(`problems/boards/${f}`, readFileSync(join(BOARDS, f), 'utf8'));
    expect(board.shapes.filter((s) => s.type === 'component').length).toBeGreaterThanOrEqual(6);
    expect(board.shapes.filter((s) => s.type === 'arrow' && s.from && s.to).length).toBeGreaterThanOrEqual(5);
  });
});

describe('parseReferenceBoard', () => {
  it('accepts the smallest valid board', () => {
    expect(parseReferenceBoard(FILE, JSON.stringify({ shapes: valid() })).shapes).toHaveLength(11);
  });

  it('rejects invalid JSON', () => {
    expect(() => parseReferenceBoard(FILE, '{ shapes: [')).toThrow(/problems\/boards\/x\.json: board: invalid JSON/);
  });

  const bad: [string, () => unknown, string, RegExp][] = [
    ['a shape the board schema refuses', () => valid().map((s, i) => (i === 0 ? { ...s, type: 'hexagon' } : s)), 'shapes.0.type', /./],
    ['an unknown component kind', () => valid().map((s, i) => (i === 0 ? { ...s, component: 'mainframe' } : s)), 'shapes.0.component', /./],
    ['a duplicate id', () => [...valid(), { ...valid()[0]!, x: 5000 }], 'shapes.11 (c0)', /already exists/],
    ['an arrow bound to a missing shape', () => valid().map((s) => (s.id === 'a0' ? { ...s, to: 'nowhere' } : s)), 'shapes.6 (a0)', /nowhere does not exist/],
    ['fewer than 6 components', () => valid().filter((s) => s.id !== 'c5' && s.id !== 'a4'), 'shapes', /at least 6 building-block components, found 5/],
    ['fewer than 5 bound arrows', () => valid().filter((s) => s.id !== 'a4'), 'shapes', /at least 5 arrows bound to shapes, found 4/],
    ['an arrow bound at one end only', () => valid().map((s) => (s.id === 'a0' ? { ...s, from: undefined } : s)), 'shapes (a0)', /bound to a shape at both ends/],
    ['a component without a label', () => valid().map((s) => (s.id === 'c2' ? { ...s, text: ' ' } : s)), 'shapes (c2)', /needs a label/],
    ['overlapping components', () => valid().map((s) => (s.id === 'c1' ? { ...s, x: 150 } : s)), 'shapes (c0, c1)', /overlap/],
    [
      'an arrow running through another component',
      () => [...valid(), { id: 'long', type: 'arrow', x: 100, y: 32, w: 1500, h: 0, from: 'c0', to: 'c5' }],
      'shapes (long)',
      /runs through "Part 1"/,
    ],
    ['an arrow label longer than the arrow', () => valid().map((s) => (s.id === 'a0' ? { ...s, text: 'a label far too long for a short arrow' } : s)), 'shapes (a0)', /does not fit the 100px of visible arrow/],
  ];
  it.each(bad)('rejects %s', (_, make, field, message) => {
    const err = error(make());
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });
});
