import { describe, expect, it } from 'vitest';
import {
  checkReferenceResults,
  computeEstimate,
  DEFAULT_INPUTS,
  evaluateExpression,
  ExpressionError,
  FIGURE_KEYS,
  FIGURES,
  formatValue,
  ordersOfMagnitudeOff,
  pickInputs,
  qpsFromDaily,
  withinTolerance,
  type EstimateFigures,
  type ReferenceResult,
} from '../../shared/estimate';

describe('computeEstimate', () => {
  it('computes every standard figure from the defaults', () => {
    // dau 1M, 1 write and 10 reads per user, peak x2, 1 KB writes and reads, 5 years, 3 replicas, 20% hot.
    const f = computeEstimate({});
    expect(f.writesPerDay).toBe(1_000_000);
    expect(f.readsPerDay).toBe(10_000_000);
    expect(f.writeQps).toBeCloseTo(11.574074, 5);
    expect(f.readQps).toBeCloseTo(115.740741, 5);
    expect(f.peakWriteQps).toBeCloseTo(23.148148, 5);
    expect(f.peakReadQps).toBeCloseTo(231.481481, 5);
    expect(f.readWriteRatio).toBe(10);
    expect(f.storagePerDay).toBe(1e9);
    expect(f.storagePerYear).toBe(365e9);
    expect(f.storageTotal).toBe(365e9 * 5 * 3);
    expect(f.ingressBytesPerSec).toBeCloseTo(11_574.074, 2);
    expect(f.egressBytesPerSec).toBeCloseTo(115_740.741, 2);
    expect(f.peakEgressBytesPerSec).toBeCloseTo(231_481.481, 2);
    expect(f.cacheBytes).toBe(2e9);
  });

  it('computes every standard figure for inputs chosen to give round numbers', () => {
    // 86,400 DAU x 1 write/day = exactly 1 write/s.
    const f = computeEstimate({
      dau: 86_400,
      writesPerUserPerDay: 1,
      readsPerUserPerDay: 100,
      peakFactor: 4,
      writeSizeBytes: 2_000,
      readSizeBytes: 500,
      retentionYears: 2,
      replicationFactor: 2,
      cacheHotFraction: 0.5,
    });
    const expected: EstimateFigures = {
      writesPerDay: 86_400,
      readsPerDay: 8_640_000,
      writeQps: 1,
      readQps: 100,
      peakWriteQps: 4,
      peakReadQps: 400,
      readWriteRatio: 100,
      storagePerDay: 172_800_000, // 86,400 x 2,000 B
      storagePerYear: 63_072_000_000, // x 365
      storageTotal: 252_288_000_000, // x 2 years x 2 replicas
      ingressBytesPerSec: 2_000, // 1/s x 2,000 B
      egressBytesPerSec: 50_000, // 100/s x 500 B
      peakEgressBytesPerSec: 200_000, // x 4
      cacheBytes: 2_160_000_000, // 8.64M x 500 B x 0.5
    };
    for (const k of FIGURE_KEYS) expect(f[k], k).toBeCloseTo(expected[k], 6);
  });

  it('matches the url-shortener reference numbers', () => {
    const f = computeEstimate({
      dau: 100_000_000,
      writesPerUserPerDay: 0.1,
      readsPerUserPerDay: 10,
      peakFactor: 3,
      writeSizeBytes: 500,
      readSizeBytes: 500,
      retentionYears: 10,
      replicationFactor: 3,
      cacheHotFraction: 0.2,
    });
    expect(f.writesPerDay).toBeCloseTo(10_000_000, 3);
    expect(f.peakReadQps).toBeCloseTo(34_722.22, 1);
    expect(f.storageTotal).toBeCloseTo(54.75e12, -3);
    expect(f.peakEgressBytesPerSec).toBeCloseTo(17_361_111.1, 0);
    expect(f.cacheBytes).toBeCloseTo(100e9, -3);
  });

  it('uses defaults for the inputs not given', () => {
    const f = computeEstimate({ dau: 2_000_000 });
    expect(f.writesPerDay).toBe(2_000_000 * DEFAULT_INPUTS.writesPerUserPerDay);
    expect(f.readsPerDay).toBe(2_000_000 * DEFAULT_INPUTS.readsPerUserPerDay);
  });

  it('gives an infinite read:write ratio when nothing is written', () => {
    const f = computeEstimate({ writesPerUserPerDay: 0 });
    expect(f.readWriteRatio).toBe(Infinity);
    expect(f.storageTotal).toBe(0);
  });

  it('qpsFromDaily divides by the seconds in a day', () => {
    expect(qpsFromDaily(86_400)).toBe(1);
    expect(qpsFromDaily(864_000_000)).toBe(10_000);
  });

  it('every figure has a label and a unit', () => {
    for (const k of FIGURE_KEYS) {
      expect(FIGURES[k].label.length).toBeGreaterThan(0);
      expect(['rps', 'bytes', 'bytesPerSec', 'count', 'ratio']).toContain(FIGURES[k].unit);
    }
    expect(Object.keys(computeEstimate({})).sort()).toEqual([...FIGURE_KEYS].sort());
  });
});

