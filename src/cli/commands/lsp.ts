import { startLanguageServer } from '../../language/lsp.js';
import { parseCommandArgs } from '../args.js';
import { EXIT_OK } from '../errors.js';
import type { Command } from './command.js';

export const lspCommand: Command = {
  summary: 'start the language server (LSP over stdio) for editors',
  usage: `usage: coord lsp [--stdio]

Starts coord's language server, speaking the Language Server Protocol on stdin/stdout, so that
editors get coord's diagnostics (those of coord lint, flow analysis included), hover, go to
definition, completion, formatting and did-you-mean quick fixes. Editors start it themselves;
--stdio is accepted because many clients pass it.

options:
  --stdio     talk over stdin/stdout (the only transport; the default)
  -h, --help  show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('lsp', args, { stdio: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    if (positionals.length > 0) process.stderr.write(`coord lsp: ignoring arguments: ${positionals.join(' ')}\n`);
    startLanguageServer();
    return EXIT_OK;
  },
};
