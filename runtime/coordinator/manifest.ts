import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CROSS_FEATURES, CROSS_FEATURES_VERSION } from './cross-features.js';
import { FEATURES_VERSION, Featurizer, HASH_BUCKETS, MAX_IDS } from './features.js';
import { readVerified } from './session.js';

/**
 * models/coordinator.json, written by training/export.py: the two graphs (encode: a segment's
 * latent; score: relevance from cross features) with their hashes, the sizes the runtime needs
 * for tensor shapes, the thresholds chosen on validation, and the feature recipe the model was
 * trained with.
 */
const GraphFile = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
});

/** Format 4 (v4): the score graph takes cross features alone; format 3 (v3, v3.1) took keys and a query vector too. */
const MANIFEST_FORMAT = 4;

export const CoordinatorManifest = z.object({
  name: z.string(),
  format: z.literal(MANIFEST_FORMAT),
  opset: z.number().int(),
  features: z.object({
    version: z.number().int(),
    hashBuckets: z.number().int(),
    maxIds: z.number().int(),
    /** The words of embedding rows 1…V, one a line, beside the manifest. */
    vocabulary: z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), words: z.number().int().positive() }),
    cross: z.object({ version: z.number().int(), count: z.number().int() }),
  }),
  /** embed: floats in a segment's latent, the vector handed to function agents. */
  config: z.object({ embed: z.number().int().positive() }),
  /** A slot whose score is above this is read out (chosen on validation at training time). */
  threshold: z.number(),
  /** A hybrid message goes as text when its best segment scores above this for its receiver (chosen on validation). */
  gateThreshold: z.number(),
  files: z.object({ encode: GraphFile, score: GraphFile }),
});
export type CoordinatorManifest = z.infer<typeof CoordinatorManifest>;
export type GraphName = keyof CoordinatorManifest['files'];

export const MANIFEST_FILE = 'coordinator.json';

/** The shipped manifest: models/ at the package root, found from this file in source or in dist/. */
export function builtinManifestPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, 'models', MANIFEST_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`coordinator: the built-in model (models/${MANIFEST_FILE}) is missing from this installation — reinstall coord, or rebuild it with training/train.py`);
}

/**
 * `model "builtin"`, a manifest path (.json), or the path of one of a model's .onnx files,
 * whose directory must hold the manifest that lists it.
 */
export function manifestPathFor(model: string): string {
  if (model === 'builtin') return builtinManifestPath();
  const path = resolve(model);
  return path.endsWith('.json') ? path : join(dirname(path), MANIFEST_FILE);
}

export async function readManifest(path: string): Promise<CoordinatorManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`coordinator: cannot read the model manifest ${path}: ${(error as Error).message} — a coordinator model is a ${MANIFEST_FILE} beside its .onnx files (see models/coordinator.md)`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === 3) {
    throw new Error(
      `coordinator: ${path} is a format-3 model (coord's v3 coordinator, which scored keys against a query vector); this coord reads format ${MANIFEST_FORMAT}, whose score graph takes cross features alone — retrain it with training/train.py, or use model "builtin"`,
    );
  }
  const parsed = CoordinatorManifest.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`coordinator: ${path} is not a coordinator manifest: ${z.prettifyError(parsed.error)}`);
  }
  const features = parsed.data.features;
  if (features.version !== FEATURES_VERSION || features.hashBuckets !== HASH_BUCKETS || features.maxIds !== MAX_IDS) {
    throw new Error(
      `coordinator: ${path} was trained on features v${features.version} (${features.hashBuckets} hash buckets, ${features.maxIds} ids) but this coord computes v${FEATURES_VERSION} (${HASH_BUCKETS}, ${MAX_IDS}) — retrain it with training/train.py`,
    );
  }
  if (features.cross.version !== CROSS_FEATURES_VERSION || features.cross.count !== CROSS_FEATURES) {
    throw new Error(
      `coordinator: ${path} was trained on cross features v${features.cross.version} (${features.cross.count}) but this coord computes v${CROSS_FEATURES_VERSION} (${CROSS_FEATURES}) — retrain it with training/train.py`,
    );
  }
  return parsed.data;
}

/** The model's featurizer, from the vocabulary file its manifest names (hash checked, like the graphs). */
export async function readFeaturizer(manifestPath: string, manifest: CoordinatorManifest): Promise<Featurizer> {
  const { vocabulary } = manifest.features;
  const bytes = await readVerified(join(dirname(manifestPath), vocabulary.path), vocabulary.sha256);
  const words = new TextDecoder().decode(bytes).split('\n').slice(0, -1);
  if (words.length !== vocabulary.words) {
    throw new Error(`coordinator: ${vocabulary.path} has ${words.length} words, the manifest says ${vocabulary.words} — re-export the model`);
  }
  return new Featurizer(words);
}
