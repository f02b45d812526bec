import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_MINIMUM, checkCorpus, episodesOf, loadNaturalCorpus, readCorpusFiles } from '../../../src/bench/natural/load.js';
import { NaturalFamily, NaturalSplit, type NaturalDomain } from '../../../src/bench/natural/corpus.js';

const DIR = path.resolve(import.meta.dirname, '../../../bench/corpus/natural');

function domain(over: Partial<NaturalDomain['episodes'][number]> = {}): NaturalDomain {
  return {
    domain: 'depot',
    description: 'a van depot',
    episodes: [
      {
        id: 'depot-01',
        family: 'supersession',
        decider: 'lead',
        question: 'Where is the stand-up now?',
        answer: 'room 4',
        accepted: [],
        notes: [
          { id: 'n1', from: 'ann', text: 'Stand-up is in room 2.', needed: false },
          { id: 'n2', from: 'bo', text: 'Moved the stand-up to room 4 as of Monday. Bring mugs.', needed: true, evidence: 'room 4', hop: 1 },
          { id: 'n3', from: 'ann', text: 'Coffee machine is broken again.', needed: false },
          { id: 'n4', from: 'bo', text: 'Room 2 has the good chairs though.', needed: false },
        ],
        ...over,
      },
    ],
  };
}

const check = (d: NaturalDomain) => checkCorpus([{ file: `${d.domain}.json`, data: d }], {}, { complete: false });

describe('the natural corpus', () => {
  it('is sound: at least 400 episodes over 40 domains, every family in every split (longform too), no domain in two splits', async () => {
    const corpus = await loadNaturalCorpus(DIR);
    expect(corpus.domains.reduce((n, d) => n + d.episodes.length, 0)).toBeGreaterThanOrEqual(CORPUS_MINIMUM.episodes);
    expect(corpus.domains.length).toBeGreaterThanOrEqual(CORPUS_MINIMUM.domains);
    const seen = new Set<string>();
    for (const split of NaturalSplit.options) {
      const episodes = episodesOf(corpus, split);
      for (const family of NaturalFamily.options) expect(episodes.some((e) => e.family === family)).toBe(true);
      for (const name of corpus.splits[split]!) {
        expect(seen.has(name)).toBe(false);
        seen.add(name);
      }
    }
  });

  it('accepts a well-formed domain', () => {
    expect(check(domain())).toEqual([]);
  });

  it('names each labelling mistake with its episode and note', () => {
    const notes = domain().episodes[0]!.notes;
    const across = notes.map((n) => (n.id === 'n2' ? { ...n, evidence: 'Monday. Bring' } : n));
    expect(check(domain({ notes: across }))).toEqual([expect.stringMatching(/depot-01: note n2: evidence "Monday. Bring" is not inside one sentence/)]);
    const noHop = notes.map((n) => (n.id === 'n2' ? { ...n, hop: undefined } : n));
    expect(check(domain({ notes: noHop })).join('\n')).toMatch(/needed note n2 has no hop/);
    expect(check(domain({ answer: 'room 9' })).join('\n')).toMatch(/the answer "room 9" \(or an accepted form\) appears in no needed note/);
    expect(check(domain({ family: 'multihop' })).join('\n')).toMatch(/a multihop episode needs a note of hop 2 or more/);
    const fromDecider = notes.map((n) => (n.id === 'n3' ? { ...n, from: 'lead' } : n));
    expect(check(domain({ notes: fromDecider })).join('\n')).toMatch(/note n3 is from the decider/);
  });

  it('refuses a domain in two splits and a domain in none', async () => {
    const { files } = await readCorpusFiles(DIR);
    const first = files[0]!.file.replace(/\.json$/, '');
    const empty = Object.fromEntries(NaturalSplit.options.map((split) => [split, []]));
    const problems = checkCorpus(files, { ...empty, train: [first], validation: [first] }, { complete: true });
    expect(problems).toContain(`splits.json: domain ${first} is in both train and validation`);
    expect(problems.some((p) => /is in no split$/.test(p))).toBe(true);
  });

  it('keeps the long-text splits apart: each needs its key, and their domains are in no other split', async () => {
    const { files, splits } = await readCorpusFiles(DIR);
    const { longform: _, ...withoutLongform } = splits as Record<string, string[]>;
    expect(checkCorpus(files, withoutLongform, { complete: true }).join('\n')).toMatch(/splits\.json: .*longform/);
    const corpus = await loadNaturalCorpus(DIR);
    for (const long of ['longform', 'longform-validation', 'longform-train', 'documents', 'documents-validation', 'documents-train', 'records', 'agents', 'agents-validation', 'agents-train', 'engineering', 'engineering-validation', 'engineering-train', 'spoken', 'spoken-validation'] as const) {
      const domains = new Set(corpus.splits[long]);
      expect(domains.size).toBeGreaterThan(0);
      for (const split of NaturalSplit.options.filter((s) => s !== long)) expect(episodesOf(corpus, split).some((e) => domains.has(e.domain))).toBe(false);
    }
  });
});
