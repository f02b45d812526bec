import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayRun, startRun } from '../../runtime/run/run.js';
import { FileRunStore } from '../../runtime/store/file-store.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import { compiledFixture, readStamps, tempDir } from './support/flows.js';

async function fanOut(fixture: 'fan-out.coord' | 'fan-out-strict.coord', items: number[]) {
  const { ir, machine } = await compiledFixture(fixture);
  const log = join(tempDir(), 'stamps.jsonl');
  const store = new MemoryRunStore();
  const result = await startRun({ ir, machine, store, runId: 'f', input: { items, log } });
  return { result, stamps: readStamps(log), store };
}

const indexes = (list: unknown) => (list as Array<{ index: number }>).map((r) => r.index);

describe('fan-out (map)', () => {
  it('records results in item order, and the reducer reads them in item order, though items finish out of order', async () => {
    const { result, stamps, store } = await fanOut('fan-out.coord', [160, 10, 80, 5]);
    expect(result.outcome).toBe('done');
    const finished = stamps.filter((s) => s.phase === 'end').map((s) => s.index);
    expect(finished).not.toEqual([0, 1, 2, 3]);
    expect(finished.indexOf(1)).toBeLessThan(finished.indexOf(0));

    expect(indexes(result.outputs.results)).toEqual([0, 1, 2, 3]);
    expect(result.outputs.reducer).toMatchObject({ order: [0, 1, 2, 3] });
    expect((await replayRun({ runId: 'f', store })).matches).toBe(true);
  });

  it('gives each item its own scope in events and per-turn budgets', async () => {
    const { result } = await fanOut('fan-out.coord', [5, 5, 5]);
    const started = result.events.filter((e) => e.type === 'turn.started' && e.agent === 'worker').map((e) => e.scope);
    expect(started.sort()).toEqual(['results[0]', 'results[1]', 'results[2]']);
    expect(result.events.filter((e) => e.type === 'message.sent' && e.from === 'worker').map((e) => e.scope).sort()).toEqual(['results[0]', 'results[1]', 'results[2]']);
    expect(result.budgets.filter((p) => p.key.startsWith('turn:worker#')).map((p) => p.key.split('@')[1]).sort()).toEqual(['results[0]', 'results[1]', 'results[2]']);
  });

  it('drops a failed item under `on failure drop` and goes on with the others', async () => {
    const { result } = await fanOut('fan-out.coord', [30, -10, 20]);
    expect(result.outcome).toBe('done');
    expect(indexes(result.outputs.results)).toEqual([0, 2]);
    expect(result.outputs.reducer).toMatchObject({ order: [0, 2] });
    const failed = result.events.filter((e) => e.type === 'turn.failed');
    expect(failed).toEqual([expect.objectContaining({ agent: 'worker', scope: 'results[1]', error: expect.stringContaining('item 1 failed on purpose') })]);
  });

  it('fails the run under `on failure fail`, naming the agent, the item and its error, and stops the other items', async () => {
    const { result, stamps } = await fanOut('fan-out-strict.coord', [400, -10, 400]);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/agent worker failed .*results\[1\].*item 1 failed on purpose/);
    expect(result.outputs.reducer).toBeUndefined();
    // The siblings in flight were aborted, not left to finish.
    expect(stamps.filter((s) => s.phase === 'aborted').map((s) => s.index).sort()).toEqual([0, 2]);
    expect(stamps.filter((s) => s.phase === 'end' && s.index !== 1)).toEqual([]);
    for (const pool of result.budgets) expect(pool.reserved).toBe(0);
  });

  it('never runs more items at once than its concurrency', async () => {
    const { result, stamps } = await fanOut('fan-out.coord', [60, 60, 60, 60, 60, 60, 60, 60]);
    expect(result.outcome).toBe('done');
    const active = stamps.filter((s) => s.phase === 'start').map((s) => s.active!);
    expect(active).toHaveLength(8);
    expect(Math.max(...active)).toBeLessThanOrEqual(3);
    expect(Math.max(...active)).toBeGreaterThan(1);
  });

  it('fans out over an empty list without running the agent', async () => {
    const { result } = await fanOut('fan-out.coord', []);
    expect(result.outcome).toBe('done');
    expect(result.outputs.results).toEqual([]);
    expect(result.outputs.reducer).toBeUndefined();
  });

  it('goes over another map\'s results, one item per result, in item order', async () => {
    const { ir, machine } = await compiledFixture('fan-out-twice.coord');
    const log = join(tempDir(), 'stamps.jsonl');
    const result = await startRun({ ir, machine, store: new MemoryRunStore(), runId: 'twice', input: { items: [50, 5, 20], log, waitMs: 5 } });
    expect(result.outcome).toBe('done');
    expect(indexes(result.outputs.first)).toEqual([0, 1, 2]);
    expect(indexes(result.outputs.second)).toEqual([0, 1, 2]);
    const checked = readStamps(log).filter((s) => s.agent === 'checker' && s.phase === 'start').map((s) => s.index).sort();
    expect(checked).toEqual([0, 1, 2]);
  });

  it('journals each item as a step of its own (map step id / item index)', async () => {
    const { ir, machine } = await compiledFixture('fan-out.coord');
    const runs = join(tempDir(), 'runs');
    const result = await startRun({ ir, machine, store: new FileRunStore(runs), runId: 'items', input: { items: [5, 5] } });
    expect(result.outcome).toBe('done');
    const steps = (await new FileRunStore(runs).read('items'))!.records.flatMap((r) => (r.kind === 'step' && r.phase === 'finish' ? [r.id] : []));
    expect(steps).toEqual(expect.arrayContaining(['results#1/0', 'results#1/1']));
  });
});
