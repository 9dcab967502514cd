import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientMessageSchema } from '../../shared/protocol';
import { parseHotFrame } from '../../server/rooms/hot-frames';

/** Values near every boundary the schema checks. */
const num = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 6, 32, 200, 1e5, -1e5, 100_001, 1e6, -1e6, 1_000_001, Number.NaN, Number.POSITIVE_INFINITY, 1e21),
  fc.double({ noNaN: false }),
  fc.integer({ min: -2_000_000, max: 2_000_000 }),
);
const str = fc.oneof(
  fc.constantFrom('', ' ', 'a', ' padded ', 'ok', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(2000), 'x'.repeat(2001), 'x'.repeat(4000), 'x'.repeat(4001), '#00ff00', '#00FF0', 'bad id!', '__proto__', 'a\n'),
  fc.string({ maxLength: 80 }),
);
const anyValue = fc.oneof(num, str, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(num, { maxLength: 3 }));
const style = fc.dictionary(fc.constantFrom('stroke', 'fill', 'strokeWidth', 'fontSize', 'dashed', 'dotted', 'strokeStyle', 'arrowheads'), fc.oneof(anyValue, fc.constantFrom('#123abc', 2, 12, true, 'transparent', 'dotted', 'solid', 'both', 'none', 'start')), { maxKeys: 4 });
const patch = fc.dictionary(fc.constantFrom('x', 'y', 'w', 'h', 'text', 'style', 'points', 'from', 'extra'), fc.oneof(anyValue, style), { maxKeys: 6 });
const frame = fc.oneof(
  fc.record({ type: fc.constant('board'), opId: str, op: fc.record({ kind: fc.constantFrom('update', 'add', 'delete'), id: str, patch }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  fc.record({ type: fc.constant('cursor'), x: num, y: num, z: num }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('chat'), opId: str, text: str, extra: anyValue }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('hello', 'phase', 'board', 'nope'), opId: str }, { requiredKeys: [] }),
  anyValue,
);

describe('parseHotFrame', () => {
  it('accepts only what the schema accepts, and returns exactly what the schema returns', () => {
    let fast = 0;
    fc.assert(
      fc.property(frame, (f) => {
        // Through JSON, as frames arrive (undefined and NaN do not survive it).
        const json = JSON.parse(JSON.stringify(f) ?? 'null') as unknown;
        const hot = parseHotFrame(json);
        if (hot === null) return;
        fast++;
        const slow = clientMessageSchema.safeParse(json);
        expect(slow.success).toBe(true);
        expect(hot).toEqual(slow.data);
      }),
      { numRuns: 20_000 },
    );
    // The generator must actually reach the fast path often.
    expect(fast).toBeGreaterThan(500);
  });

  it('takes the frames of live traffic', () => {
    expect(parseHotFrame({ type: 'board', opId: 'o1', op: { kind: 'update', id: 'lb', patch: { x: 10, y: 20, w: 120, h: 60, text: '~op:1~', style: { stroke: '#123456', strokeWidth: 2 } } } })).not.toBeNull();
    expect(parseHotFrame({ type: 'cursor', x: 1.5, y: -2 })).not.toBeNull();
    expect(parseHotFrame({ type: 'chat', opId: 'c', text: 'hello' })).not.toBeNull();
    // Left to the schema: trimming, points, unknown keys.
    expect(parseHotFrame({ type: 'chat', opId: 'c', text: ' hello ' })).toBeNull();
    expect(parseHotFrame({ type: 'board', opId: 'o', op: { kind: 'update', id: 'p', patch: { points: [[0, 0]] } } })).toBeNull();
    expect(parseHotFrame({ type: 'board', opId: 'o', op: { kind: 'update', id: 'p', patch: {} } })).toBeNull();
  });
});
