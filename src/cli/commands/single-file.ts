import { CliError } from '../errors.js';

/** The one workflow path a command such as compile or graph takes. */
export function singleFile(command: string, positionals: string[]): string {
  if (positionals.length === 1) return positionals[0]!;
  if (positionals.length === 0) throw new CliError('no file given', `usage: coord ${command} <file.coord>`);
  throw new CliError(`expected one file, got ${positionals.length}`, `usage: coord ${command} <file.coord>`);
}
