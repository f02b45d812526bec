import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('./coord-cli.ts', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `coord <args>` from source in a child process, with stdin closed (not a terminal). */
export function startCoord(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCoord(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return startCoord(args, env).done;
}

/** Waits (polling the file, not the clock) until the journal holds a record that `matches`. */
export async function waitForJournal(path: string, matches: (line: string) => boolean, done: Promise<Finished>): Promise<void> {
  let exited = false;
  void done.then(() => (exited = true));
  for (;;) {
    if (existsSync(path) && readFileSync(path, 'utf8').split('\n').some(matches)) return;
    if (exited) throw new Error(`the run ended before its journal had the awaited record:\n${existsSync(path) ? readFileSync(path, 'utf8') : '(no journal)'}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
