import { z } from 'zod';
import { CaseReadouts, PairedRow, RankingRow, ReadoutRow, Threshold } from './summary.js';

/** bench/results/readout/<corpus>.json: everything the readout report and BENCHMARKS.md tables come from. */
export const ReadoutResults = z.object({
  version: z.literal(1),
  command: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  machine: z.object({ cpu: z.string(), cores: z.number().int(), node: z.string() }),
  settings: z.object({
    corpus: z.string(),
    hops: z.number().int().positive(),
    budgets: z.array(z.string()),
    tokenizer: z.string(),
    validationCases: z.number().int(),
    testCases: z.number().int(),
    coordinator: z.object({ manifest: z.string(), sha256: z.string() }).optional(),
  }),
  /**
   * The operating point of each contender at each budget, chosen on validation (highest mean recall; ties: fewer
   * tokens): its threshold, and its per-query limit (null: none; absent from files written before it was chosen).
   */
  thresholds: z.array(
    z.object({
      contender: z.string(),
      budget: z.string(),
      threshold: Threshold,
      perQuery: z.number().int().positive().nullable().optional(),
      validationRecall: z.number(),
      validationDelivered: z.number(),
    }),
  ),
  readout: z.array(ReadoutRow),
  ranking: z.array(RankingRow),
  paired: z.array(PairedRow),
  /**
   * The learned contender's readouts of each test case, so that another run (another model, at its
   * own commit) can be paired with this one case by case (bench/readout-compare.ts). Absent from
   * files written before it was kept.
   */
  cases: z.array(CaseReadouts).optional(),
});
export type ReadoutResults = z.infer<typeof ReadoutResults>;
