import { stat } from 'node:fs/promises';
import type { ResourceLimits } from 'node:worker_threads';
import { diagnosticKey } from './check-workflow.js';
import { lintFile, type LintedFile } from './lint-file.js';
import { lintOnThreads, type LintOutcome } from './lint-pool.js';

export type { LintedFile } from './lint-file.js';

export interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** The result of linting several root files: what every output format renders. */
export interface LintReport {
  files: LintedFile[];
  summary: LintSummary;
}

/**
 * Root files of fewer bytes than this, together, are checked on the main thread: starting a
 * worker (a Node environment, coord's modules, its own parser) costs about as much CPU as
 * checking 150 kB, and a small lint must not pay for one.
 */
export const THREADED_LINT_MIN_BYTES = 512 * 1024;
/** The most worker threads a lint starts unasked: each holds a parser and a heap of its own. */
export const MAX_LINT_WORKERS = 4;
/**
 * Each worker's young generation, in MB. V8 sizes the main thread's at start-up (only a flag of
 * the process changes it) and lets it grow to about 100 MB during a large check; a worker's is
 * set here, and held small it brings a 100,000-line lint's median peak from 350 MB to about 270
 * at the same CPU time (docs/BENCHMARKS.md, "The 100,000-line lint").
 */
export const LINT_WORKER_YOUNG_GENERATION_MB = 8;

export interface LintOptions {
  /** How many worker threads to check on; 0 checks every file on the main thread. Unset: `lintWorkers` chooses. */
  workers?: number;
  /** Bounds on each worker's heap, in place of the young generation above (tests make them small to exhaust one). */
  resourceLimits?: ResourceLimits;
  /** Where a line about a file checked on the main thread after its worker failed goes. */
  notify?: (line: string) => void;
}

/**
 * Checks each root file, on worker threads when there is enough to check (`lintWorkers`); the
 * report is the same either way. A finding in a file that several roots import is reported once.
 */
export async function lintFiles(files: string[], options: LintOptions = {}): Promise<LintReport> {
  const sizes = await Promise.all(files.map(sizeOf));
  // Cores are counted only for a lint that may use them: a small lint does not load node:os (nor
  // import() it: code started from lint's start-up snapshot cannot).
  const cores = options.workers === undefined && total(sizes) >= THREADED_LINT_MIN_BYTES ? process.getBuiltinModule('node:os').availableParallelism() : 1;
  const workers = lintWorkers(sizes, options.workers, cores);
  const checks =
    workers > 0
      ? (
          await lintOnThreads(files, sizes, {
            workers,
            resourceLimits: options.resourceLimits ?? { maxYoungGenerationSizeMb: LINT_WORKER_YOUNG_GENERATION_MB },
            notify: options.notify ?? (() => {}),
          })
        ).map(raised)
      : await lintInTurn(files);
  const seen = new Set<string>();
  for (const check of checks) {
    check.diagnostics = check.diagnostics.filter((d) => {
      const key = diagnosticKey(d);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return { files: checks, summary: summarize(checks) };
}

/**
 * How many worker threads a lint of root files of these sizes checks on (0: the main thread
 * alone, no worker started): as asked, at most one per file; unasked, none below
 * THREADED_LINT_MIN_BYTES, else one per two cores (at least one, at most one per file and
 * MAX_LINT_WORKERS). Two cores per worker, because V8 collects a busy thread's garbage on
 * helper threads: one check keeps about one and a half cores busy, and on two cores a second
 * worker saved 5% of the time for 18% more CPU and 27% more memory (docs/BENCHMARKS.md).
 */
export function lintWorkers(sizes: readonly number[], requested: number | undefined, cores: number): number {
  if (requested !== undefined) return Math.min(requested, sizes.length);
  if (total(sizes) < THREADED_LINT_MIN_BYTES) return 0;
  return Math.max(1, Math.min(Math.floor(cores / 2), sizes.length, MAX_LINT_WORKERS));
}

/** On the main thread, one file after another; the first that cannot be read stops the lint. */
async function lintInTurn(files: string[]): Promise<LintedFile[]> {
  const checks: LintedFile[] = [];
  for (const file of files) checks.push(await lintFile(file));
  return checks;
}

/** A file's check, or, in the files' order, the error that stops the lint (as lintInTurn would raise it). */
function raised(outcome: LintOutcome): LintedFile {
  if ('error' in outcome) throw outcome.error;
  return outcome.check;
}

function total(sizes: readonly number[]): number {
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** A file that cannot be read counts as empty here: checking it reports why. */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function summarize(checks: LintedFile[]): LintSummary {
  const all = checks.flatMap((c) => c.diagnostics);
  return {
    files: checks.length,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    infos: all.filter((d) => d.severity === 'info').length,
  };
}
