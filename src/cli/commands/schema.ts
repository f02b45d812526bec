import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK } from '../errors.js';
import { JSON_SCHEMAS, type JsonSchemaName } from '../json-schemas.js';
import type { Command } from './command.js';

const NAMES = Object.keys(JSON_SCHEMAS) as JsonSchemaName[];

export const schemaCommand: Command = {
  summary: 'print a JSON Schema: the workflow IR, the lint report, the config file, the run events',
  usage: `usage: coord schema [ir|lint|config|events]

Prints one of the JSON Schemas (draft 2020-12) coord publishes, for tools and editors:

  ir      the intermediate representation of a workflow, what 'coord compile' and the
          runtime consume (the default)
  lint    the report of 'coord lint --format json'
  config  coord.config.json, the provider settings file
  events  one event of a run: a line of 'coord run --json' and of the run log

The package ships the same four as schemas/<name>.schema.json.

options:
  -h, --help  show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('schema', args, {});
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    if (positionals.length > 1) throw new CliError(`unexpected argument '${positionals[1]}'`, `coord schema takes one of ${NAMES.join(', ')}`);
    const name = positionals[0] ?? 'ir';
    if (!(NAMES as string[]).includes(name)) throw new CliError(`no schema named '${name}'`, `coord schema takes one of ${NAMES.join(', ')}`);
    process.stdout.write(`${JSON.stringify(JSON_SCHEMAS[name as JsonSchemaName](), null, 2)}\n`);
    return EXIT_OK;
  },
};
