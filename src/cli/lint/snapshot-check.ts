import { z } from 'zod';
import { Diagnostic } from '../../diagnostics/diagnostic.js';
import { WorkflowIR } from '../../ir/schema.js';

/** What the start-up snapshot's `check` prints (lint-snapshot.ts): the check, or the refusal a CliError makes. */
export const SnapshotCheck = z.union([
  z.object({ check: z.object({ file: z.string(), diagnostics: z.array(Diagnostic), ir: WorkflowIR.optional() }) }),
  z.object({ refused: z.object({ message: z.string(), hint: z.string().optional(), exitCode: z.number().int() }) }),
]);
export type SnapshotCheck = z.infer<typeof SnapshotCheck>;
