import { describe, expect, it } from 'vitest';
import { RetrievalCoordinator, embed, terms } from '../../src/bench/retrieval-baseline.js';
import type { CoordinatorMessage } from '../../runtime/coordinator/types.js';
import { buildIr } from './support.js';

const channel = buildIr().channels[0]!;
const words = (text: string) => text.split(/\s+/).length;

function message(id: string, sentences: string[], on = channel): CoordinatorMessage {
  return { id, channel: on, from: on.from, to: on.to, text: sentences.join(' '), segments: sentences.map((text, index) => ({ index, text, tokens: words(text) })) };
}

describe('the retrieval baseline', () => {
  it('embeds text as a unit vector of hashed terms, without stopwords, plural s cut', () => {
    expect(terms('Mara works at the Harbor Labs.')).toEqual(['mara', 'work', 'harbor', 'lab']);
    const v = embed('Mara works at the Harbor Lab.');
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    expect(embed('the of and').every((x) => x === 0)).toBe(true);
  });

  it('reads the most similar segments that fit the budget, in arrival order, and never one sharing no term', async () => {
    const c = new RetrievalCoordinator();
    await c.write(message('m1', ['Mara works at the Harbor Lab.', 'The Harbor Lab is in Tilden.', 'Tomas likes tea.']));
    await c.write(message('m2', ['Where Mara works is a lab.']));
    const readout = await c.readout({ receiver: 'b', channel, query: 'Where does Mara work?', budgetTokens: 100, countTokens: words });
    expect(readout.segments.map((s) => s.text)).toEqual(['Mara works at the Harbor Lab.', 'Where Mara works is a lab.']);
    const tight = await c.readout({ receiver: 'b', channel, query: 'Where does Mara work?', budgetTokens: 6, countTokens: words });
    expect(tight.segments).toHaveLength(1);
  });

  it('reads only the channel asked for and never forwards text', async () => {
    const c = new RetrievalCoordinator();
    const other = { ...channel, id: 'c->b', from: 'c' };
    await c.write(message('m1', ['Mara works at the Harbor Lab.'], other));
    expect((await c.readout({ receiver: 'b', channel, query: 'Mara', budgetTokens: 100, countTokens: words })).segments).toEqual([]);
    expect((await c.gate()).route).toBe('latent');
  });
});
