import { inspect } from 'node:util';
import { CliError, EXIT_USAGE, EXIT_INTERNAL } from './errors.js';
import { commands, usage } from './commands/index.js';
import { packageVersion } from './package-info.js';
import { createRedactor, knownSecrets } from '../../runtime/secrets.js';

/** Runs the CLI and returns its exit code; never throws, never prints a stack trace for bad input. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`coord ${packageVersion()}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`coord: unknown command '${name}'\n${await usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await load()).run(rest);
  } catch (error) {
    // A key from the environment never reaches the terminal, whatever message carried it.
    const redact = createRedactor(knownSecrets(process.env)).text;
    if (error instanceof CliError) {
      process.stderr.write(redact(`coord ${name}: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`));
      return error.exitCode;
    }
    // inspect() prints the stack with any `cause` chain, e.g. the error behind "while checking flow.coord".
    const detail = process.env.COORD_DEBUG ? inspect(error) : String((error as Error)?.message ?? error);
    process.stderr.write(redact(`coord ${name}: internal error: ${detail}\nThis is a bug in coord; set COORD_DEBUG=1 for the stack trace.\n`));
    return EXIT_INTERNAL;
  }
}
