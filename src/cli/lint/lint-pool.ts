import { getCompileCacheDir } from 'node:module';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { CliError } from '../errors.js';
import { displayPath } from '../output/display-path.js';
import { lintFile, type LintedFile } from './lint-file.js';
import { serveLintWorker } from './lint-worker.js';

/** What lint-pool.ts asks a lint worker (lint-worker.ts): check one root file. */
export interface ToLintWorker {
  file: string;
}

/** What a lint worker answers: lintFile's result, or the error it threw (a CliError's hint and exit code kept). */
export type FromLintWorker = { file: string; check: LintedFile } | { file: string; failure: { message: string; hint?: string; exitCode?: number } };

/** One root file's outcome: what lintFile gave, or what it threw, to be raised in the files' order. */
export type LintOutcome = { check: LintedFile } | { error: Error };

export interface LintPoolOptions {
  /** How many worker threads to start (each checks files one at a time, largest first). */
  workers: number;
  /** Bounds on each worker's heap; a file that exhausts them is checked on the main thread instead. */
  resourceLimits?: ResourceLimits;
  /** Says, in one line, that a file had to be checked on the main thread, and why. */
  notify: (line: string) => void;
}

/**
 * Raised instead of starting threads in a process started from lint's start-up snapshot: there,
 * Node 24 aborts a worker thread that loads any module built on its stream wrap (net, tty, v8…),
 * so lint-snapshot.ts hands such a lint to a process started without the snapshot.
 */
export class ThreadsRefused extends Error {}

let threadsRefused = false;

/** Makes every threaded lint of this process raise ThreadsRefused before any thread starts. */
export function refuseThreads(): void {
  threadsRefused = true;
}

/**
 * Checks root files on worker threads, each building the language services once and taking the
 * largest file left when it is free, and returns their outcomes in the files' order. A worker
 * that fails (out of memory, a crash) leaves its file, and any it did not reach, to the main
 * thread, which checks it as a lint without threads would: the report stays the same.
 */
export async function lintOnThreads(files: readonly string[], sizes: readonly number[], options: LintPoolOptions): Promise<LintOutcome[]> {
  if (threadsRefused) throw new ThreadsRefused('this process cannot start worker threads');
  const queue = files.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const outcomes: LintOutcome[] = new Array(files.length);
  const leftOver: number[] = [];
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const drive = async () => {
    const thread = new LintThread(Worker, options.resourceLimits);
    try {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        try {
          outcomes[i] = outcomeOf(await thread.check(files[i]!));
        } catch (error) {
          leftOver.push(i);
          options.notify(`coord lint: ${failureText(files[i]!, error, options.resourceLimits)}; checking it on the main thread instead`);
          return;
        }
      }
    } finally {
      await thread.close();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, drive));
  // Files no worker could check (every worker failed before reaching them), in the files' order.
  for (const i of [...leftOver, ...queue].sort((a, b) => a - b)) outcomes[i] = await lintOnMainThread(files[i]!);
  return outcomes;
}

async function lintOnMainThread(file: string): Promise<LintOutcome> {
  try {
    return { check: await lintFile(file) };
  } catch (error) {
    return { error: error as Error };
  }
}

function outcomeOf(reply: FromLintWorker): LintOutcome {
  if ('check' in reply) return { check: reply.check };
  const { message, hint, exitCode } = reply.failure;
  return { error: exitCode === undefined ? new Error(message) : new CliError(message, hint, exitCode) };
}

function failureText(file: string, error: unknown, limits: ResourceLimits | undefined): string {
  const shown = displayPath(file);
  if ((error as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const bound = limits?.maxOldGenerationSizeMb === undefined ? '' : ` (a lint thread's heap may hold ${limits.maxOldGenerationSizeMb} MB)`;
    return `the thread checking ${shown} ran out of memory${bound}`;
  }
  return `the thread checking ${shown} failed: ${(error as Error)?.message ?? String(error)}`;
}

/**
 * A lint worker runs this very module, which serves when it finds itself started as one: so the
 * thread loads exactly the code a lint on the main thread loads (in the CLI's bundle, the same
 * chunks; a worker entry of its own would split them into more files, which every cold lint
 * would read). Run from the TypeScript sources, the thread loads it through tsx, since a plain
 * Worker cannot resolve its `.js` imports to `.ts` files. node:worker_threads is loaded only
 * where a thread is started or served, so that a small lint does not load it; through
 * process.getBuiltinModule, since code started from lint's start-up snapshot cannot import(). A worker does not
 * inherit the main thread's compile cache (bin/coord.js turns it on): it is turned on for the
 * thread too, so that it does not compile coord's modules afresh.
 */
const LINT_WORKER_ARG = '--coord-lint-worker';
if (process.argv.includes(LINT_WORKER_ARG)) {
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  if (parentPort) serveLintWorker(parentPort);
}

const START = String.raw`
const { workerData } = require('node:worker_threads');
if (workerData.compileCache) require('node:module').enableCompileCache(workerData.compileCache);
if (workerData.tsx) import(workerData.tsx).then((tsx) => tsx.tsImport(workerData.module, workerData.module));
else import(workerData.module);
`;

/** One worker thread and the file it is checking: a failure of the thread fails that check. */
class LintThread {
  private readonly worker: Worker;
  private pending: { resolve: (reply: FromLintWorker) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(Thread: typeof Worker, resourceLimits: ResourceLimits | undefined) {
    const module = import.meta.url;
    const tsx = module.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : undefined;
    const workerData = { module, tsx, compileCache: getCompileCacheDir() };
    this.worker = new Thread(START, { eval: true, argv: [LINT_WORKER_ARG], resourceLimits, workerData });
    this.worker.on('message', (reply: FromLintWorker) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`it stopped (exit code ${code})`)));
  }

  check(file: string): Promise<FromLintWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ file } satisfies ToLintWorker);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners();
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.failure);
  }
}
