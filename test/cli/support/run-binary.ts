import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'coord.js');

/** `npm test` builds dist/ first (through `pretest`); run `npm run build` before running these tests alone. */
export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'bundle', 'coord.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
}

/** Runs the built binary in a child process, optionally as another user (which needs root). */
export async function runBinary(args: string[], options: { env?: Record<string, string>; uid?: number; cwd?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  const user = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env, maxBuffer: 64 << 20, cwd: options.cwd ?? ROOT, ...user });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
