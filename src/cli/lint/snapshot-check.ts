import { z } from 'zod';
import { Diagnostic } from '../../diagnostics/diagnostic.js';
import { WorkflowIR } from '../../ir/schema.js';
import { markChecked, PARSED_ONCE } from '../../ir/parse-once.js';

/** What the start-up snapshot's `check` prints (lint-snapshot.ts): the check, or the refusal a CliError makes. */
export const SnapshotCheck = z.union([
  z.object({ check: z.object({ file: z.string(), diagnostics: z.array(Diagnostic), ir: WorkflowIR.optional() }) }),
  z.object({ refused: z.object({ message: z.string(), hint: z.string().optional(), exitCode: z.number().int() }) }),
]);
export type SnapshotCheck = z.infer<typeof SnapshotCheck>;

/** The check's answer, as printed; its IR, parsed against WorkflowIR within it, is not parsed again by startRun. */
export function parseSnapshotCheck(stdout: string): SnapshotCheck {
  const answer = SnapshotCheck.parse(JSON.parse(stdout), PARSED_ONCE);
  if ('check' in answer && answer.check.ir) markChecked(WorkflowIR, answer.check.ir);
  return answer;
}
