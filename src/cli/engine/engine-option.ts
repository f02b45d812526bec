import type { RestateRuns } from '../../../runtime/engine/restate/client.js';
import { CliError, EXIT_USAGE } from '../errors.js';
import { coordCommand } from '../invocation.js';

/** Where the Restate server's ingress is when `--engine restate` names none. */
export const DEFAULT_RESTATE_INGRESS = 'http://127.0.0.1:8080';

export type EngineChoice = { kind: 'file' } | { kind: 'restate'; ingress: string };

/** The help text every command with `--engine` shows for it. */
export function engineHelp(fallback: 'file' | 'restate'): string {
  return `  --engine <engine>   file (this machine's .coord/runs) or restate[=<ingress URL>] (a Restate
                      server: default COORD_RESTATE_URL, else ${DEFAULT_RESTATE_INGRESS}); default ${fallback}.
                      See docs/engines.md`;
}

/** `--engine file`, `--engine restate`, `--engine restate=http://host:8080`; `fallback` when there is no --engine. */
export function engineOption(command: string, value: string | undefined, fallback: 'file' | 'restate' = 'file', env: NodeJS.ProcessEnv = process.env): EngineChoice {
  const given = value ?? fallback;
  if (given === 'file') return { kind: 'file' };
  const match = /^restate(?:=(.+))?$/.exec(given);
  if (!match) throw new CliError(`--engine must be file or restate[=<URL>], not '${value}'`, `run '${coordCommand()} ${command} --help' for its options`);
  const ingress = match[1] ?? env.COORD_RESTATE_URL ?? DEFAULT_RESTATE_INGRESS;
  if (!/^https?:\/\/[^/]+/.test(ingress)) throw new CliError(`--engine restate=${ingress}: not an http(s) URL`, 'give the ingress URL of the Restate server, e.g. restate=http://127.0.0.1:8080');
  return { kind: 'restate', ingress };
}

/** The Restate client; its module is loaded only by commands that talk to a server. */
export async function restateRuns(ingress: string): Promise<RestateRuns> {
  const { RestateRuns } = await import('../../../runtime/engine/restate/client.js');
  return new RestateRuns(ingress);
}

/** A Restate server's refusal or absence as an error for people (exit 2), or undefined for anything else. */
export async function restateRefusalOf(error: unknown, runId?: string): Promise<CliError | undefined> {
  const { RestateRequestError } = await import('../../../runtime/engine/restate/client.js');
  if (!(error instanceof RestateRequestError)) return undefined;
  if (error.status === undefined) {
    return new CliError(error.message, 'start a server (`npx restate-server` for development, docs/engines.md), or pass --engine restate=<its ingress URL>', EXIT_USAGE);
  }
  if (error.status === 404) {
    return new CliError(runId ? `no run '${runId}' on the Restate server (${error.message})` : error.message, `pass a run id '${coordCommand()} submit' printed, and the same --engine`, EXIT_USAGE);
  }
  return new CliError(error.message, error.status === 409 ? `'${coordCommand()} status <run-id> --engine restate' shows the questions the run waits on` : undefined, EXIT_USAGE);
}
