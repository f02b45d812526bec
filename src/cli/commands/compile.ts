import { compileMachine, MachineCompileError } from '../../compile/machine.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { requireValidWorkflow } from '../lint/require-valid-workflow.js';
import type { Command } from './command.js';
import { singleFile } from './single-file.js';

export const compileCommand: Command = {
  summary: 'print the XState machine config a workflow compiles to, as JSON',
  usage: `usage: coord compile [options] <file.coord>

Checks the workflow and prints the XState v5 machine config it compiles to, as JSON
(docs/machine.md describes its shape). Refuses, listing the findings, when the workflow
has errors; warnings are printed to stderr and do not block.

options:
  -h, --help  show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('compile', args, {});
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const input = singleFile('compile', positionals);
    const { ir } = await requireValidWorkflow('compile', input);
    try {
      process.stdout.write(`${JSON.stringify(compileMachine(ir), null, 2)}\n`);
    } catch (error) {
      if (!(error instanceof MachineCompileError)) throw error;
      throw new CliError(`cannot compile ${input}: ${error.message}`, `run 'coord lint ${input}' for details`, EXIT_FAILURE);
    }
    return EXIT_OK;
  },
};
