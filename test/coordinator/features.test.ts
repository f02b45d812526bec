import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURES_VERSION, Featurizer, HASH_BUCKETS, MAX_IDS, fnv1a32, words } from '../../runtime/coordinator/features.js';
import { builtinManifestPath, readFeaturizer, readManifest } from '../../runtime/coordinator/manifest.js';

interface Vectors {
  version: number;
  hashBuckets: number;
  maxIds: number;
  vocabulary: string;
  fnv1a32: { text: string; hash: number }[];
  vectors: { text: string; tags: string[]; ids: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/coordinator/feature-vectors.json', import.meta.url), 'utf8')) as Vectors;

describe('coordinator features', () => {
  let shipped: Featurizer;
  beforeAll(async () => {
    const path = builtinManifestPath();
    const manifest = await readManifest(path);
    expect(manifest.features.vocabulary.sha256).toBe(fixture.vocabulary);
    shipped = await readFeaturizer(path, manifest);
  });

  it('match the committed ids that the shipped model was trained on', () => {
    expect([fixture.version, fixture.hashBuckets, fixture.maxIds]).toEqual([FEATURES_VERSION, HASH_BUCKETS, MAX_IDS]);
    for (const vector of fixture.vectors) expect(Array.from(shipped.ids(vector.text, vector.tags))).toEqual(vector.ids);
  });

  it('hash with FNV-1a 32-bit as published (empty string, "a", "foobar")', () => {
    expect(fixture.fnv1a32.map(({ text }) => fnv1a32(text))).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  });

  it('hash non-ASCII text over its UTF-8 bytes, as ASCII text over its characters', () => {
    // Expected values: FNV-1a 32-bit over Python's `text.encode()`.
    expect([fnv1a32('é'), fnv1a32('naïve café'), fnv1a32('c:^ab')]).toEqual([0x1e9de8c1, 0x7484da15, 0x7e01be71]);
  });

  it('give a text the same ids however many texts came before it (ids are remembered per word)', () => {
    const fresh = () => new Featurizer(['paris', 'file', 'the', 'cat']);
    const text = 'The cat from Zürich filed to Paris, the cat said.';
    const busy = fresh();
    for (let i = 0; i < 60_000; i++) busy.ids(`word${i} cat`, ['from=a']);
    expect(Array.from(busy.ids(text, ['to=b']))).toEqual(Array.from(fresh().ids(text, ['to=b'])));
  });

  it('gives each text a row of its own, however many rows it made before, even those kept', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `note ${i}: the cat ${i % 7} left for paris`);
    const busy = new Featurizer(['paris', 'file', 'the', 'cat']);
    const kept = texts.map((text) => busy.ids(text, ['from=a']));
    texts.forEach((text, i) => {
      expect(kept[i]).toHaveLength(MAX_IDS);
      expect(Array.from(kept[i]!)).toEqual(Array.from(new Featurizer(['paris', 'file', 'the', 'cat']).ids(text, ['from=a'])));
    });
  });

  const small = new Featurizer(['paris', 'file', 'the', 'cat']);

  it('split ASCII and other text into the same words, and hash their bigrams over UTF-8', () => {
    expect(words("It's Paris-42, 2nd FILE_x!")).toEqual(['it', 's', 'paris', '42', '2nd', 'file', 'x']);
    expect(words('Zürich ＦＩＬＥ naïve')).toEqual(['zürich', 'file', 'naïve']);
    const bigram = (a: string, b: string) => 1 + 4 + (fnv1a32(`b:${a} ${b}`) % HASH_BUCKETS);
    expect(Array.from(small.ids('paris file'))).toContain(bigram('paris', 'file'));
    expect(Array.from(small.ids('Zürich paris'))).toContain(bigram('zürich', 'paris'));
  });

  it('give vocabulary words their row and hash other words into the buckets after the vocabulary', () => {
    const ids = Array.from(small.ids('Paris zorbl'));
    expect(ids[0]).toBe(1);
    const rest = ids.slice(1, ids.indexOf(0));
    expect(rest.length).toBeGreaterThan(1); // zorbl's 3-grams and the bigram
    expect(rest.every((id) => id > 4 && id < small.tableSize)).toBe(true);
  });

  it('normalise with NFKC and lowercase, so width and case variants share ids', () => {
    expect(small.ids('ＰＡＲＩＳ ﬁle')).toEqual(small.ids('paris file'));
  });

  it('keep ids unique, non-zero before the padding, and within the table', () => {
    const ids = Array.from(small.ids('the the the cat sat on the mat with the cat'));
    const used = ids.slice(0, ids.indexOf(0));
    expect(new Set(used).size).toBe(used.length);
    expect(used.every((id) => id >= 1 && id < small.tableSize)).toBe(true);
    expect(ids.slice(used.length).every((id) => id === 0)).toBe(true);
  });

  it('cut long texts at MAX_IDS, keeping words before bigrams', () => {
    const long = Array.from({ length: 200 }, () => 'the cat').join(' ');
    const ids = small.ids(long);
    expect(ids.length).toBe(MAX_IDS);
    expect(Array.from(small.ids('the cat cat the')).slice(0, 2)).toEqual([3, 4]);
  });
});
