import { nonNegativeInteger, parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { coordCommand } from '../invocation.js';
import { requireValidWorkflow } from '../lint/require-valid-workflow.js';
import { engineHelp, engineOption } from '../engine/engine-option.js';
import { submitRun } from '../engine/submit-run.js';
import { readInput } from './run.js';
import { singleFile } from './single-file.js';
import type { Command } from './command.js';

export const submitCommand: Command = {
  summary: 'start a run on a Restate server and print its id; serve processes run it',
  usage: `usage: coord submit [options] <file.coord>

Checks and compiles the workflow and starts it as a run on a Restate server, where the
'coord serve' processes registered with it execute it; prints the run's id and returns.
Follow it with 'coord status', 'coord logs --follow', answer its questions with
'coord answer'. Submitting a run id that was submitted before starts nothing: the id
names the run already there (one run per id).

options:
${engineHelp('restate')}
  --run-id <id>       name the run (default: <workflow>-<time>-<random>)
  --input <file>      JSON file given to every agent as the run's input
  --simulate          run with simulated agents (no providers, no function agents)
  --seed <n>          seed for --simulate (default 1)
  -h, --help          show this help

exit status: 0 submitted (or the id names a run already submitted), 1 the workflow has
             errors, 2 bad usage or the Restate server cannot be reached
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('submit', args, {
      engine: { type: 'string' },
      'run-id': { type: 'string' },
      input: { type: 'string' },
      simulate: { type: 'boolean' },
      seed: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const engine = engineOption('submit', values.engine, 'restate');
    if (engine.kind !== 'restate') throw new CliError("coord submit starts runs on a Restate server, not the file engine", `use '${coordCommand()} run <file.coord>' to run here`);
    const file = singleFile('submit', positionals);
    const seed = nonNegativeInteger('submit', 'seed', values.seed);
    if (seed !== undefined && !values.simulate) throw new CliError('--seed only applies with --simulate', 'add --simulate, or drop --seed');
    const input = values.input === undefined ? undefined : await readInput(values.input);
    const { ir } = await requireValidWorkflow('submit', file);
    const submitted = await submitRun(engine.ingress, ir, {
      ...(values['run-id'] !== undefined ? { runId: values['run-id'] } : {}),
      ...(input !== undefined ? { input } : {}),
      ...(values.simulate ? { simulateSeed: seed ?? 1 } : {}),
    });
    if (!submitted.created) process.stderr.write(`coord submit: run ${submitted.runId} was submitted before; nothing new was started\n`);
    process.stdout.write(`${submitted.runId}\n`);
    return EXIT_OK;
  },
};
