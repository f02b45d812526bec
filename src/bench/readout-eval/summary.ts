import { z } from 'zod';
import { bootstrapMean, mean } from '../stats.js';
import type { CaseResult } from './evaluate.js';

export const Interval = z.object({ mean: z.number(), low: z.number(), high: z.number() });

/** A readout threshold as JSON holds it: a number, or "-inf" (read in score order until the budget is full). */
export const Threshold = z.union([z.number(), z.literal('-inf')]);
export type Threshold = z.infer<typeof Threshold>;
export const toThreshold = (t: number): Threshold => (t === -Infinity ? '-inf' : t);
export const fromThreshold = (t: Threshold): number => (t === '-inf' ? -Infinity : t);

/** One contender on one family at one budget, over the cases of the split. */
export const ReadoutRow = z.object({
  family: z.string(),
  contender: z.string(),
  budget: z.string(),
  /** The readout threshold used: chosen on validation, or the contender's own where none was chosen (the oracle). */
  threshold: Threshold.nullable(),
  /** The per-query limit used, chosen on validation; null for none. Absent from files written before it was chosen. */
  perQuery: z.number().int().positive().nullable().optional(),
  cases: z.number().int(),
  recall: Interval,
  delivered: Interval,
  oracleTokens: z.number(),
  /** Share of cases whose every needed segment was read. */
  complete: z.number(),
});
export type ReadoutRow = z.infer<typeof ReadoutRow>;

export const RankingRow = z.object({
  family: z.string(),
  contender: z.string(),
  cases: z.number().int(),
  auc: Interval.optional(),
  firstHopAuc: Interval.optional(),
  rPrecision: Interval.optional(),
});
export type RankingRow = z.infer<typeof RankingRow>;

/** contender − baseline, per case, at the same budget: recall and delivered tokens, paired intervals. */
export const PairedRow = z.object({
  family: z.string(),
  budget: z.string(),
  contender: z.string(),
  baseline: z.string(),
  cases: z.number().int(),
  recallDiff: Interval,
  deliveredDiff: Interval,
});
export type PairedRow = z.infer<typeof PairedRow>;

const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
const interval = (xs: number[]) => (xs.length === 0 ? undefined : bootstrapMean(xs));

/** A contender's operating point at one budget as results hold it. */
export interface ChosenPoint {
  threshold: Threshold;
  perQuery: number | null;
}

export function readoutRows(results: readonly CaseResult[], points: ReadonlyMap<string, ChosenPoint>): ReadoutRow[] {
  const rows: ReadoutRow[] = [];
  const key = (r: CaseResult) => `${r.family}\u0000${r.contender}`;
  const groups = Map.groupBy(results, key);
  for (const group of groups.values()) {
    const first = group[0]!;
    for (const budget of first.readouts.map((r) => r.budget)) {
      const at = group.map((r) => r.readouts.find((x) => x.budget === budget)!);
      rows.push({
        family: first.family,
        contender: first.contender,
        budget,
        threshold: points.get(`${first.contender}\u0000${budget}`)?.threshold ?? null,
        perQuery: points.get(`${first.contender}\u0000${budget}`)?.perQuery ?? null,
        cases: group.length,
        recall: bootstrapMean(at.map((x) => x.recall)),
        delivered: bootstrapMean(at.map((x) => x.delivered)),
        oracleTokens: mean(group.map((r) => r.oracleTokens)),
        complete: at.filter((x) => x.recall === 1).length / at.length,
      });
    }
  }
  return rows;
}

export function rankingRows(results: readonly CaseResult[]): RankingRow[] {
  return [...Map.groupBy(results, (r) => `${r.family}\u0000${r.contender}`).values()].map((group) => {
    const a = interval(defined(group.map((r) => r.auc)));
    const f = interval(defined(group.map((r) => r.firstHopAuc)));
    const p = interval(defined(group.map((r) => r.rPrecision)));
    return {
      family: group[0]!.family,
      contender: group[0]!.contender,
      cases: group.length,
      ...(a ? { auc: a } : {}),
      ...(f ? { firstHopAuc: f } : {}),
      ...(p ? { rPrecision: p } : {}),
    };
  });
}

/** One contender's readouts of one case, as a results file keeps them for pairing with another run (readout-compare). */
export const CaseReadouts = z.object({
  contender: z.string(),
  id: z.string(),
  family: z.string(),
  readouts: z.array(z.object({ budget: z.string(), recall: z.number(), delivered: z.number() })),
});
export type CaseReadouts = z.infer<typeof CaseReadouts>;

export function pairedRows(results: readonly CaseReadouts[], contender: string, baselines: readonly string[]): PairedRow[] {
  const rows: PairedRow[] = [];
  const mine = results.filter((r) => r.contender === contender);
  for (const baseline of baselines) {
    const theirs = new Map(results.filter((r) => r.contender === baseline).map((r) => [r.id, r]));
    for (const [family, group] of Map.groupBy(mine, (r) => r.family)) {
      for (const budget of group[0]!.readouts.map((r) => r.budget)) {
        const pairs = group.flatMap((r) => {
          const other = theirs.get(r.id);
          if (!other) return [];
          const a = r.readouts.find((x) => x.budget === budget)!;
          const b = other.readouts.find((x) => x.budget === budget)!;
          return [{ recall: a.recall - b.recall, delivered: a.delivered - b.delivered }];
        });
        if (pairs.length === 0) continue;
        rows.push({
          family,
          budget,
          contender,
          baseline,
          cases: pairs.length,
          recallDiff: bootstrapMean(pairs.map((p) => p.recall)),
          deliveredDiff: bootstrapMean(pairs.map((p) => p.delivered)),
        });
      }
    }
  }
  return rows;
}
