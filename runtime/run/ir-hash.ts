import { createHash } from 'node:crypto';
import type { WorkflowIR } from '../../src/ir/schema.js';

/** The sha256 of an IR's JSON: a journal is only ever replayed against the IR it was written for. */
export function irHash(ir: WorkflowIR): string {
  return createHash('sha256').update(JSON.stringify(ir)).digest('hex');
}
