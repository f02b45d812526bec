import { z } from 'zod';
import { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LintReport } from '../lint/lint-report.js';

/** The static budget bound as `coord lint --format json` reports it (see docs/budget-bound.md). */
export const BudgetBoundJson = z.object({
  /** Worst-case tokens one run charges to the workflow budget (turns, LLM rewrites); null when no static bound exists. */
  tokens: z.number().nullable(),
  /** Tokens of the cheapest path to `done`; null when there is none or it has no cap. */
  bestCase: z.number().nullable(),
  /** The workflow's own budget; null when it declares none. */
  budget: z.number().nullable(),
  /** Why `tokens` is null. */
  unboundedBecause: z.array(z.string()),
  perAgent: z.record(
    z.string(),
    z.object({
      turns: z.number().nullable(),
      tokens: z.number().nullable(),
      /** Agents with tools: the most tokens tool results can bring into the agent's context in a run, within `tokens`. */
      toolResults: z.number().nullable().optional(),
    }),
  ),
  /** Worst-case tokens charged to each channel's own budget (deliveries, readouts, rewrites). */
  perChannel: z.record(z.string(), z.number().nullable()),
});

/**
 * The stable shape of `coord lint --format json` (version 1; fields are only ever added).
 * `files` lists each root file checked; findings in imported files appear under the root
 * that imported them, with their own `file`.
 */
export const LintJson = z.object({
  version: z.literal(1),
  files: z.array(
    z.object({
      file: z.string(),
      diagnostics: z.array(Diagnostic),
      /** Null when the file did not lower to an IR (it has errors), so flow analysis did not run. */
      budgetBound: BudgetBoundJson.nullable(),
    }),
  ),
  summary: z.object({ files: z.number().int(), errors: z.number().int(), warnings: z.number().int(), infos: z.number().int() }),
});
export type LintJson = z.infer<typeof LintJson>;

export function renderJson(report: LintReport): string {
  const json: LintJson = {
    version: 1,
    files: report.files.map((check) => ({
      file: check.file,
      diagnostics: check.diagnostics,
      budgetBound:
        check.budgetBound === undefined
          ? null
          : {
              tokens: check.budgetBound.tokens,
              bestCase: check.budgetBound.bestCase,
              budget: check.workflowBudget ?? null,
              unboundedBecause: check.budgetBound.unboundedBecause ?? [],
              perAgent: check.budgetBound.perAgent,
              perChannel: check.budgetBound.perChannel,
            },
    })),
    summary: report.summary,
  };
  return `${JSON.stringify(LintJson.parse(json), null, 2)}\n`;
}
