import { describe, expect, it } from 'vitest';
import { checkEstimate, figurePrompts, verdictFor } from '../../shared/estimate-check';
import { formatValue } from '../../shared/estimate';
import { parseQuantity } from '../../shared/quantity';

describe('parseQuantity', () => {
  it.each([
    ['100M', 1e8],
    ['1.5B', 1.5e9],
    ['20K', 2e4],
    ['20k', 2e4],
    ['3e6', 3e6],
    ['86,400', 86_400],
    ['1,000,000', 1e6],
    ['2 GB', 2e9],
    ['500 KB/s', 5e5],
    ['1.2 TB', 1.2e12],
    ['35K req/s', 35e3],
    ['100M*10/86400', (1e8 * 10) / 86_400],
    ['(100M × 10) / 86,400', (1e8 * 10) / 86_400],
    ['2^10', 1024],
    ['0.0104', 0.0104],
    [' 42 ', 42],
  ])('%s → %d', (text, value) => {
    const r = parseQuantity(text);
    expect(r.ok && r.value).toBeCloseTo(value, 6);
  });

  it('reads B as bytes in a size field and as a billion elsewhere', () => {
    expect(parseQuantity('500 B', { sizes: true })).toEqual({ ok: true, value: 500 });
    expect(parseQuantity('2 KB', { sizes: true })).toEqual({ ok: true, value: 2000 });
    expect(parseQuantity('1.5B')).toEqual({ ok: true, value: 1.5e9 });
  });

  it.each([
    ['', /Type a number/],
    ['lots', /"lots" is not a number or a unit/],
    ['10 apples', /not a number/],
    ['1,00', /misplaced thousands/],
    ['5/0', /finite/],
    ['3-5', /not negative/],
    ['(1+2', /not a number or an arithmetic expression/],
  ])('%j is refused with a message', (text, message) => {
    const r = parseQuantity(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});

describe('formatValue keeps small figures readable', () => {
  it('shows three significant digits below 10 and ratios below 1 as a share', () => {
    expect(formatValue(1.74, 'count')).toBe('1.74');
    expect(formatValue(0.0104, 'ratio')).toBe('1.04%');
    expect(formatValue(0.25, 'count')).toBe('0.25');
    expect(formatValue(100, 'ratio')).toBe('100:1');
    expect(formatValue(34_722, 'rps')).toBe('34.7K req/s');
  });
});

describe('checkEstimate', () => {
  const problem = {
    assumptions: { dau: 100_000_000, writesPerUserPerDay: 0.1, readsPerUserPerDay: 10, peakFactor: 3, writeSizeBytes: 500, readSizeBytes: 500, retentionYears: 10, replicationFactor: 3, cacheHotFraction: 0.2, redirectsPerServer: 20_000 },
    results: [
      { key: 'writeQps', value: 115.7, unit: 'rps' as const, tolerance: 0.05 },
      { key: 'peakReadQps', value: 34_722, unit: 'rps' as const, tolerance: 0.05 },
      { key: 'storageTotal', value: 5.475e12 * 3 * 10 / 1, unit: 'bytes' as const, tolerance: 0.1 },
      { key: 'appServers', label: 'Redirect servers at peak', expr: 'peakReadQps / redirectsPerServer', value: 1.74, unit: 'count' as const, tolerance: 0.05 },
    ],
  };

  it('gives each figure a verdict and what her own assumptions give', () => {
    // She assumed 200M users (twice the reference) and slipped on the peak arithmetic.
    const r = checkEstimate(problem, { dau: 200_000_000 }, { writeQps: 231, peakReadQps: 2_000_000, appServers: 1.7 });
    const by = Object.fromEntries(r.figures.map((f) => [f.key, f]));
    expect(by.writeQps).toMatchObject({ yours: 231, verdict: 'off', fromYourAssumptions: expect.closeTo(231.48, 1) });
    expect(by.peakReadQps).toMatchObject({ verdict: 'way-off', fromYourAssumptions: expect.closeTo(69_444, 0) });
    expect(by.peakReadQps!.magnitudeOff).toBeCloseTo(Math.log10(2_000_000 / 34_722), 5);
    expect(by.storageTotal).toMatchObject({ yours: null, verdict: 'missing', ratio: null });
    expect(by.appServers).toMatchObject({ label: 'Redirect servers at peak', verdict: 'close', fromYourAssumptions: expect.closeTo(3.47, 2) });
    expect(r.accuracy).toBe(0.25);
  });

  it('verdicts: within tolerance, within 10x, beyond 10x, missing', () => {
    expect(verdictFor(104, 100, 0.05)).toBe('close');
    expect(verdictFor(900, 100, 0.05)).toBe('off');
    expect(verdictFor(11, 100, 0.05)).toBe('off');
    expect(verdictFor(1001, 100, 0.05)).toBe('way-off');
    expect(verdictFor(0, 100, 0.05)).toBe('way-off');
    expect(verdictFor(null, 100, 0.05)).toBe('missing');
  });

  it('the prompts name the figures without their values', () => {
    const prompts = figurePrompts(problem);
    expect(prompts.map((p) => p.key)).toEqual(['writeQps', 'peakReadQps', 'storageTotal', 'appServers']);
    expect(JSON.stringify(prompts)).not.toMatch(/115|34722|1\.74/);
  });
});
