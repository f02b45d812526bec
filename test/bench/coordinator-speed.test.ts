import { describe, expect, it } from 'vitest';
import { combineProcesses, coordinatorBaselineTable, CoordinatorSpeedResults, coordinatorSpeedTable, perSecond } from '../../src/bench/coordinator-speed.js';

const results = (cases: unknown[], baseline?: unknown) =>
  CoordinatorSpeedResults.parse({
    baseline,
    version: 1,
    command: 'node --import tsx bench/coordinator.ts --write',
    measuredAt: '2026-12-05T18:00:00.000Z',
    machine: { cpu: 'Test CPU', cores: 2, node: 'v24.0.0', loadAverage: 0.4 },
    threads: 1,
    encodeSha256: 'c445f131ca3cf3f50455059b1ad2115e6a69aab3a9398a013f477a53441ae911',
    cases,
  });

describe('the coordinator speed table', () => {
  it('says where it was measured and with which graph', () => {
    const table = coordinatorSpeedTable(results([]));
    expect(table).toContain('2-core Test CPU (load average 0.4), Node v24.0.0, 1 onnxruntime intra-op thread per session, encode graph c445f131ca3c…');
  });

  it('names the threads of the session large encode calls run on', () => {
    const table = coordinatorSpeedTable({ ...results([]), wideEncode: { threads: 2, fromIds: 4096 } });
    expect(table).toContain('1 onnxruntime intra-op thread per session (2 for encode calls of 4,096 ids or more), encode graph');
  });

  it('judges a latency target on the median and a throughput target on steps per second', () => {
    const table = coordinatorSpeedTable(
      results([
        { name: 'fast write', medianUs: 21.46, repeats: 10, steps: 1, target: { maxUs: 30 } },
        { name: 'slow write', medianUs: 31, repeats: 10, steps: 1, target: { maxUs: 30 } },
        { name: 'batched', medianUs: 2048, repeats: 10, steps: 1024, rate: 'steps/s', target: { minPerSecond: 300_000 } },
        { name: 'hop', medianUs: 412.6, repeats: 10, steps: 40 },
      ]),
    );
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| measurement'));
    expect(rows).toEqual([
      '| fast write | 21.5 | — | ≤ 30 µs | yes |',
      '| slow write | 31.0 | — | ≤ 30 µs | **no** |',
      '| batched | 2,048 | 500,000 steps/s | ≥ 300,000 steps/s | yes |',
      '| hop | 413 | — | — | — |',
    ]);
  });

  it('counts throughput as steps over the median call', () => {
    expect(perSecond({ name: 'x', medianUs: 4000, repeats: 1, steps: 1024 })).toBe(256_000);
  });

  it('shows an A/B against a baseline revision with both medians, the median paired difference and the ratio', () => {
    const baseline = {
      revision: '22f45c0',
      encodeSha256: 'c445f131ca3cf3f50455059b1ad2115e6a69aab3a9398a013f477a53441ae911',
      pairs: [{ name: 'write', repeats: 100, medianUs: 32.14, baselineMedianUs: 37.9, medianDifferenceUs: -5.66 }],
    };
    const table = coordinatorBaselineTable(results([], baseline));
    expect(table).toContain('Encode graph c445f131ca3c… against c445f131ca3c… (the model files of 22f45c0), calls alternated one by one, load average 0.4.');
    expect(table.split('\n').slice(-1)).toEqual(['| write | 32.1 | 37.9 | -5.7 | 0.85 |']);
  });

  it('refuses a baseline table from results measured without one', () => {
    expect(() => coordinatorBaselineTable(results([]))).toThrow(/no baseline \(run bench\/coordinator.ts with --baseline\)/);
  });

  it('combines fresh processes: the median of their medians, each kept, and the range in the table', () => {
    const run = (us: number, diff: number) => ({
      cases: [{ name: 'write', medianUs: us, repeats: 10, steps: 1, target: { maxUs: 30 } }],
      baseline: { revision: 'abc', encodeSha256: 'x', pairs: [{ name: 'write', repeats: 5, medianUs: us, baselineMedianUs: us + 6, medianDifferenceUs: diff }] },
    });
    const combined = combineProcesses([run(21, -5), run(32, -6), run(28, -4)]);
    expect(combined.cases[0]).toMatchObject({ medianUs: 28, repeats: 30, processMediansUs: [21, 32, 28] });
    expect(combined.baseline!.pairs[0]).toMatchObject({ medianUs: 28, baselineMedianUs: 34, medianDifferenceUs: -5, repeats: 15 });
    const table = coordinatorSpeedTable(CoordinatorSpeedResults.parse({ ...results([]), processes: 3, ...combined }));
    expect(table).toContain('3 fresh processes (the median of their medians, and their range).');
    expect(table).toContain('| write | 28.0 (21.0–32.0) | — | ≤ 30 µs | yes |');
  });
});
