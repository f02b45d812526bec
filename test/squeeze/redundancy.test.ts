import { describe, expect, it } from 'vitest';
import { cosine, dropKnownSegments, hashedEmbedding, type KnownSegment } from '../../runtime/squeeze/index.js';

const embed = hashedEmbedding();
const know = (texts: string[]): KnownSegment[] => texts.map((text) => ({ text, vector: embed([text])[0]! }));

describe('hashed bag-of-words embedding', () => {
  it('gives unit vectors of the asked dimension, the same for the same text', () => {
    const [a, b] = hashedEmbedding(64)(['The cache is stale.', 'The cache is stale.']);
    expect(a).toHaveLength(64);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 10);
    expect(a).toEqual(b);
  });
  it('puts rewordings close and unrelated sentences far apart', () => {
    const [a, b, c] = embed(['The cache on the web tier is stale.', 'the cache on the web tier is stale!', 'Revenue grew in the third quarter.']);
    expect(cosine(a!, b!)).toBeGreaterThan(0.95);
    expect(cosine(a!, c!)).toBeLessThan(0.3);
  });
  it('embeds text without spaces by character pairs', () => {
    const [a, b] = embed(['服务器运行正常', '服务器运行正常。']);
    expect(cosine(a!, b!)).toBeGreaterThan(0.95);
  });
});

describe('dropKnownSegments', () => {
  it('drops segments the receiver already holds and reports what they matched', async () => {
    const known = know(['The cache on the web tier is stale.']);
    const result = await dropKnownSegments(['the cache on the web tier is stale!', 'We restarted redis at noon.'], known, { threshold: 0.9 });
    expect(result.kept).toEqual(['We restarted redis at noon.']);
    expect(result.dropped).toEqual([
      { index: 0, text: 'the cache on the web tier is stale!', similarity: expect.any(Number), matched: 'The cache on the web tier is stale.' },
    ]);
    expect(result.keptVectors).toHaveLength(1);
  });

  it('keeps a near segment that carries a different number or negation', async () => {
    const known = know(['The p95 latency of the checkout service is 120 ms.', 'The checkout service is healthy.']);
    const segments = ['The p95 latency of the checkout service is 180 ms.', 'The checkout service is not healthy.'];
    const result = await dropKnownSegments(segments, known, { threshold: 0.5 });
    expect(result.kept).toEqual(segments);
  });

  it('drops repeats within the same batch', async () => {
    const result = await dropKnownSegments(['Deploy is done.', 'deploy is done'], [], { threshold: 0.9 });
    expect(result.kept).toEqual(['Deploy is done.']);
    expect(result.dropped.map((d) => d.index)).toEqual([1]);
  });

  it('uses an injected embedding, such as the coordinator latent keys', async () => {
    const calls: string[][] = [];
    const latent = async (texts: readonly string[]) => {
      calls.push([...texts]);
      return texts.map((t) => (t.includes('cache') ? [1, 0] : [0, 1]));
    };
    const result = await dropKnownSegments(['cache is cold', 'queue is long'], [{ text: 'cache is cold', vector: [1, 0] }], { threshold: 0.99, embed: latent });
    expect(calls).toEqual([['cache is cold', 'queue is long']]);
    expect(result.kept).toEqual(['queue is long']);
  });

  it('says what to do when known and new vectors disagree in size', async () => {
    await expect(dropKnownSegments(['a b c'], [{ text: 'x', vector: [1, 0] }], { threshold: 0.5 })).rejects.toThrow(/same embedding/);
  });
});
