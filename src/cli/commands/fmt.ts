import { isUtf8 } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import { formatText } from '../../language/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { collectCoordFiles, fileError } from '../files/collect-files.js';
import { decodeSource } from '../files/read-source.js';
import { hasErrors } from '../lint/check-workflow.js';
import { displayPath } from '../output/display-path.js';
import { writeDiagnostics } from '../output/write-diagnostics.js';
import type { Command } from './command.js';

export const fmtCommand: Command = {
  summary: 'rewrite workflows in canonical style',
  usage: `usage: coord fmt [options] <file|dir>...

Rewrites .coord files in coord's canonical style (directories are searched recursively).
Files with syntax errors are reported and left as they are.

options:
  --check     rewrite nothing; list the files that would change and exit 1 if any would
  -h, --help  show this help

exit status: 0 done (or, with --check, all formatted), 1 files would change or have errors, 2 bad usage
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('fmt', args, { check: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(this.usage);
      return EXIT_OK;
    }
    const files = await collectCoordFiles('fmt', positionals);
    let failed = false;
    for (const file of files) {
      const outcome = await formatFile(file, values.check === true);
      if (outcome === 'changed') process.stdout.write(`${displayPath(file)}\n`);
      if (outcome === 'error' || (outcome === 'changed' && values.check)) failed = true;
    }
    return failed ? EXIT_FAILURE : EXIT_OK;
  },
};

type Outcome = 'unchanged' | 'changed' | 'error';

async function formatFile(file: string, checkOnly: boolean): Promise<Outcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw fileError(displayPath(file), error);
  }
  // Rewriting text that was not UTF-8 would replace its bytes with U+FFFD for good.
  if (!isUtf8(bytes)) {
    process.stderr.write(`${displayPath(file)}: not valid UTF-8; not formatted\n`);
    return 'error';
  }
  const text = decodeSource(bytes);
  const formatted = formatText(text, file);
  if (hasErrors(formatted.diagnostics)) {
    await writeDiagnostics(formatted.diagnostics);
    process.stderr.write(`${displayPath(file)}: has syntax errors; not formatted\n`);
    return 'error';
  }
  if (formatted.text === text) return 'unchanged';
  if (!checkOnly) await writeFile(file, formatted.text, 'utf8');
  return 'changed';
}
