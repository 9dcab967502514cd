import { describe, expect, it } from 'vitest';
import { findBareFigures, formatReference, referenceScope, renderReferences } from '../../server/problems/prose';
import { checkReferenceResults, computeEstimate } from '../../shared/estimate';

const assumptions = { dau: 100_000_000, writesPerUserPerDay: 0.1, readsPerUserPerDay: 10, peakFactor: 3, writeSizeBytes: 500, readSizeBytes: 500, retentionYears: 10, replicationFactor: 3, cacheHotFraction: 0.2, redirectsPerServer: 5000 };
const results = checkReferenceResults(assumptions, [
  { key: 'peakReadQps', value: 34722, unit: 'rps', tolerance: 0.05 },
  { key: 'servers', expr: 'peakReadQps / redirectsPerServer', value: 6.94, unit: 'count', tolerance: 0.05 },
]);
const scope = referenceScope(assumptions, computeEstimate(assumptions) as unknown as Record<string, number>, results);

describe('renderReferences', () => {
  it('renders results with their unit, assumptions as counts and standard figures not listed as results', () => {
    const { markdown, issues } = renderReferences('{{dau}} DAU give {{peakReadQps}} at peak and {{storageTotal}} over {{retentionYears}} years.', scope);
    expect(issues).toEqual([]);
    expect(markdown).toBe('100M DAU give 34.7K req/s at peak and 54.8 TB over 10 years.');
  });

  it('applies an explicit format', () => {
    const { markdown } = renderReferences('{{writeSizeBytes:bytes}}, {{cacheHotFraction:percent}}, {{servers:ceil}} servers, {{peakEgressBytesPerSec:bits}}, {{readsPerDay:exact}}', scope);
    expect(markdown).toBe('500 B, 20%, 7 servers, 139 Mbps, 1,000,000,000');
  });

  it('renders {=literals} verbatim', () => {
    expect(renderReferences('exact to {=2^53}, {=86,400} s a day', scope).markdown).toBe('exact to 2^53, 86,400 s a day');
  });

  it('reports a reference that does not resolve, with its line', () => {
    const { issues } = renderReferences('fine\n{{peakWriteQPS}} is a typo', scope);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 2, text: '{{peakWriteQPS}}' });
    expect(issues[0]!.message).toMatch(/not an assumption, a standard figure or a result/);
  });

  it('reports an unknown format', () => {
    expect(renderReferences('{{dau:furlongs}}', scope).issues[0]!.message).toMatch(/unknown format "furlongs"/);
  });

  it.each(['{{dau', '{{ 2 + 2 }}', '{=}', 'dau}}'])('reports malformed braces: %s', (src) => {
    expect(renderReferences(`x ${src} y`, scope).issues[0]!.message).toMatch(/malformed reference/);
  });
});

describe('formatReference', () => {
  it('rounds machine counts up and keeps small percentages precise', () => {
    expect(formatReference({ value: 139.0000000001, unit: 'count' }, 'ceil')).toBe('139');
    expect(formatReference({ value: 139.2, unit: 'count' }, 'ceil')).toBe('140');
    expect(formatReference({ value: 0.004, unit: 'ratio' }, 'percent')).toBe('0.4%');
    expect(formatReference({ value: 1_234_567, unit: 'count' }, 'int')).toBe('1,234,567');
    expect(formatReference({ value: 1_388_889, unit: 'rps' }, 'persec')).toBe('1.39M/s');
  });
});

describe('findBareFigures', () => {
  const bare: [string, string][] = [
    ['~2,315 posts/s at peak', '~2,315 posts/s'],
    ['about 46,300 reads/s', '46,300 reads/s'],
    ['a 1.2M QPS cluster', '1.2M QPS'],
    ['stores 2.19 PB', '2.19 PB'],
    ['16 bytes per entry', '16 bytes'],
    ['egress of 22 Gbps', '22 Gbps'],
    ['~2.78 GB/s at peak', '~2.78 GB/s'],
    ['200M posts/day', '200M posts/day'],
    ['100 writes per second', '100 writes per second'],
    ['| Peak | 6,944 rps |', '6,944 rps'],
  ];
  it.each(bare)('flags "%s"', (src, found) => {
    const issues = findBareFigures(src);
    expect(issues.map((i) => i.text)).toEqual([found]);
  });

  const fine = [
    'Redis scores are exact to 2^53',
    'a 64-bit id, 3 replicas, 10 years',
    'peak {{peakWriteQps}} and {{storageTotal}} stored',
    'a {=4 MB} chunk is a protocol constant',
    'the `SET k v EX 86400 PX 100` command',
    '```\n2.5 GB/s in a code block\n```',
    'S3 and x86 and p99 under 200 ms',
    '4B feed page loads', // "B" alone is billions here, not bytes
  ];
  it.each(fine)('accepts "%s"', (src) => {
    expect(findBareFigures(src)).toEqual([]);
  });

  it('reports lines within the text', () => {
    expect(findBareFigures('line one\nline two has 5 GB\n').map((i) => i.line)).toEqual([2]);
  });
});

describe('code is literal', () => {
  it('leaves references and braces inside code spans and fences alone', () => {
    const src = 'JSON `{"a": {"b": {}}}` and `{{dau}}` stay; {{dau}} renders\n```\n{{dau}} }}\n```';
    const { markdown, issues } = renderReferences(src, scope);
    expect(issues).toEqual([]);
    expect(markdown).toBe('JSON `{"a": {"b": {}}}` and `{{dau}}` stay; 100M renders\n```\n{{dau}} }}\n```');
  });
});
