import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import { loadWorkflow } from '../../src/language/index.js';
import { replayRun, startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';

async function compiled(file: string) {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const { ir, diagnostics } = await loadWorkflow(path);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ir: ir!, machine: compileMachine(ir!) };
}

describe('runs of workflows compiled from .coord', () => {
  it('runs the word-stats example as the compiler builds it, and replays it identically', async () => {
    const { ir, machine } = await compiled('../../examples/word-stats/flow.coord');
    const store = new MemoryRunStore();
    const result = await startRun({ ir, machine, store, runId: 'ws' });
    expect(result.outcome).toBe('done');
    expect(result.outputs.reducer).toMatchObject({ chunks: 5 });
    expect((await replayRun({ runId: 'ws', store })).matches).toBe(true);
  });

  it('takes the first branch of a join-first race, abandons the other, and replays the same race', async () => {
    const { ir, machine } = await compiled('fixtures/race.coord');
    const store = new MemoryRunStore();
    const result = await startRun({ ir, machine, store, runId: 'race' });
    expect(result.outcome).toBe('done');
    const judged = (result.outputs.judge as { text: string }).text;
    expect(judged).toContain('fast: fast finished turn 1');
    expect(judged).not.toContain('after:');
    for (const pool of result.budgets) expect(pool.reserved).toBe(0);
    const replayed = await replayRun({ runId: 'race', store });
    expect(replayed.mismatches).toEqual([]);
    expect(replayed.matches).toBe(true);
  });

  it('charges what an abandoned branch spent before it was stopped, and journals it as abandoned', async () => {
    const { ir, machine } = await compiled('fixtures/race.coord');
    const fast: AgentRunner = async () => ({ output: { text: 'won' }, text: 'won', usage: { input: 0, output: 1 }, attempts: 1 });
    const slow: AgentRunner = (request) =>
      new Promise((_, reject) =>
        request.signal.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { charged: { input: 7, output: 5 } }))),
      );
    const store = new MemoryRunStore();
    const result = await startRun({ ir, machine, store, runId: 'lost', runners: { fast, slow } });
    expect(result.outcome).toBe('done');
    expect(result.budgets.find((p) => p.key === 'agent:slow')).toMatchObject({ spent: 12, reserved: 0 });
    expect(result.events.find((e) => e.type === 'turn.failed')).toMatchObject({ agent: 'slow', scope: 'race/b2' });
    const abandoned = (await store.read('lost'))!.records.find((r) => r.kind === 'step' && r.phase === 'finish' && r.result?.type === 'abandoned');
    expect(abandoned).toMatchObject({ id: 'race/b2/slow#1', result: { type: 'abandoned', charged: { input: 7, output: 5 } } });
    const replayed = await replayRun({ runId: 'lost', store });
    expect(replayed.mismatches).toEqual([]);
    expect(replayed.budgets.find((p) => p.key === 'agent:slow')).toMatchObject({ spent: 12 });
  });

  it('replays a `join first` whose loser returns only after the run has reached done', async () => {
    const { ir, machine } = await compiled('fixtures/race.coord');
    const fast: AgentRunner = async () => ({ output: { text: 'won' }, text: 'won', usage: { input: 0, output: 1 }, attempts: 1 });
    // The loser honours its signal, but late: its call is still in flight when the judge has finished.
    const slow: AgentRunner = (request) =>
      new Promise((resolve) =>
        request.signal.addEventListener('abort', () => setTimeout(() => resolve({ output: { text: 'late' }, text: 'late', usage: { input: 3, output: 4 }, attempts: 1 }), 200)),
      );
    const store = new MemoryRunStore();
    const result = await startRun({ ir, machine, store, runId: 'late', runners: { fast, slow } });
    expect(result.outcome).toBe('done');
    expect(result.budgets.find((p) => p.key === 'agent:slow')).toMatchObject({ spent: 7, reserved: 0 });
    const replayed = await replayRun({ runId: 'late', store });
    expect(replayed.mismatches).toEqual([]);
    expect(replayed.matches).toBe(true);
  });

  it('simulates a workflow with LLM agents without any provider', async () => {
    const { ir, machine } = await compiled('../../examples/llm-brief/brief.coord');
    const result = await startRun({ ir, machine, store: new MemoryRunStore(), runId: 'sim', simulateSeed: 11 });
    expect(result.outcome).toBe('done');
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.tokens).toBeLessThanOrEqual(8000);
  });
});
