import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { generateWorkflow } from '../../../bench/generate-workflow.js';
import { CliError } from '../../../src/cli/errors.js';
import { lintFiles, lintWorkers, MAX_LINT_WORKERS, THREADED_LINT_MIN_BYTES } from '../../../src/cli/lint/lint-report.js';
import { tempProject } from '../support/run-cli.js';

// Every worker thread the lint starts is counted (and is a real one). The lint gets
// node:worker_threads through process.getBuiltinModule (lint-pool.ts says why).
const started = vi.hoisted(() => ({ workers: 0 }));
vi.hoisted(() => {
  const getBuiltinModule = process.getBuiltinModule.bind(process);
  const real = getBuiltinModule('node:worker_threads');
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      started.workers++;
    }
  }
  const counted = { ...real, Worker: CountedWorker };
  process.getBuiltinModule = ((id: string) => (id === 'node:worker_threads' || id === 'worker_threads' ? counted : getBuiltinModule(id))) as typeof process.getBuiltinModule;
});

async function workersStartedBy(run: () => Promise<unknown>): Promise<number> {
  const before = started.workers;
  await run();
  return started.workers - before;
}

const BROKEN = 'workflow broken {\n  agent a { model "openai:x" }\n  flow {\n    start a\n    a -> b\n  }\n}\n';

/** Four workflows of about 180 kB each (together past the threshold), one of them with errors. */
async function largeProject(): Promise<string[]> {
  const text = generateWorkflow(120);
  const root = await tempProject({ 'a.coord': text, 'b.coord': BROKEN, 'c.coord': text, 'd.coord': text, 'e.coord': text });
  return ['a', 'b', 'c', 'd', 'e'].map((name) => path.join(root, `${name}.coord`));
}

describe('how many worker threads a lint checks on', () => {
  const big = THREADED_LINT_MIN_BYTES;

  it('starts none for files that hold less than the threshold', () => {
    expect(lintWorkers([1000, 2000, 3000], undefined, 8)).toBe(0);
    expect(lintWorkers([big - 1], undefined, 8)).toBe(0);
  });

  it('past the threshold, starts one per two cores, at least one, at most one per file and the cap', () => {
    expect(lintWorkers([big, big, big, big], undefined, 2)).toBe(1);
    expect(lintWorkers([big, big, big, big], undefined, 1)).toBe(1);
    expect(lintWorkers([big, big, big, big], undefined, 4)).toBe(2);
    expect(lintWorkers([big, 10], undefined, 8)).toBe(2);
    expect(lintWorkers(Array(16).fill(big), undefined, 64)).toBe(MAX_LINT_WORKERS);
  });

  it('starts the number asked for, at most one per file', () => {
    expect(lintWorkers([big, big, big, big], 0, 8)).toBe(0);
    expect(lintWorkers([10, 10], 4, 1)).toBe(2);
    expect(lintWorkers([10], 4, 8)).toBe(1);
  });
});

describe('linting on worker threads', () => {
  it('starts no worker for a small lint, nor when asked for none, and at least one for a large one', async () => {
    const examples = ['word-stats', 'map-reduce'].map((name) => path.resolve('examples', name, 'flow.coord'));
    expect(await workersStartedBy(() => lintFiles(examples))).toBe(0);
    const large = await largeProject();
    expect(await workersStartedBy(() => lintFiles(large, { workers: 0 }))).toBe(0);
    expect(await workersStartedBy(() => lintFiles(large))).toBeGreaterThan(0);
  });

  it('gives the report of a lint on the main thread, files in their order, errors included', async () => {
    const files = await largeProject();
    const alone = await lintFiles(files, { workers: 0 });
    let pooled;
    expect(await workersStartedBy(async () => (pooled = await lintFiles(files, { workers: 3 })))).toBe(3);
    expect(pooled).toEqual(alone);
    expect(alone.summary.errors).toBeGreaterThan(0);
    expect(alone.files.map((f) => path.basename(f.file))).toEqual(['a.coord', 'b.coord', 'c.coord', 'd.coord', 'e.coord']);
  });

  it('raises the error that stops a lint on the main thread: the first file in order that cannot be read', async () => {
    const [a, b] = await largeProject();
    const files = [a!, '/nonexistent/first.coord', b!, '/nonexistent/second.coord'];
    const alone = await lintFiles(files, { workers: 0 }).catch((error: unknown) => error);
    const pooled = await lintFiles(files, { workers: 2 }).catch((error: unknown) => error);
    expect(alone).toBeInstanceOf(CliError);
    expect(pooled).toBeInstanceOf(CliError);
    expect({ ...(pooled as CliError), message: (pooled as CliError).message }).toEqual({ ...(alone as CliError), message: (alone as CliError).message });
    expect((pooled as CliError).message).toBe("cannot find '/nonexistent/first.coord'");
  });

  it('checks a file whose worker runs out of memory on the main thread, says so, and reports the same', async () => {
    const files = await largeProject();
    const notes: string[] = [];
    const alone = await lintFiles(files, { workers: 0 });
    const starved = await lintFiles(files, { workers: 2, resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 }, notify: (line) => notes.push(line) });
    expect(starved).toEqual(alone);
    // Each of the two workers fails on the first (largest) file it takes; the main thread checks the rest.
    expect(notes).toHaveLength(2);
    for (const note of notes) {
      expect(note).toMatch(/^coord lint: the thread checking \S+\.coord ran out of memory \(a lint thread's heap may hold 4 MB\); checking it on the main thread instead$/);
    }
  });
});

