import type { Severity } from './diagnostic.js';

/**
 * Every diagnostic coord can report, in one table (docs/diagnostics.md documents each).
 * Codes are stable: never reuse or renumber one. Ranges:
 *   COORD001–099  syntax, names, declarations, budgets, channels, providers (src/language)
 *   COORD100–199  flow analysis and the static budget bound (src/analysis)
 *   COORD200–299  parallel branches, fan-out and human steps
 */
export interface DiagnosticDefinition {
  code: string;
  severity: Severity;
  /** Short name, used as the SARIF rule name and the docs anchor. */
  name: string;
  /** One-line description of the rule. */
  summary: string;
  /** What to do about it, when the finding has no more specific hint. */
  hint: string;
}

export const DIAGNOSTICS = {
} as const satisfies Record<string, DiagnosticDefinition>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
