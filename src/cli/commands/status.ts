import type { RunStatus } from '../../../runtime/engine/restate/state.js';
import { waitingQuestion } from '../../../runtime/run/answers.js';
import { RunNotFound } from '../../../runtime/run/refusals.js';
import { lastOutcome } from '../../../runtime/run/stored-run.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { coordCommand } from '../invocation.js';
import { engineHelp, engineOption, restateRefusalOf, restateRuns } from '../engine/engine-option.js';
import { refusalOf } from '../run/refusals.js';
import type { Command } from './command.js';
import { singleRunId } from './resume.js';

export const statusCommand: Command = {
  summary: 'show where a run is: running, waiting on a question, or how it ended',
  usage: `usage: coord status [options] <run-id>

Shows a run's state, the questions it waits on (with the command that answers each), and
its budgets: of a run on a Restate server (by default), or of one in the local runs folder.

options:
${engineHelp('restate')}
  --runs-dir <dir>    with --engine file: where runs are kept (default: .coord/runs)
  --json              print the status as JSON
  -h, --help          show this help

exit status: 0 shown, 2 bad usage, no such run, or the Restate server cannot be reached
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('status', args, { engine: { type: 'string' }, 'runs-dir': { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const runId = singleRunId('status', positionals);
    const engine = engineOption('status', values.engine, 'restate');
    const status = engine.kind === 'restate' ? await remoteStatus(engine.ingress, runId) : await fileStatus(values['runs-dir'], runId);
    process.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : describe(status, engine.kind === 'restate' ? ` --engine restate=${engine.ingress}` : ''));
    return EXIT_OK;
  },
};

async function remoteStatus(ingress: string, runId: string): Promise<RunStatus> {
  const runs = await restateRuns(ingress);
  const status = await runs.status(runId).catch(async (error: unknown) => {
    throw (await restateRefusalOf(error, runId)) ?? error;
  });
  // Restate answers for any id; a run never submitted (or past its retention) has no state.
  if (status.state === 'unknown') throw new CliError(`no run '${runId}' on the Restate server at ${ingress}`, `pass a run id '${coordCommand()} submit' printed, and the same --engine`);
  return status;
}

function notFound(runId: string, where: string): Error {
  return refusalOf(new RunNotFound(runId, where))!;
}

/** A local run's status from its journal: how its last session ended, and the question it waits on. */
async function fileStatus(runsDir: string | undefined, runId: string): Promise<RunStatus> {
  const store = new FileRunStore(runsDir);
  const stored = await store.read(runId).catch((error: unknown) => {
    throw refusalOf(error) ?? error;
  });
  if (!stored) throw notFound(runId, store.root);
  const outcome = lastOutcome(stored.records);
  const waiting = outcome === 'waiting_for_input' ? waitingQuestion(stored.records) : undefined;
  const q = waiting?.question;
  return {
    runId,
    workflow: stored.header.workflow,
    createdAt: stored.header.createdAt,
    state: outcome ?? 'running',
    questions: q ? [{ id: q.id, node: q.node, ask: q.ask, prompt: q.prompt, ...(q.options ? { options: q.options } : {}) }] : [],
  };
}

function describe(status: RunStatus, engineFlag: string): string {
  const lines = [`run ${status.runId}${status.workflow ? ` of ${status.workflow}` : ''}: ${status.state.replaceAll('_', ' ')}${status.summary?.reason ? ` (${status.summary.reason})` : ''}`];
  for (const q of status.questions) {
    const options = q.ask === 'approval' ? 'yes|no' : q.ask === 'choice' ? (q.options ?? []).join('|') : "'<text>'";
    lines.push(`waiting on ${q.id} (${q.ask}): ${q.prompt}${q.deadline ? ` (until ${q.deadline})` : ''}`);
    lines.push(
      engineFlag
        ? `  answer with: ${coordCommand()} answer ${status.runId} ${q.id} ${options}${engineFlag}`
        : `  answer with: ${coordCommand()} resume ${status.runId} --input ${options} --question ${q.id}`,
    );
  }
  for (const pool of status.budgets ?? []) {
    if (pool.limit !== undefined && (pool.level === 'run' || pool.level === 'agent' || pool.level === 'channel')) lines.push(`  ${pool.key}: ${pool.spent} of ${pool.limit} tokens`);
  }
  if (status.summary) lines.push(`tokens: ${status.summary.tokens}`);
  return `${lines.join('\n')}\n`;
}
