import { readFile } from 'node:fs/promises';
import { WorkflowIR } from '../../ir/schema.js';
import { PARSED_ONCE } from '../../ir/parse-once.js';
import { AnswerAlreadyGiven, waitingQuestion, type QuestionAnswer } from '../../../runtime/run/answers.js';
import { answersHumanIO } from '../../../runtime/run/human-io.js';
import { RunNotFound } from '../../../runtime/run/refusals.js';
import { resumeRun } from '../../../runtime/run/run.js';
import { FileRunStore } from '../../../runtime/store/file-store.js';
import { RunFilesError } from '../../../runtime/store/store.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { providersFor } from '../run/providers.js';
import { closeTracer, openTracer } from '../run/tracing.js';
import { openRunOutput, outputMode } from '../run/output.js';
import { refusalOf } from '../run/refusals.js';
import { exitCodeFor } from '../run/session.js';
import type { Command } from './command.js';

export const resumeCommand: Command = {
  summary: 'continue a run that was interrupted, cancelled or is waiting for input',
  usage: `usage: coord resume [options] <run-id>

Replays the run's journal (no step that finished runs again, no agent is called for it),
then continues where the journal ends: after a crash or kill, after Ctrl-C, or with the
answer a human step is waiting for.

options:
  --input <answer>    the answer to the question the run waits on (JSON, or plain text); it is
                      tied to that question: if another session answered it meanwhile, this
                      one is refused (the same answer again does nothing)
  --question <id>     the question --input answers, as 'coord run' printed it (e.g. review#2);
                      default: the one the run waits on when the command starts
  --answers <file>    JSON object of answers by human step name or question id (a list
                      answers repeated visits)
  --json              print events as NDJSON on stdout instead of progress lines
  --no-tui            print progress lines instead of the live dashboard on a terminal
  --runs-dir <dir>    where runs are kept (default: .coord/runs)
  --config <file>     provider config file (default: coord.config.json in the cwd)
  -h, --help          show this help

A run has one writer at a time: resuming a run that another session is writing (a run
still going, another resume) is refused with exit 4, naming the process that holds it.

exit status: as for 'coord run'; also 4 when another session holds the run, 2 when there is
nothing to resume or the answer is for another question, 0 when --input repeats the answer
the question already has (nothing is done)
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('resume', args, {
      input: { type: 'string' },
      question: { type: 'string' },
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
    const stored = await store.read(runId).catch((error: unknown) => {
      throw refusalOf(error) ?? error;
    });
    if (!stored) throw refusalOf(new RunNotFound(runId, store.root))!;

    const answers: Record<string, unknown> = values.answers === undefined ? {} : await readAnswers(values.answers);
    // --input answers the question the run waits on now; the runtime checks, under the run's lease, that it still does.
    let answer: QuestionAnswer | undefined;
    if (values.question !== undefined && values.input === undefined) throw new CliError('--question names the question that --input answers', 'add --input <answer>');
    if (values.input !== undefined) {
      const question = values.question ?? waitingQuestion(stored.records)?.id;
      if (!question) throw new CliError(`run ${runId} is not waiting for input`, 'use --answers to answer human steps ahead of time');
      answer = { question, value: parseAnswer(values.input) };
    }
    const parsed = WorkflowIR.safeParse(stored.ir, PARSED_ONCE);
    if (!parsed.success) throw refusalOf(new RunFilesError(`run ${runId}: ir.json is not a workflow IR (${parsed.error.issues[0]?.message})`))!;
    const ir = parsed.data;
    const { llm, secrets, functionTimeoutMs, config } = await providersFor(ir, { configPath: values.config, stream: !json, callsModels: stored.header.simulateSeed === undefined });

    const tracer = await openTracer(ir, config);
    const output = await openRunOutput(outputMode({ json, noTui: values['no-tui'] === true }, process.stdout));
    try {
      const result = await resumeRun({
        runId,
        store,
        purpose: 'coord resume',
        secrets,
        ...(functionTimeoutMs !== undefined ? { functionTimeoutMs } : {}),
        ...(llm ? { llm } : {}),
        ...(answer ? { answer } : {}),
        human: answersHumanIO(answers, output.human),
        signal: output.signal,
        ...(output.pause ? { pause: output.pause } : {}),
        onEvent: (event, meta) => {
          output.onEvent(event, meta);
          tracer?.onEvent(event);
        },
      });
      await output.finish(result, store.locate(runId));
      return exitCodeFor(result.outcome);
    } catch (error) {
      if (error instanceof AnswerAlreadyGiven) {
        process.stderr.write(`coord resume: ${error.message}\n`);
        return EXIT_OK;
      }
      // Anything else is a bug in coord: main reports it as one.
      throw refusalOf(error) ?? error;
    } finally {
      output.dispose();
      await closeTracer(tracer, 'resume');
    }
  },
};

export function singleRunId(command: string, positionals: string[]): string {
  if (positionals.length === 1) return positionals[0]!;
  throw new CliError(positionals.length === 0 ? 'no run id given' : `expected one run id, got ${positionals.length}`, `usage: coord ${command} <run-id>`);
}

/** `--input '"text"'`, `--input true`, `--input 2`, or plain text. */
export function parseAnswer(text: string): unknown {
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
