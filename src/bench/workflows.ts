import path from 'node:path';
import type { WorkflowIR } from '../ir/schema.js';
import { loadWorkflow } from '../language/index.js';
import type { FamilyName } from './family.js';

/** A bench workflow that does not check: the file and its first error, for whoever reports it. */
export class BenchWorkflowError extends Error {
  constructor(
    readonly file: string,
    readonly firstError: string,
  ) {
    super(`${file} does not check: ${firstError}`);
    this.name = 'BenchWorkflowError';
  }
}

/** Loads and checks `workflows/bench/<family>.coord` under `root` for each family named. */
export async function loadBenchWorkflows(root: string, names: readonly FamilyName[]): Promise<Record<FamilyName, WorkflowIR>> {
  const out: Partial<Record<FamilyName, WorkflowIR>> = {};
  for (const family of names) {
    const file = path.join(root, 'workflows', 'bench', `${family}.coord`);
    const { ir, diagnostics } = await loadWorkflow(file);
    if (!ir) {
      const first = diagnostics.find((d) => d.severity === 'error');
      throw new BenchWorkflowError(file, first ? `${first.code} ${first.message}` : 'no IR');
    }
    out[family] = ir;
  }
  return out as Record<FamilyName, WorkflowIR>;
}