describe('evaluateExpression', () => {
  const scope = { a: 2, b: 3, peakReadQps: 34_722, perServer: 5_000 };

  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3], // left-associative
    ['100 / 10 / 5', 2], // left-associative
    ['2 * 3 ^ 2', 18], // ^ binds tighter than *
    ['2 ^ 3 ^ 2', 512], // right-associative: 2^(3^2)
    ['(2 ^ 3) ^ 2', 64],
    ['-3 + 5', 2],
    ['-2 ^ 2', -4], // unary minus applies to the power
    ['2 ^ -1', 0.5],
    ['--3', 3],
    ['4 * -2', -8],
    ['-(1 + 2)', -3],
    ['((((7))))', 7],
    ['1e9', 1e9],
    ['2.5e3', 2500],
    ['1E-3', 0.001],
    ['1_000', 1000],
    ['1_000_000 * 2', 2_000_000],
    ['.5 + 1', 1.5],
    ['3.25', 3.25],
    ['  7\t*\n6 ', 42],
    ['a * b', 6],
    ['a ^ b', 8],
    ['peakReadQps / perServer', 34_722 / 5_000],
    ['1 / 0', Infinity],
  ])('%s = %d', (src, expected) => {
    expect(evaluateExpression(src, scope)).toBeCloseTo(expected, 10);
  });

  it.each([
    [''],
    ['   '],
    ['1 +'],
    ['* 2'],
    ['(1 + 2'],
    ['1 + 2)'],
    ['()'],
    ['3 4'],
    ['a b'],
    ['2(3)'],
    ['1.'],
    ['1.2.3'],
    ['1e'],
    ['+1'],
    ['1 % 2'],
    ['a = 1'],
    ['a; b'],
    ['a.b'],
    ['"a"'],
    ['`a`'],
    ['a[0]'],
    ['Math.max(1, 2)'],
  ])('bad syntax %j throws ExpressionError', (src) => {
    expect(() => evaluateExpression(src, scope)).toThrow(ExpressionError);
  });

  it.each([['c'], ['A'], ['a * unknown'], ['process'], ['require'], ['globalThis'], ['Infinity'], ['NaN']])(
    'unknown name %j throws ExpressionError naming it',
    (src) => {
      expect(() => evaluateExpression(src, scope)).toThrow(ExpressionError);
    },
  );

  it('names the unknown identifier in the message', () => {
    expect(() => evaluateExpression('a + nope', scope)).toThrow(/nope/);
  });

  it.each([['constructor'], ['__proto__'], ['toString'], ['valueOf'], ['hasOwnProperty'], ['__defineGetter__'], ['isPrototypeOf']])(
    'prototype name %j does not resolve to anything inherited',
    (name) => {
      expect(() => evaluateExpression(name, {})).toThrow(ExpressionError);
      expect(() => evaluateExpression(`1 + ${name}`, { a: 1 })).toThrow(ExpressionError);
    },
  );

  it('resolves only own properties of the scope', () => {
    const scopeWithProto = Object.create({ inherited: 5 }) as Record<string, number>;
    scopeWithProto.own = 1;
    expect(evaluateExpression('own', scopeWithProto)).toBe(1);
    expect(() => evaluateExpression('inherited', scopeWithProto)).toThrow(ExpressionError);
  });

  it('treats names as data: an own "__proto__" key from parsed data is just a number', () => {
    const data = JSON.parse('{"__proto__": 5}') as Record<string, number>;
    expect(evaluateExpression('__proto__ * 2', data)).toBe(10);
  });

  it('always returns a number, never a function or object', () => {
    for (const src of ['a', '(a)', '-a', 'a ^ 1']) expect(typeof evaluateExpression(src, scope)).toBe('number');
  });
});

