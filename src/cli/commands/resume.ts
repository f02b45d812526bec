import { readFile } from 'node:fs/promises';
import type { WorkflowIR } from '../../ir/schema.js';
import { answersHumanIO } from '../../../runtime/run/human-io.js';
import { resumeRun } from '../../../runtime/run/run.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { openRunOutput, outputMode } from '../run/output.js';
import { exitCodeFor } from '../run/session.js';
import type { Command } from './command.js';

export const resumeCommand: Command = {
  summary: 'continue a run that was interrupted, cancelled or is waiting for input',
  usage: `usage: coord resume [options] <run-id>

Replays the run's journal (no step that finished runs again, no agent is called for it),
then continues where the journal ends: after a crash or kill, after Ctrl-C, or with the
answer a human step is waiting for.

options:
  --input <answer>    the answer for the human step the run is waiting on (JSON, or plain text)
  --answers <file>    JSON object of answers by human step name (a list answers repeated visits)
  --json              print events as NDJSON on stdout instead of progress lines
  --no-tui            print progress lines instead of the live dashboard on a terminal
  --runs-dir <dir>    where runs are kept (default: .coord/runs)
  --config <file>     provider config file (default: coord.config.json in the cwd)
  -h, --help          show this help

exit status: as for 'coord run'
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('resume', args, {
      input: { type: 'string' },
      answers: { type: 'string' },
      json: { type: 'boolean' },
      'no-tui': { type: 'boolean' },
      'runs-dir': { type: 'string' },
      config: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const runId = singleRunId('resume', positionals);
    const json = values.json === true;
    const store = new FileRunStore(values['runs-dir']);
    const stored = store.read(runId);
    if (!stored) throw new CliError(`no run '${runId}' in ${store.root}`, "pass the run id 'coord run' printed, and the same --runs-dir");

    const answers: Record<string, unknown> = values.answers === undefined ? {} : await readAnswers(values.answers);
    if (values.input !== undefined) {
      const node = waitingNode(stored.records);
      if (!node) throw new CliError(`run ${runId} is not waiting for input`, 'use --answers to answer human steps ahead of time');
      answers[node] = parseAnswer(values.input);
    }
    const ir = stored.ir as WorkflowIR;
    const llm = stored.header.simulateSeed === undefined && ir.agents?.some((a) => a.kind === 'llm') ? (await import('../run/providers.js')).llmAgentsFor(ir, undefined, values.config, !json) : undefined;

    const output = await openRunOutput(outputMode({ json, noTui: values['no-tui'] === true }, process.stdout));
    try {
      const result = await resumeRun({
        runId,
        store,
        ...(llm ? { llm } : {}),
        human: answersHumanIO(answers, output.human),
        signal: output.signal,
        ...(output.pause ? { pause: output.pause } : {}),
        onEvent: (event, meta) => output.onEvent(event, meta),
      }).catch((error: unknown) => {
        throw new CliError((error as Error).message, undefined, EXIT_FAILURE);
      });
      await output.finish(result, store.locate(runId));
      return exitCodeFor(result.outcome);
    } finally {
      output.dispose();
    }
  },
};

export function singleRunId(command: string, positionals: string[]): string {
  if (positionals.length === 1) return positionals[0]!;
  throw new CliError(positionals.length === 0 ? 'no run id given' : `expected one run id, got ${positionals.length}`, `usage: coord ${command} <run-id>`);
}

/** The human step the run stopped at: the last one that asked and was not answered. */
function waitingNode(records: Array<{ kind: string; event?: { type: string; node?: string } }>): string | undefined {
  let waiting: string | undefined;
  for (const record of records) {
    if (record.kind !== 'event') continue;
    if (record.event?.type === 'human.waiting') waiting = record.event.node;
    if (record.event?.type === 'human.answered' || record.event?.type === 'human.timedOut') waiting = undefined;
  }
  return waiting;
}

/** `--input '"text"'`, `--input true`, `--input 2`, or plain text. */
function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readAnswers(path: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read --answers ${path}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(`--answers ${path} must hold a JSON object of answers by human step name`);
  }
  return parsed as Record<string, unknown>;
}
