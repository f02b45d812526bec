import { describe, expect, it } from 'vitest';
import type { Episode } from '../../src/bench/episode.js';
import { featureIds, queryTags, segmentTags } from '../../runtime/coordinator/features.js';
import { featurizeEpisode } from '../../training/featurize.js';

const episode: Episode = {
  family: 'relay',
  split: 'train',
  seed: 1,
  id: 'relay-train-1',
  messages: [
    { step: 0, from: 'a', to: 'b', channel: 'a->b', text: 'One. Two.', segments: [{ id: 's0', text: 'One.' }, { id: 's1', text: 'Two.' }] },
    { step: 1, from: 'b', to: 'c', channel: 'b->c', text: 'Three.', segments: [{ id: 's2', text: 'Three.' }] },
  ],
  queries: [{ afterStep: 1, receiver: 'c', query: 'What is three?', needs: ['s2', 's0'] }],
};

describe('training/featurize.ts', () => {
  it('numbers segments in arrival order and gives needs as those slot numbers', () => {
    const out = featurizeEpisode(episode);
    expect(out.messages.map((m) => m.slots.length)).toEqual([2, 1]);
    expect(out.queries[0]!.needs).toEqual([2, 0]);
  });

  it('uses the runtime feature ids, with the same tags, without trailing padding', () => {
    const out = featurizeEpisode(episode);
    const runtime = Array.from(featureIds('Three.', segmentTags('b', 'c')));
    expect(out.messages[1]!.slots[0]).toEqual(runtime.slice(0, runtime.indexOf(0)));
    const query = Array.from(featureIds('What is three?', queryTags('c')));
    expect(out.queries[0]!.ids).toEqual(query.slice(0, query.indexOf(0)));
  });

  it('refuses a query that needs a segment the episode never sent', () => {
    const broken = { ...episode, queries: [{ ...episode.queries[0]!, needs: ['nope'] }] };
    expect(() => featurizeEpisode(broken)).toThrow(/relay-train-1: query needs unknown segment "nope"/);
  });
});
