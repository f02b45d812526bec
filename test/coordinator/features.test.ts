import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUCKETS,
  FEATURES_VERSION,
  MAX_IDS,
  featureIds,
  featureStrings,
  fnv1a32,
} from '../../runtime/coordinator/features.js';

interface Vectors {
  version: number;
  buckets: number;
  maxIds: number;
  fnv1a32: { text: string; hash: number }[];
  vectors: { text: string; tags: string[]; features: string[]; ids: number[] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/coordinator/feature-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

describe('coordinator features', () => {
  it('match the committed vectors that the shipped model was trained on', () => {
    expect([fixture.version, fixture.buckets, fixture.maxIds]).toEqual([FEATURES_VERSION, BUCKETS, MAX_IDS]);
    for (const vector of fixture.vectors) {
      expect(featureStrings(vector.text, vector.tags).slice(0, 12)).toEqual(vector.features);
      expect(Array.from(featureIds(vector.text, vector.tags))).toEqual(vector.ids);
    }
  });

  it('hash with FNV-1a 32-bit as published (empty string, "a", "foobar")', () => {
    expect(fixture.fnv1a32.map(({ text }) => fnv1a32(text))).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    for (const { text, hash } of fixture.fnv1a32) expect(fnv1a32(text)).toBe(hash);
  });

  it('normalise with NFKC and lowercase, so width and case variants share ids', () => {
    expect(featureIds('ＰＡＲＩＳ ﬁle')).toEqual(featureIds('paris file'));
  });

  it('keep ids unique, non-zero before the padding, and within the bucket range', () => {
    const ids = Array.from(featureIds('the the the cat sat on the mat with the cat'));
    const used = ids.slice(0, ids.indexOf(0));
    expect(new Set(used).size).toBe(used.length);
    expect(used.every((id) => id >= 1 && id < BUCKETS)).toBe(true);
    expect(ids.slice(used.length).every((id) => id === 0)).toBe(true);
  });

  it('cut long texts at MAX_IDS, keeping words before character n-grams', () => {
    const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const ids = featureIds(long);
    expect(ids.length).toBe(MAX_IDS);
    expect(ids.includes(0)).toBe(false);
    expect(featureStrings(long)[MAX_IDS - 1]).toMatch(/^w:/);
  });
});
