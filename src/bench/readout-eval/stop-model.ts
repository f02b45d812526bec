/**
 * A learned per-query stop: how much of a readout to read. A global threshold reads every
 * slot whose logit clears one line, whatever the query; this logistic model reads a candidate
 * when, given where its score stands among this query's candidates (rank, gap to the best,
 * spread), the hop and the tokens already read, it is likely needed. Fitted by
 * training/fit-stop.ts on the training split's readout traces and tested by
 * bench/readout-stop.ts, it did not beat the global threshold at equal tokens, so the model
 * does not ship it (docs/coordinator.md, "Readout threshold"): it lives here, with its evaluation.
 */
import { z } from 'zod';
import type { HopView, StopRule } from '../../../runtime/coordinator/readout.js';

/** The stop model's inputs, in order: one home for their names and their meaning (stopFeatures). */
export const STOP_FEATURES = ['score', 'gap_to_best', 'z_score', 'log_rank', 'later_hop', 'later_hop_score', 'read_share', 'log_candidates'] as const;
export const STOP_FEATURES_VERSION = 1;

export const StopModel = z.object({
  version: z.literal(STOP_FEATURES_VERSION),
  features: z
    .array(z.enum(STOP_FEATURES))
    .refine((names) => names.length === STOP_FEATURES.length && names.every((name, i) => name === STOP_FEATURES[i]), {
      message: `the stop model's features must be, in order: ${STOP_FEATURES.join(', ')}`,
    }),
  /** Each feature is standardised as (x − mean) / scale before the weights apply. */
  mean: z.array(z.number()).length(STOP_FEATURES.length),
  scale: z.array(z.number().positive()).length(STOP_FEATURES.length),
  weights: z.array(z.number()).length(STOP_FEATURES.length),
  bias: z.number(),
  /** A candidate is read when its probability of being needed is above this (chosen on validation). */
  cutoff: z.number().gt(0).lt(1),
});
export type StopModel = z.infer<typeof StopModel>;

/** The features of every candidate of one hop, in STOP_FEATURES order. */
export function stopFeatures(view: HopView): number[][] {
  const scores = view.candidates.map((c) => c.score);
  const n = scores.length;
  if (n === 0) return [];
  const best = Math.max(...scores);
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  // Rank by score, ties to the earlier slot, as the readout orders them.
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || view.candidates[a]!.slot.slot - view.candidates[b]!.slot.slot);
  const rank = new Array<number>(n);
  order.forEach((i, r) => (rank[i] = r));
  const later = view.hop > 1 ? 1 : 0;
  const readShare = view.budgetTokens > 0 ? Math.min(1, view.readTokens / view.budgetTokens) : 1;
  return scores.map((score, i) => [score, best - score, sd > 1e-6 ? (score - mean) / sd : 0, Math.log1p(rank[i]!), later, later * score, readShare, Math.log(n)]);
}

/** The model's logit that each candidate is needed. */
export function stopLogits(model: StopModel, view: HopView): number[] {
  return stopFeatures(view).map((x) => x.reduce((sum, v, j) => sum + model.weights[j]! * ((v - model.mean[j]!) / model.scale[j]!), model.bias));
}

/** The stop as the readout uses it: read the candidates whose probability clears the model's cutoff. */
export function learnedStop(model: StopModel, cutoff = model.cutoff): StopRule {
  const line = Math.log(cutoff / (1 - cutoff));
  return (view) => stopLogits(model, view).map((logit) => logit > line);
}
