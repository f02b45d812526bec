import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';
import { coordCommand } from './invocation.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with node:util parseArgs; a mistake becomes a CliError
 * (exit 2) that names the command's --help instead of a TypeError with a stack.
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError((error as Error).message, `run '${coordCommand()} ${command} --help' for its options`);
  }
}

/** Reads an option that must be one of a fixed set of words. */
export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${flag} must be one of ${allowed.join(', ')}, not '${value}'`, `run '${coordCommand()} ${command} --help' for its options`);
}

/** Reads an option that must be a non-negative integer. */
export function nonNegativeInteger(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new CliError(`--${flag} must be a whole number of 0 or more, not '${value}'`, `run '${coordCommand()} ${command} --help' for its options`);
  }
  return Number(value);
}
