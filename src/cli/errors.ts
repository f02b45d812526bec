/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/** Findings: lint errors, a failed run, a budget exhausted. */
export const EXIT_FAILURE = 1;
/** Bad usage, unreadable input, or an internal error. */
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 2;

/** An error meant for a person: printed without a stack trace, with a hint, and a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