describe('withinTolerance', () => {
  it.each([
    [105, 100, 0.05, true],
    [95, 100, 0.05, true],
    [105.01, 100, 0.05, false],
    [94.99, 100, 0.05, false],
    [100, 100, 0.001, true],
    [-105, -100, 0.05, true], // relative to |expected|
    [-110, -100, 0.05, false],
    [0, 0, 0, true],
    [0.04, 0, 0.05, true], // expected 0: absolute tolerance
    [-0.05, 0, 0.05, true],
    [0.06, 0, 0.05, false],
    [1, 1e-12, 0.5, false],
  ])('withinTolerance(%d, %d, %d) = %s', (actual, expected, tol, ok) => {
    expect(withinTolerance(actual, expected, tol)).toBe(ok);
  });
});

describe('ordersOfMagnitudeOff', () => {
  it.each([
    [100, 100, 0],
    [1000, 100, 1],
    [10, 100, 1],
    [1e9, 1e6, 3],
    [1e6, 1e9, 3],
    [0, 0, 0],
  ])('(%d, %d) = %d', (a, r, n) => {
    expect(ordersOfMagnitudeOff(a, r)).toBeCloseTo(n, 10);
  });

  it('is about half an order for a factor of sqrt(10)', () => {
    expect(ordersOfMagnitudeOff(Math.sqrt(10) * 50, 50)).toBeCloseTo(0.5, 10);
  });

  it('is infinite when only one side is zero or either is negative', () => {
    expect(ordersOfMagnitudeOff(0, 5)).toBe(Infinity);
    expect(ordersOfMagnitudeOff(5, 0)).toBe(Infinity);
    expect(ordersOfMagnitudeOff(-1, 1)).toBe(Infinity);
    expect(ordersOfMagnitudeOff(1, -1)).toBe(Infinity);
  });
});

