import { EXIT_USAGE } from './errors.js';
import { commands, usage } from './commands/index.js';
import { packageVersion } from './package-info.js';
import { runCommand } from './run-command.js';

export { quietOnClosedPipe } from './run-command.js';

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
  return runCommand(name, load, rest);
}
