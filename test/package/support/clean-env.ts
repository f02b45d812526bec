import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The environment a fresh machine gives a command: PATH (this Node first) and a HOME of its own,
 * nothing of coord's or onnxruntime's. Only the machine's own network settings pass through, since
 * without them npm cannot reach the registry at all: an extra CA bundle and proxies.
 */
export function cleanEnv(home: string, binDirs: string[] = []): NodeJS.ProcessEnv {
  const network = Object.entries(process.env).filter(([name]) => /^(NODE_EXTRA_CA_CERTS|https?_proxy|no_proxy)$/i.test(name));
  return {
    PATH: [...binDirs, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
    HOME: home,
    ...Object.fromEntries(network),
  };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; never throws for a non-zero exit. */
export async function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<Ran> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { env: options.env, cwd: options.cwd, maxBuffer: 64 << 20, timeout: options.timeoutMs ?? 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/**
 * Flags for npm that a person would not type, for the test's sake only: the machine's npm cache
 * (npm would otherwise download every tarball again into the fresh HOME) and no audit or funding calls.
 */
export async function npmFlags(): Promise<string[]> {
  const cache = (await promisify(execFile)('npm', ['config', 'get', 'cache'])).stdout.trim();
  return ['--cache', cache, '--prefer-offline', '--no-audit', '--no-fund'];
}
