import { describe, expect, it } from 'vitest';
import { pairBenchRuns, pairedBenchTable } from '../../src/bench/compare-bench.js';
import type { RunRecord } from '../../src/bench/metrics.js';

const run = (seed: number, success: boolean, delivered: number, over: Partial<RunRecord> = {}): RunRecord => ({
  family: 'multihop',
  policy: 'latent',
  budget: 32,
  seed,
  success,
  exchanged: delivered + 100,
  delivered,
  generated: 100,
  messages: 4,
  wallMs: 10,
  coordinatorSteps: 4,
  coordinatorMs: 1,
  outcome: 'done',
  ...over,
});

describe('pairing two coordbench runs task by task', () => {
  it('takes each task of A against the same task of B, whatever the order of the lines', () => {
    const a = Array.from({ length: 40 }, (_, i) => run(i, true, 50));
    const b = Array.from({ length: 40 }, (_, i) => run(39 - i, (39 - i) % 2 === 0, 50)).concat([run(0, true, 9, { policy: 'bm25' })]);
    const [row, ...rest] = pairBenchRuns(a, b, { a: 'limit', b: 'none' });
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ family: 'multihop', policy: 'latent', budget: 32, tasks: 40 });
    expect(row!.successDiff.mean).toBe(0.5);
    expect(row!.successDiff.low).toBeGreaterThan(0);
    expect(row!.deliveredDiff).toEqual({ mean: 0, low: 0, high: 0 });
    expect(pairedBenchTable([row!], 'limit − none')).toContain('| multihop | latent | 32 | 40 | +50 (');
    expect(pairedBenchTable([row!], 'limit − none')).toMatch(/\| better \|$/);
  });

  it('calls a success gain bought with more tokens what it is, and a loss worse', () => {
    const a = Array.from({ length: 40 }, (_, i) => run(i, true, 60));
    const b = Array.from({ length: 40 }, (_, i) => run(i, i % 2 === 0, 50));
    expect(pairedBenchTable(pairBenchRuns(a, b, { a: 'x', b: 'y' }), 'x − y')).toMatch(/more success, more tokens \|$/);
    expect(pairedBenchTable(pairBenchRuns(b, a, { a: 'y', b: 'x' }), 'y − x')).toMatch(/less success, fewer tokens \|$/);
  });

  it('refuses runs of different tasks, runs that share no point, and one label twice', () => {
    expect(() => pairBenchRuns([run(1, true, 5)], [run(2, true, 5)], { a: 'a', b: 'b' })).toThrow(/ran different tasks for multihop latent at 32/);
    expect(() => pairBenchRuns([run(1, true, 5)], [run(1, true, 5, { budget: 64 })], { a: 'a', b: 'b' })).toThrow(/share no family, policy and budget/);
    expect(() => pairBenchRuns([run(1, true, 5)], [run(1, true, 5)], { a: 'a', b: 'a' })).toThrow(/different labels/);
  });
});
