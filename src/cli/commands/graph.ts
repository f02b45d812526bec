import { toDot, toMermaid } from '../../compile/graph.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { EXIT_OK } from '../errors.js';
import { requireValidWorkflow } from '../lint/require-valid-workflow.js';
import type { Command } from './command.js';
import { singleFile } from './single-file.js';

const FORMATS = ['mermaid', 'dot'] as const;

export const graphCommand: Command = {
  summary: 'print a workflow\'s flow as a Mermaid or Graphviz diagram',
  usage: `usage: coord graph [options] <file.coord>

Prints the workflow's flow (agents, parallel regions, maps, human steps and their transitions)
as a diagram. Refuses, listing the findings, when the workflow has errors.

options:
  --format <mermaid|dot>  diagram language (default: mermaid)
  -h, --help              show this help

examples:
  coord graph flow.coord > flow.mmd
  coord graph --format dot flow.coord | dot -Tsvg > flow.svg
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('graph', args, { format: { type: 'string' } });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const format = oneOf('graph', 'format', values.format, FORMATS, 'mermaid');
    const { ir } = await requireValidWorkflow('graph', singleFile('graph', positionals));
    const diagram = format === 'dot' ? toDot(ir) : toMermaid(ir);
    process.stdout.write(diagram.endsWith('\n') ? diagram : `${diagram}\n`);
    return EXIT_OK;
  },
};
