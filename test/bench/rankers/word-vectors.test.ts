import { describe, expect, it } from 'vitest';
import { decodeWordVectors, encodeWordVectors, shippedWordVectors } from '../../../src/bench/rankers/word-vectors.js';

describe('word vectors', () => {
  it('round-trips through the int8 table within one quantisation step', () => {
    const table = decodeWordVectors(encodeWordVectors([{ word: 'bay', vector: [0.5, -1, 0.25] }, { word: 'café', vector: [0, 0, 2] }], 3));
    expect(table.size).toBe(2);
    const bay = [...table.get('bay')!];
    [0.5, -1, 0.25].forEach((v, i) => expect(Math.abs(bay[i]! - v)).toBeLessThanOrEqual(1 / 127));
    expect([...table.get('café')!]).toEqual([0, 0, 2]);
    expect(table.get('missing')).toBeUndefined();
  });

  it('ships the 100,000 most frequent words of the pretrained table, 100 dimensions', () => {
    const shipped = shippedWordVectors();
    expect(shipped.size).toBe(100_000);
    expect(shipped.dimensions).toBe(100);
    for (const word of ['the', 'invoice', 'shift', 'warehouse', 'tyre']) expect(shipped.get(word)).toBeDefined();
  });

  it('refuses a file that is not a table', () => {
    expect(() => decodeWordVectors(Buffer.from('nope'))).toThrow(/not a CWV1 table/);
  });
});
