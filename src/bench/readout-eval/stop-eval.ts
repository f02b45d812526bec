/**
 * What the learned readout stop is fitted, chosen and tested on (training/fit-stop.ts,
 * bench/readout-stop.ts): the natural corpus's cases of one split, read through the runtime's
 * readout at every coordbench budget, with one operating point (a global threshold or the
 * stop's cutoff) for all budgets, as a shipped model has.
 */
import path from 'node:path';
import type { MessageCoordinator } from '../../../runtime/coordinator/types.js';
import { episodesOf, loadNaturalCorpus } from '../natural/load.js';
import type { Split } from '../splits.js';
import { mean } from '../stats.js';
import { naturalCase, type ReadoutCase } from './cases.js';
import { evaluateCase, fixedBudget, oracleMultiple, type BudgetSpec, type CaseResult } from './evaluate.js';

/** The natural corpus's budgets in coordbench v2 (bench/readout-eval.ts). */
export const stopBudgets: BudgetSpec[] = [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128), oracleMultiple(1), oracleMultiple(1.5), oracleMultiple(2)];

export async function naturalCases(split: Split, root = process.cwd()): Promise<ReadoutCase[]> {
  const natural = await loadNaturalCorpus(path.resolve(root, 'bench/corpus/natural'));
  return episodesOf(natural, split).map(naturalCase);
}

/** Every case read by a fresh coordinator from `open`, at every budget. */
export async function runCases(
  cases: readonly ReadoutCase[],
  budgets: readonly BudgetSpec[],
  countTokens: (text: string) => number,
  open: (c: ReadoutCase) => Promise<MessageCoordinator> | MessageCoordinator,
  name = 'learned',
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) out.push(await evaluateCase(c, { name, open: async (x) => open(x) }, budgets, countTokens));
  return out;
}

/** Recall and delivered tokens averaged over every case and budget: one operating point's worth. */
export function meanOver(results: readonly CaseResult[]): { recall: number; delivered: number } {
  const readouts = results.flatMap((r) => r.readouts);
  return { recall: mean(readouts.map((x) => x.recall)), delivered: mean(readouts.map((x) => x.delivered)) };
}
