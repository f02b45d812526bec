/** A CLI command: one file per command under src/cli/commands/, registered in index.ts. */
export interface Command {
  /** One line for `coord --help`. */
  summary: string;
  /** Usage text for `coord <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}
