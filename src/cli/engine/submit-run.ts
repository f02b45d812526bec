import type { WorkflowIR } from '../../ir/schema.js';
import { compileMachine } from '../../compile/machine.js';
import { newRunId } from '../../../runtime/run/run.js';
import { restateRefusalOf, restateRuns } from './engine-option.js';

/** Submits a checked workflow to a Restate server as run `runId`; `created` false when that id was submitted before. */
export async function submitRun(
  ingress: string,
  ir: WorkflowIR,
  options: { runId?: string; input?: unknown; simulateSeed?: number },
): Promise<{ runId: string; created: boolean }> {
  const runs = await restateRuns(ingress);
  const runId = options.runId ?? newRunId(ir.name);
  try {
    return await runs.submit(runId, {
      ir,
      machine: compileMachine(ir),
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.simulateSeed !== undefined ? { simulateSeed: options.simulateSeed } : {}),
    });
  } catch (error) {
    throw (await restateRefusalOf(error, runId)) ?? error;
  }
}
