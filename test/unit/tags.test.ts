import { describe, expect, it } from 'vitest';
import { TAG_IDS, TAGS } from '../../shared/tags';

describe('the tag vocabulary', () => {
  it('stays small: at most 40 tags', () => {
    expect(TAG_IDS.length).toBeLessThanOrEqual(40);
  });
  it('has slugs and a description for each', () => {
    for (const t of TAG_IDS) {
      expect(t).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(TAGS[t].length).toBeGreaterThan(5);
    }
  });
  it('has no singular/plural or -ing/-s near-duplicates', () => {
    const stem = (t: string) => t.replace(/(ing|ies|s|y)$/, '').replace(/-(tenant|tenancy)$/, '-ten');
    const stems = TAG_IDS.map(stem);
    expect(new Set(stems).size).toBe(stems.length);
  });
});
