import { readFile } from 'node:fs/promises';
import { nonNegativeInteger, parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { beginValidWorkflow } from '../lint/require-valid-workflow.js';
import { engineHelp, engineOption } from '../engine/engine-option.js';
import type { Command } from './command.js';
import { singleFile } from './single-file.js';
import { startSpareThreadsFor } from '../run/spare-threads.js';

/**
 * What a run needs beyond its arguments and its check, loaded while the workflow is checked (in a
 * Node started from the start-up snapshot where there is one: require-valid-workflow.ts), rather
 * than before: the runtime, zod's schemas, the output. One import, so that the bundle gives the
 * run its modules in as few files as the other commands' share of them allows.
 */
function runModules() {
  return import('../run/run-modules.js');
}

export const runCommand: Command = {
  summary: 'run a workflow: drive its agents within their budgets',
  usage: `usage: coord run [options] <file.coord>

Checks and compiles the workflow, then runs it: every agent turn, message and token is
journaled under the runs folder, budgets are enforced before tokens are spent, and a
summary of tokens against every budget is printed at the end.

On a terminal (outside CI) a live dashboard shows every budget: q stops the run (state
is saved; 'coord resume' continues it), p pauses and resumes between turns, ? shows help.
Elsewhere, or with --no-tui, progress is printed line by line. NO_COLOR and FORCE_COLOR
are honoured (docs/dashboard.md).

options:
  --simulate          run with simulated agents (no providers, no function agents)
  --seed <n>          seed for --simulate (default 1)
  --input <file>      JSON file given to every agent as the run's input
  --json              print events as NDJSON on stdout instead of progress lines
  --no-tui            print progress lines instead of the live dashboard on a terminal
  --run-id <id>       name the run (default: <workflow>-<time>-<random>)
  --runs-dir <dir>    where runs are kept (default: .coord/runs)
  --config <file>     provider config file (default: coord.config.json beside the workflow or in the cwd)
${engineHelp('file')}
                      With restate the run is submitted to the server, 'coord serve' processes
                      run it, and this command prints its events until it ends or waits on a
                      question (exit 3; answer with 'coord answer')
  -h, --help          show this help

exit status: 0 done, 1 failed or budget exhausted, 2 bad usage or configuration,
             3 waiting for input (continue with 'coord resume'), 4 the run id is in use
             by another session, 130 cancelled
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('run', args, {
      simulate: { type: 'boolean' },
      seed: { type: 'string' },
      input: { type: 'string' },
      json: { type: 'boolean' },
      'no-tui': { type: 'boolean' },
      'run-id': { type: 'string' },
      'runs-dir': { type: 'string' },
      config: { type: 'string' },
      engine: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const file = singleFile('run', positionals);
    const seed = nonNegativeInteger('run', 'seed', values.seed);
    if (seed !== undefined && !values.simulate) throw new CliError('--seed only applies with --simulate', "add --simulate, or drop --seed");
    const input = values.input === undefined ? undefined : await readInput(values.input);
    const json = values.json === true;
    const engine = engineOption('run', values.engine, 'file');

    // The check starts first; then the threads its function agents seem to need (a run on Restate
    // runs them elsewhere, a simulated one never), and the rest of the run loads meanwhile.
    const checked = await beginValidWorkflow('run', file);
    if (!values.simulate && engine.kind === 'file') await startSpareThreadsFor(file);
    const { compileMachine, preloadFunctionAgents, simulatedHumanIO, startRun, FileRunStore, providersFor, openTracer, closeTracer, loadDashboard, openRunOutput, outputMode, refusalOf, exitCodeFor } =
      await runModules();
    const mode = outputMode({ json, noTui: values['no-tui'] === true }, process.stdout);
    // Ink loads while the workflow is checked; a failed load is reported when the dashboard needs it.
    if (mode === 'dashboard' && engine.kind === 'file') loadDashboard().catch(() => undefined);

    const { ir } = await checked();
    const simulateSeed = values.simulate ? (seed ?? 1) : undefined;
    if (engine.kind === 'restate') {
      const { runOnRestate } = await import('../engine/remote-run.js');
      return runOnRestate(engine.ingress, ir, { json, ...(values['run-id'] !== undefined ? { runId: values['run-id'] } : {}), ...(input !== undefined ? { input } : {}), ...(simulateSeed !== undefined ? { simulateSeed } : {}) });
    }
    // Function agents' threads start and load their modules while the rest is set up.
    if (simulateSeed === undefined) preloadFunctionAgents(ir);
    const machine = compileMachine(ir);
    const { llm, secrets, functionTimeoutMs, config } = await providersFor(ir, { workflowFile: file, configPath: values.config, stream: !json, callsModels: simulateSeed === undefined });
    const store = new FileRunStore(values['runs-dir']);

    const tracer = await openTracer(ir, config);
    const output = await openRunOutput(mode);
    try {
      const result = await startRun({
        ir,
        machine,
        store,
        runId: values['run-id'],
        purpose: 'coord run',
        secrets,
        ...(functionTimeoutMs !== undefined ? { functionTimeoutMs } : {}),
        input,
        simulateSeed,
        ...(llm ? { llm } : {}),
        // --simulate answers human steps with seeded answers too, so a simulated run never waits for a person.
        human: simulateSeed !== undefined ? simulatedHumanIO(simulateSeed) : output.human,
        signal: output.signal,
        ...(output.pause ? { pause: output.pause } : {}),
        onEvent: (event, meta) => {
          output.onEvent(event, meta);
          tracer?.onEvent(event);
        },
      }).catch((error: unknown) => {
        // Anything else is a bug in coord: main reports it as one.
        throw refusalOf(error) ?? error;
      });
      await output.finish(result, store.locate(result.runId));
      return exitCodeFor(result.outcome);
    } finally {
      output.dispose();
      await closeTracer(tracer, 'run');
    }
  },
};

/** Reads `--input`: a JSON file given to every agent as the run's input. */
export async function readInput(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --input ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`--input ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
