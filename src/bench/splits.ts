import { z } from 'zod';

export const Split = z.enum(['train', 'validation', 'test']);
export type Split = z.infer<typeof Split>;

export const SPLITS: readonly Split[] = Split.options;

/**
 * Each split owns a disjoint range of seeds, so the same seed can never produce
 * a task in two splits. (Splits are also disjoint in templates and vocabulary;
 * see templates.ts and vocabulary.ts.)
 */
const SPLIT_SIZE = 1_000_000_000;
const SPLIT_BASE: Record<Split, number> = { train: 0, validation: SPLIT_SIZE, test: 2 * SPLIT_SIZE };

/** The seed of the index-th task of a split. */
export function seedFor(split: Split, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= SPLIT_SIZE) {
    throw new RangeError(`task index ${index} is outside 0..${SPLIT_SIZE - 1}`);
  }
  return SPLIT_BASE[split] + index;
}

/** The split a seed belongs to. */
export function splitOf(seed: number): Split {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 3 * SPLIT_SIZE) {
    throw new RangeError(`seed ${seed} is outside 0..${3 * SPLIT_SIZE - 1}`);
  }
  return SPLITS[Math.floor(seed / SPLIT_SIZE)] as Split;
}

export function assertSeedInSplit(seed: number, split: Split): void {
  const actual = splitOf(seed);
  if (actual !== split) throw new RangeError(`seed ${seed} belongs to the ${actual} split, not ${split}`);
}
