/**
 * The coordinator's training data, made by the runtime's own code: readout cases
 * (src/bench/readout-eval/cases.ts) of the natural corpus and the synthetic families become
 * cross features (runtime/coordinator/cross-features.ts) with hop-level labels, the score's only
 * input. Python never re-implements them.
 *
 *   node --import tsx training/featurize.ts --out training/data [--synthetic 1500] [--vocabulary 20000] [--long-train] [--documents-train] [--agents-train] [--engineering-train]
 *
 * Writes <out>/vocabulary.txt (the model's words, most frequent first), <out>/vectors.f32 (their
 * pretrained vectors, V × 100 float32, the rows of the latents' embedding table) and
 * <out>/cases-<split>.jsonl for train and validation, one case a line:
 *   { id, family, source, messages: [{ segments }...], queries: [{ hop, slots, cross, labels }] }
 * and <out>/cases-<source>-validation.jsonl for each source of OTHER_BRIEFS (long notes, documents, agents'
 * messages, engineering work), which train.py scores apart and never fits or picks on. Each source's flag
 * (`--long-train`, `--documents-train`, `--agents-train`, `--engineering-train`) adds its train domains to
 * train, marked with the source; train.py weighs each source apart.
 * A query is asked after the last message; `slots` are indices of memory slots (segments in
 * write order) it scores, `cross` their cross features (CROSS_FEATURES each, flattened), and
 * `labels` 1 needed at this hop, 0 not needed, −1 left out of the loss (needed at a later hop).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crossFeatures } from '../runtime/coordinator/cross-features.js';
import { episodeOf } from '../src/bench/episodes.js';
import type { NaturalSplit } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import { naturalCase, syntheticCases, type ReadoutCase } from '../src/bench/readout-eval/cases.js';
import { createRng } from '../src/bench/rng.js';
import { shippedWordVectors } from '../src/bench/rankers/word-vectors.js';
import { seedFor, type Split } from '../src/bench/splits.js';
import { FAMILY_NAMES, generateTask } from '../src/bench/task.js';
import { fnv1a32 } from '../runtime/coordinator/features.js';

/** Families whose messages carry no order that matters: their training order is shuffled, so position is no shortcut. */
const ORDER_FREE = new Set(['multihop', 'consensus']);

/** Text written to other briefs than the short notes: its train split's flag, and the source train.py weighs it by. */
const OTHER_BRIEFS: readonly { flag: 'long-train' | 'documents-train' | 'agents-train' | 'engineering-train'; source: string; train: NaturalSplit; validation: NaturalSplit }[] = [
  { flag: 'long-train', source: 'longform', train: 'longform-train', validation: 'longform-validation' },
  { flag: 'documents-train', source: 'documents', train: 'documents-train', validation: 'documents-validation' },
  { flag: 'agents-train', source: 'agents', train: 'agents-train', validation: 'agents-validation' },
  { flag: 'engineering-train', source: 'engineering', train: 'engineering-train', validation: 'engineering-validation' },
];

