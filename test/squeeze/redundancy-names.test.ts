import { describe, expect, it } from 'vitest';
import { dropKnownSegments, hashedEmbedding } from '../../runtime/squeeze/index.js';

const embed = hashedEmbedding();
const known = (texts: string[]) => embed(texts).map((vector, i) => ({ text: texts[i]!, vector }));

describe('redundancy removal and names', () => {
  it('keeps a sentence about someone else, even when the name opens the sentence', async () => {
    const result = await dropKnownSegments(['Jarek is on the staff of the Fern Works.'], known(['Pilar is on the staff of the Fern Works.']), { threshold: 0.9 });
    expect(result.dropped).toEqual([]);
  });

  it('keeps a sentence whose names trade places', async () => {
    const result = await dropKnownSegments(['Osric trains under Neville.'], known(['Neville trains under Osric.']), { threshold: 0.9 });
    expect(result.dropped).toEqual([]);
  });

  it('still drops a repeat that names the same people in the same order', async () => {
    const result = await dropKnownSegments(['Neville trains under Osric!'], known(['Neville trains under Osric.']), { threshold: 0.9 });
    expect(result.dropped.map((d) => d.matched)).toEqual(['Neville trains under Osric.']);
  });
});