describe('formatValue', () => {
  it.each([
    [0, 'bytes', '0 B'],
    [999, 'bytes', '999 B'],
    [1000, 'bytes', '1 KB'],
    [1500, 'bytes', '1.5 KB'],
    [1_234_567, 'bytes', '1.23 MB'],
    [12_345_678, 'bytes', '12.3 MB'],
    [123_456_789, 'bytes', '123 MB'],
    [1.2e12, 'bytes', '1.2 TB'],
    [55e12, 'bytes', '55 TB'], // "55.0" loses its trailing zero
    [3e15, 'bytes', '3 PB'],
    [2e21, 'bytes', '2000 EB'], // EB is the largest unit
    [-1500, 'bytes', '-1.5 KB'],
    [Infinity, 'bytes', '∞'],
    [57_870, 'bytesPerSec', '57.9 KB/s'],
    [17_361_111, 'bytesPerSec', '17.4 MB/s'],
    [500, 'bytesPerSec', '500 B/s'],
    [115.74, 'rps', '116 req/s'],
    [34_722, 'rps', '34.7K req/s'],
    [1_500_000, 'rps', '1.5M req/s'],
    [5, 'count', '5'],
    [1_000, 'count', '1K'],
    [36.5e9, 'count', '36.5B'],
    [1e12, 'count', '1T'],
    [1e16, 'count', '10000T'],
    [-2_500_000, 'count', '-2.5M'],
    [100, 'ratio', '100:1'],
    [10, 'ratio', '10:1'],
    [2.34, 'ratio', '2.3:1'],
    [9.96, 'ratio', '10:1'],
    [Infinity, 'ratio', '∞'],
  ] as const)('formatValue(%d, %s) = %j', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  // Regression (found by this suite, fixed): rounding happens after the unit is chosen, so a value just under a unit boundary is printed
  // as "1000" of the smaller unit instead of "1" of the next one (999,999 B -> "1000 KB").
  it('rolls over to the next unit when rounding reaches 1000', () => {
    expect(formatValue(999_999, 'bytes')).toBe('1 MB');
  });
});

describe('checkReferenceResults', () => {
  const assumptions = {
    dau: 86_400,
    writesPerUserPerDay: 1,
    readsPerUserPerDay: 100,
    peakFactor: 2,
    qpsPerServer: 50,
    bytesPerEvent: 10,
  };
  const r = (x: Partial<ReferenceResult> & { key: string; value: number }): ReferenceResult => ({
    unit: 'count',
    tolerance: 0.01,
    ...x,
  });

  it('checks standard figures and chains derived results through earlier ones', () => {
    const out = checkReferenceResults(assumptions, [
      r({ key: 'writeQps', value: 1, unit: 'rps' }),
      r({ key: 'peakReadQps', value: 200, unit: 'rps' }),
      r({ key: 'servers', expr: 'peakReadQps / qpsPerServer', value: 4 }),
      r({ key: 'withHeadroom', label: 'Servers with 2x headroom', expr: 'servers * 2', value: 8 }),
      r({ key: 'plusOne', expr: 'withHeadroom + 1', value: 9 }),
      r({ key: 'eventBytes', expr: 'readsPerDay * bytesPerEvent', value: 86_400_000, unit: 'bytes' }),
    ]);
    expect(out.map((c) => [c.key, c.computed, c.ok])).toEqual([
      ['writeQps', 1, true],
      ['peakReadQps', 200, true],
      ['servers', 4, true],
      ['withHeadroom', 8, true],
      ['plusOne', 9, true],
      ['eventBytes', 86_400_000, true],
    ]);
    expect(out[0]!.label).toBe(FIGURES.writeQps.label);
    expect(out[2]!.label).toBe('servers'); // no label: the key
    expect(out[3]!.label).toBe('Servers with 2x headroom');
    expect(out[5]).toMatchObject({ unit: 'bytes', stated: 86_400_000, tolerance: 0.01 });
  });

  it('marks a stated value outside its tolerance as not ok', () => {
    const out = checkReferenceResults(assumptions, [
      r({ key: 'writeQps', value: 1.02, tolerance: 0.01 }),
      r({ key: 'writeQps2', expr: 'writeQps', value: 1.02, tolerance: 0.03 }),
      r({ key: 'servers', expr: 'peakReadQps / qpsPerServer', value: 40 }),
    ]);
    expect(out.map((c) => c.ok)).toEqual([false, true, false]);
    expect(out[2]!.computed).toBe(4);
  });

  it('a wrong intermediate result propagates its computed (not stated) value', () => {
    const out = checkReferenceResults(assumptions, [
      r({ key: 'servers', expr: 'peakReadQps / qpsPerServer', value: 5 }),
      r({ key: 'double', expr: 'servers * 2', value: 8 }),
    ]);
    expect(out.map((c) => c.ok)).toEqual([false, true]);
  });

  it('never accepts an infinite computed value', () => {
    const out = checkReferenceResults({ zero: 0 }, [r({ key: 'bad', expr: '1 / zero', value: 1, tolerance: 1 })]);
    expect(out[0]!.computed).toBe(Infinity);
    expect(out[0]!.ok).toBe(false);
  });

  it('refers only to earlier results', () => {
    expect(() =>
      checkReferenceResults(assumptions, [
        r({ key: 'a2', expr: 'b2 * 2', value: 2 }),
        r({ key: 'b2', expr: '1', value: 1 }),
      ]),
    ).toThrow(ExpressionError);
  });

  it('throws for an unknown name in an expression', () => {
    expect(() => checkReferenceResults(assumptions, [r({ key: 'x', expr: 'dau * nope', value: 1 })])).toThrow(/nope/);
  });

  it('throws for a non-standard key without an expression', () => {
    expect(() => checkReferenceResults(assumptions, [r({ key: 'servers', value: 4 })])).toThrow(ExpressionError);
  });

  // Regression (found by this suite, fixed): the standard-figure lookup uses `in`, which sees Object.prototype, so a result keyed
  // "constructor" resolves to the Object function instead of being refused like any other unknown key.
  it('refuses a prototype name as a standard figure key', () => {
    expect(() => checkReferenceResults({}, [r({ key: 'constructor', value: 1 })])).toThrow(ExpressionError);
  });

  it('only passes the standard inputs to computeEstimate', () => {
    expect(pickInputs({ dau: 5, qpsPerServer: 50, peakFactor: 3 })).toEqual({ dau: 5, peakFactor: 3 });
    const out = checkReferenceResults({ dau: 86_400, writeQps: 999 }, [r({ key: 'writeQps', value: 1 })]);
    // A stated assumption cannot override a standard figure's computation.
    expect(out[0]!.computed).toBe(1);
  });
});
