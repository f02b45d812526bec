import { mean, percentile } from '../stats.js';
import type { CaseReadout } from './evaluate.js';

/**
 * The readout thresholds tried beside a contender's own: its default (undefined), −∞ (fill the
 * budget in score order) and the 25th, 50th, 75th and 90th percentiles of its scores on the
 * cases the point is chosen on.
 */
export const thresholdGrid = (scores: readonly number[]): (number | undefined)[] => [
  ...new Set([undefined, -Infinity, ...[25, 50, 75, 90].map((p) => percentile(scores, p))]),
];

export interface Kept<T> {
  recall: number;
  delivered: number;
  value: T;
}

/**
 * An operating point per budget: of every run considered, the one with the most mean recall at
 * that budget, ties (within 1e-9) going to fewer mean tokens delivered and then to the run
 * considered first. `value` is what the caller keeps of the run (its point, its results).
 */
export class BestPerBudget<T> {
  private readonly kept = new Map<string, Kept<T>>();

  constructor(private readonly budgets: readonly string[]) {}

  consider(results: readonly { readouts: readonly CaseReadout[] }[], value: T): void {
    for (const budget of this.budgets) {
      const at = results.map((r) => r.readouts.find((x) => x.budget === budget)!);
      const candidate = { recall: mean(at.map((x) => x.recall)), delivered: mean(at.map((x) => x.delivered)), value };
      const best = this.kept.get(budget);
      if (!best || candidate.recall > best.recall + 1e-9 || (Math.abs(candidate.recall - best.recall) <= 1e-9 && candidate.delivered < best.delivered)) {
        this.kept.set(budget, candidate);
      }
    }
  }

  at(budget: string): Kept<T> {
    const kept = this.kept.get(budget);
    if (!kept) throw new Error(`no run was considered for budget ${budget}`);
    return kept;
  }
}
