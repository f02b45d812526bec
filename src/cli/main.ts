import { CliError, EXIT_USAGE, EXIT_INTERNAL } from './errors.js';
import { commands, usage } from './commands/index.js';
import { packageVersion } from './package-info.js';

/** Runs the CLI and returns its exit code; never throws, never prints a stack trace for bad input. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`coord ${packageVersion()}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`coord: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`coord ${name}: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    const detail = process.env.COORD_DEBUG ? String((error as Error)?.stack ?? error) : String((error as Error)?.message ?? error);
    process.stderr.write(`coord ${name}: internal error: ${detail}\nThis is a bug in coord; set COORD_DEBUG=1 for the stack trace.\n`);
    return EXIT_INTERNAL;
  }
}
