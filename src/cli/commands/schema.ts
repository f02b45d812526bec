import { irJsonSchema } from '../../ir/json-schema.js';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import type { Command } from './command.js';

export const schemaCommand: Command = {
  summary: 'print the JSON Schema of the workflow IR',
  usage: `usage: coord schema

Prints the JSON Schema of coord's intermediate representation (what 'coord compile' and
the runtime consume), for tools that generate or validate workflows without coord.

options:
  -h, --help  show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('schema', args, {});
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'`, 'coord schema takes no arguments');
    process.stdout.write(`${JSON.stringify(irJsonSchema(), null, 2)}\n`);
    return EXIT_OK;
  },
};
