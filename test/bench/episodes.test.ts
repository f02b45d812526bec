import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Episode } from '../../src/bench/episode.js';
import { episodeOf, episodes } from '../../src/bench/episodes.js';
import { writeEpisodeFile } from '../../src/bench/episode-writer.js';
import { FAMILY_NAMES, actIn, generateTask, scoreTask } from '../../src/bench/task.js';
import { SPLITS, seedFor } from '../../src/bench/splits.js';
import { segmentText } from '../../runtime/text/segment.js';

describe.each(FAMILY_NAMES)('episodes of the %s family', (family) => {
  const sample = SPLITS.flatMap((split) => [...episodes(family, split, 40)]);

  it('match the shared episode schema', () => {
    for (const episode of sample) expect(Episode.safeParse(episode).success).toBe(true);
  });

  it('are the same for the same seed', () => {
    const instance = generateTask(family, seedFor('test', 7), 'test');
    expect(episodeOf(instance)).toEqual(episodeOf(generateTask(family, seedFor('test', 7), 'test')));
  });

  it('segment every message exactly as the runtime does, with ids unique in the episode', () => {
    for (const episode of sample) {
      const ids = episode.messages.flatMap((m) => m.segments.map((s) => s.id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const message of episode.messages) expect(message.segments.map((s) => s.text)).toEqual(segmentText(message.text));
    }
  });

  it('ask each query after at least one message and name only segments the receiver was sent by then', () => {
    for (const episode of sample) {
      expect(episode.queries.length).toBeGreaterThan(0);
      // A relay early in the chain may have been sent nothing requested yet; the last receiver always needs something.
      expect(episode.queries.at(-1)!.needs.length).toBeGreaterThan(0);
      for (const query of episode.queries) {
        const visible = new Set(
          episode.messages.filter((m) => m.step <= query.afterStep && m.to === query.receiver).flatMap((m) => m.segments.map((s) => s.id)),
        );
        for (const id of query.needs) expect(visible.has(id), `${episode.id} ${id}`).toBe(true);
      }
    }
  });

  it('name needs that suffice: the decider reading only them succeeds', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 40; i++) {
        const instance = generateTask(family, seedFor(split, i), split);
        const episode = episodeOf(instance);
        const final = episode.queries.find((q) => q.receiver === instance.decider)!;
        const texts = episode.messages.flatMap((m) => m.segments).filter((s) => final.needs.includes(s.id)).map((s) => s.text);
        expect(scoreTask(instance, actIn(instance, instance.decider, [texts.join(' ')]).output), instance.id).toBe(true);
      }
    }
  });
});

describe.each(['multihop', 'relay'] as const)('needs of the %s family', (family) => {
  it('are each necessary: the decider fails without any one of them', () => {
    for (let i = 0; i < 30; i++) {
      const instance = generateTask(family, seedFor('validation', i), 'validation');
      const episode = episodeOf(instance);
      const final = episode.queries.find((q) => q.receiver === instance.decider)!;
      const segments = episode.messages.flatMap((m) => m.segments);
      for (const left of final.needs) {
        const texts = segments.filter((s) => final.needs.includes(s.id) && s.id !== left).map((s) => s.text);
        expect(scoreTask(instance, actIn(instance, instance.decider, [texts.join(' ')]).output), `${instance.id} without ${left}`).toBe(false);
      }
    }
  });
});

describe('writeEpisodeFile', () => {
  it('writes one valid JSON line per episode for every family asked', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'coordbench-')), 'episodes.jsonl');
    const result = await writeEpisodeFile({ families: FAMILY_NAMES, split: 'validation', count: 5, start: 10, out });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(result.episodes).toBe(15);
    expect(lines).toHaveLength(15);
    const parsed = lines.map((line) => Episode.parse(JSON.parse(line)));
    expect(parsed.map((e) => e.family)).toEqual([...Array(5).fill('multihop'), ...Array(5).fill('relay'), ...Array(5).fill('consensus')]);
    expect(parsed[0]!.seed).toBe(seedFor('validation', 10));
  });
});