function shuffled<T>(items: readonly T[], seed: string): T[] {
  const rng = createRng(fnv1a32(seed));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One case as training rows: hop 1 asks the case's query; hop k asks each needed segment of hop k−1, as the readout does. */
export function featurizeCase(c: ReadoutCase, shuffle: boolean, source = c.domain === 'synthetic' ? 'synthetic' : 'natural') {
  const messages = shuffle ? shuffled(c.messages, c.id) : c.messages;
  const slots = messages.flatMap((m) => m.segments.map((s) => ({ ...s, message: m.id, channel: m.channel, to: m.to })));
  const mine = slots.map((s, i) => ({ s, i })).filter(({ s }) => s.to === c.receiver);
  const hop = (id: string) => c.hopOf.get(id);
  const maxHop = Math.max(1, ...c.hopOf.values());
  const queries = [];
  for (let k = 1; k <= maxHop; k++) {
    const askers = k === 1 ? [c.query] : slots.filter((s) => hop(s.id) === k - 1).map((s) => s.text);
    // Slots a readout would already hold at hop k (needed at an earlier hop) are not scored again.
    const open = mine.filter(({ s }) => (hop(s.id) ?? Infinity) >= k);
    for (const asker of askers) {
      const considered = open.filter(({ s }) => s.text !== asker);
      if (!considered.some(({ s }) => hop(s.id) === k)) continue;
      const cross: number[] = [];
      for (const [channel, group] of Map.groupBy(considered, ({ s }) => s.channel)) {
        const memory = slots.filter((s) => s.channel === channel);
        const at = group.map(({ s }) => memory.indexOf(s));
        cross.push(...crossFeatures(asker, memory, at));
      }
      const order = [...Map.groupBy(considered, ({ s }) => s.channel).values()].flat();
      queries.push({
        hop: k,
        slots: order.map(({ i }) => i),
        cross: cross.map((x) => Math.round(x * 1e5) / 1e5),
        labels: order.map(({ s }) => (hop(s.id) === k ? 1 : hop(s.id) === undefined ? 0 : -1)),
      });
    }
  }
  return {
    id: c.id,
    family: c.family,
    source,
    messages: messages.map((m) => ({ segments: m.segments.length })),
    queries,
  };
}

async function writeCases(file: string, cases: readonly ReadoutCase[], shuffle: (c: ReadoutCase) => boolean, source: (c: ReadoutCase) => string | undefined): Promise<void> {
  const stream = createWriteStream(file);
  let rows = 0;
  for (const c of cases) {
    const record = featurizeCase(c, shuffle(c), source(c));
    if (record.queries.length === 0) continue;
    stream.write(`${JSON.stringify(record)}\n`);
    rows++;
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  process.stdout.write(`${file}: ${rows} cases\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'training/data' },
      synthetic: { type: 'string', default: '1500' },
      vocabulary: { type: 'string', default: '20000' },
      'long-train': { type: 'boolean', default: false },
      'documents-train': { type: 'boolean', default: false },
      'agents-train': { type: 'boolean', default: false },
      'engineering-train': { type: 'boolean', default: false },
    },
  });
  const out = path.resolve(values.out!);
  await mkdir(out, { recursive: true });
  const vectors = shippedWordVectors();
  const vocabulary = vectors.words().slice(0, Number(values.vocabulary));
  await writeFile(path.join(out, 'vocabulary.txt'), `${vocabulary.join('\n')}\n`);
  const table = new Float32Array(vocabulary.length * vectors.dimensions);
  vocabulary.forEach((w, i) => table.set(vectors.get(w)!, i * vectors.dimensions));
  await writeFile(path.join(out, 'vectors.f32'), Buffer.from(table.buffer));
  const corpus = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));
  const count = Number(values.synthetic);
  for (const split of ['train', 'validation'] as Split[]) {
    const sourceOf = new Map<ReadoutCase, string>();
    for (const brief of OTHER_BRIEFS) {
      if (split !== 'train' || !values[brief.flag]) continue;
      for (const c of episodesOf(corpus, brief.train).map(naturalCase)) sourceOf.set(c, brief.source);
    }
    const cases: ReadoutCase[] = [...episodesOf(corpus, split).map(naturalCase), ...sourceOf.keys()];
    for (const family of FAMILY_NAMES) {
      for (const style of ['plain', 'chatty'] as const) {
        const n = split === 'train' ? count : Math.ceil(count / 5);
        for (let i = 0; i < n; i++) cases.push(...syntheticCases(episodeOf(generateTask(family, seedFor(split, i), split, style))));
      }
    }
    await writeCases(path.join(out, `cases-${split}.jsonl`), cases, (c) => split === 'train' && ORDER_FREE.has(c.family), (c) => sourceOf.get(c));
  }
  for (const { source, validation } of OTHER_BRIEFS) {
    await writeCases(path.join(out, `cases-${source}-validation.jsonl`), episodesOf(corpus, validation).map(naturalCase), () => false, () => source);
  }
}

// Run as a command only: test/coordinator/featurize.test.ts imports featurizeCase, and an import must not
// rewrite training/data (1,500 synthetic tasks, about 100 MB and many seconds).
if (process.argv[1] === import.meta.filename) await main();
