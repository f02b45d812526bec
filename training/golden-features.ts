/**
 * Writes test/fixtures/coordinator/feature-vectors.json: the ids runtime/coordinator/features.ts
 * gives a few texts over the shipped model's vocabulary, so a change to the recipe is caught
 * (test/coordinator/features.test.ts) and training/parity.py feeds real ids to the graphs.
 * Regenerate only with a new FEATURES_VERSION and a retrained model:
 *   node --import tsx training/golden-features.ts
 */
import { writeFile } from 'node:fs/promises';
import { FEATURES_VERSION, HASH_BUCKETS, MAX_IDS, fnv1a32 } from '../runtime/coordinator/features.js';
import { builtinManifestPath, readFeaturizer, readManifest } from '../runtime/coordinator/manifest.js';

const TEXTS: [string, string[]][] = [
  ['Alice lives in Paris.', ['from=planner', 'to=researcher']],
  ['Where does ALICE live?', ['to=researcher']],
  ['ﬁle Ｆｕｌｌ width — Ünïcödé café 42', []],
  ['東京は日本の首都です。 emoji 😀 test', []],
  ['', []],
  ['The quick brown fox jumps over the lazy dog. '.repeat(6), []],
];

const path = builtinManifestPath();
const manifest = await readManifest(path);
const featurizer = await readFeaturizer(path, manifest);
const fixture = {
  version: FEATURES_VERSION,
  hashBuckets: HASH_BUCKETS,
  maxIds: MAX_IDS,
  vocabulary: manifest.features.vocabulary.sha256,
  note: 'golden output of runtime/coordinator/features.ts over the shipped vocabulary; regenerate only with a new FEATURES_VERSION and a retrained model (training/golden-features.ts)',
  fnv1a32: ['', 'a', 'foobar'].map((text) => ({ text, hash: fnv1a32(text) })),
  vectors: TEXTS.map(([text, tags]) => ({ text, tags, ids: Array.from(featurizer.ids(text, tags)) })),
};
await writeFile(new URL('../test/fixtures/coordinator/feature-vectors.json', import.meta.url), `${JSON.stringify(fixture)}\n`);
