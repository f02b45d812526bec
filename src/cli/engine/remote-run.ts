import type { WorkflowIR } from '../../ir/schema.js';
import { coordCommand } from '../invocation.js';
import { openRunOutput } from '../run/output.js';
import { EXIT_WAITING, exitCodeFor } from '../run/session.js';
import { restateRefusalOf, restateRuns } from './engine-option.js';
import { followRun } from './follow.js';
import { submitRun } from './submit-run.js';

/**
 * `coord run --engine restate`: submits the run to a Restate server and shows its events as
 * the serve processes produce them, in the lines (or NDJSON) `coord run` prints on the file
 * engine; the live dashboard is not drawn for a remote run. It returns when the run ends, or
 * when it waits on a person (exit 3: `coord answer` goes on). Ctrl-C stops following, not the
 * run: it goes on on the server.
 */
export async function runOnRestate(
  ingress: string,
  ir: WorkflowIR,
  options: { json: boolean; runId?: string; input?: unknown; simulateSeed?: number },
): Promise<number> {
  const submitted = await submitRun(ingress, ir, options);
  if (!submitted.created) process.stderr.write(`coord run: run ${submitted.runId} was submitted before; following it\n`);
  const runs = await restateRuns(ingress);
  const output = await openRunOutput(options.json ? 'json' : 'plain');
  const where = `restate:coord/${submitted.runId} at ${ingress}`;
  try {
    const followed = await followRun(runs, submitted.runId, (event) => output.onEvent(event, { replayed: false }), { untilQuestion: true, signal: output.signal });
    if (!followed.outcome) {
      for (const q of followed.questions) {
        process.stderr.write(`run ${submitted.runId} waits on ${q.id}; answer with: ${coordCommand()} answer ${submitted.runId} ${q.id} '<answer>' --engine restate=${ingress}\n`);
      }
      if (followed.questions.length === 0) process.stderr.write(`coord run: stopped following; run ${submitted.runId} goes on on the server (${where})\n`);
      return followed.questions.length > 0 ? EXIT_WAITING : exitCodeFor('cancelled');
    }
    const status = await runs.status(submitted.runId);
    const finished = followed.events.findLast((event) => event.type === 'run.finished');
    await output.finish(
      {
        runId: submitted.runId,
        outcome: followed.outcome,
        ...(status.summary?.reason ? { reason: status.summary.reason } : {}),
        tokens: status.summary?.tokens ?? 0,
        wallMs: finished?.type === 'run.finished' ? finished.wallMs : 0,
        outputs: status.summary?.outputs ?? {},
        budgets: status.budgets ?? [],
        events: followed.events,
        mismatches: [],
      },
      where,
    );
    return exitCodeFor(followed.outcome);
  } catch (error) {
    throw (await restateRefusalOf(error, submitted.runId)) ?? error;
  } finally {
    output.dispose();
  }
}
