import { inspect } from 'node:util';
import { createRedactor, knownSecrets } from '../../runtime/secrets.js';
import type { Command } from './commands/command.js';
import { CliError, EXIT_INTERNAL } from './errors.js';

/**
 * Runs one command and returns its exit code; never throws, never prints a stack trace for bad
 * input. Shared by the CLI's dispatcher (main.ts) and the start-up snapshot's lint (lint-snapshot.ts).
 */
export async function runCommand(name: string, load: () => Promise<Command>, args: string[]): Promise<number> {
  try {
    return await (await load()).run(args);
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

/** `coord lint … | head` closes the pipe early: stop quietly instead of printing a stack trace. */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}
