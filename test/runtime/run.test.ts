import { describe, expect, it } from 'vitest';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import type { RunEvent } from '../../runtime/events.js';
import { agentNode, functionAgent, textChannel, workflow } from './support/ir.js';
import { machineConfigFor } from './support/machine-config.js';

function types(events: RunEvent[]): string[] {
  return events.map((event) => event.type);
}

describe('a run of function agents', () => {
  it('runs planner, a map over its questions, and a writer that reads what the map sent', async () => {
    const ir = workflow({
      total: 10_000,
      agents: [functionAgent('planner', 'planner.ts', { output: [{ name: 'questions', type: 'string[]' }, { name: 'message', type: 'string' }] }), functionAgent('answerer', 'answerer.ts'), functionAgent('writer', 'echo.ts')],
      channels: [textChannel('answerer', 'writer')],
      nodes: [
        agentNode('planner', [{ to: 'answers' }]),
        { kind: 'map', id: 'answers', agent: 'answerer', over: { node: 'planner', path: ['questions'] }, max: 10, concurrency: 2, onItemFailure: 'fail', next: [{ to: 'writer' }] },
        agentNode('writer', [{ to: 'done' }]),
      ],
    });
    const store = new MemoryRunStore();
    const result = await startRun({ ir, machine: machineConfigFor(ir), store, runId: 'r1', input: { topics: ['red', 'green', 'blue'] } });

    expect(result.outcome).toBe('done');
    expect(result.outputs.planner).toEqual({ questions: ['What is red?', 'What is green?', 'What is blue?'], message: 'Questions about red, green, blue.' });
    expect(result.outputs.answers).toMatchObject([{ message: 'What is red? It has 3 words.' }, { message: 'What is green? It has 3 words.' }, { message: 'What is blue? It has 3 words.' }]);
    const writer = result.outputs.writer as { text: string };
    expect(writer.text.split('\n')).toHaveLength(3);
    expect(types(result.events).filter((t) => t === 'message.sent')).toHaveLength(3);
    expect(result.events.filter((e) => e.type === 'turn.started' && e.scope?.startsWith('answers[')).map((e) => e.scope).sort()).toEqual(['answers[0]', 'answers[1]', 'answers[2]']);
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.tokens).toBeLessThanOrEqual(10_000);
    const finished = result.events.at(-1)!;
    expect(finished).toMatchObject({ type: 'run.finished', outcome: 'done', tokens: result.tokens });
  });

  it('drops a failed map item under onItemFailure drop, and says why in turn.failed', async () => {
    const ir = workflow({
      agents: [functionAgent('planner', 'planner.ts', { output: [{ name: 'questions', type: 'string[]' }, { name: 'message', type: 'string' }] }), functionAgent('picky', 'picky.ts')],
      nodes: [
        agentNode('planner', [{ to: 'each' }]),
        { kind: 'map', id: 'each', agent: 'picky', over: { node: 'planner', path: ['questions'] }, max: 10, concurrency: 2, onItemFailure: 'drop', next: [{ to: 'done' }] },
      ],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'drop', input: { topics: ['good', 'bad', 'fine'] } });
    expect(result.outcome).toBe('done');
    expect(result.outputs.each).toEqual([{ text: 'handled What is good?' }, { text: 'handled What is fine?' }]);
    expect(result.events.find((e) => e.type === 'turn.failed')).toMatchObject({ agent: 'picky', scope: 'each[1]', error: 'cannot handle What is bad?' });
  });

  it('fails the map on the first failed item under onItemFailure fail', async () => {
    const ir = workflow({
      agents: [functionAgent('planner', 'planner.ts', { output: [{ name: 'questions', type: 'string[]' }, { name: 'message', type: 'string' }] }), functionAgent('picky', 'picky.ts')],
      nodes: [
        agentNode('planner', [{ to: 'each' }]),
        { kind: 'map', id: 'each', agent: 'picky', over: { node: 'planner', path: ['questions'] }, max: 10, concurrency: 1, onItemFailure: 'fail', next: [{ to: 'done' }] },
      ],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'mapfail', input: { topics: ['good', 'bad', 'fine'] } });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/agent picky failed in turn 2 \(each\[1\]\): cannot handle What is bad\?/);
    expect(result.events.filter((e) => e.type === 'turn.started')).toHaveLength(3);
    for (const pool of result.budgets) expect(pool.reserved).toBe(0);
  });

  it('loops until a guard on the output fails, within the loop bound', async () => {
    const ir = workflow({
      agents: [functionAgent('counter', 'counter.ts', { output: [{ name: 'count', type: 'number' }, { name: 'message', type: 'string' }] })],
      nodes: [agentNode('counter', [{ to: 'counter', guard: 'more', max: 10 }, { to: 'done' }])],
      guards: { more: { kind: 'compare', left: { node: 'counter', path: ['count'] }, op: '<', right: 3 } },
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'loop' });
    expect(result.outcome).toBe('done');
    expect(result.outputs.counter).toMatchObject({ count: 3 });
    expect(result.events.filter((e) => e.type === 'turn.finished')).toHaveLength(3);
  });

  it('fails with a clear reason when no transition applies', async () => {
    const ir = workflow({
      agents: [functionAgent('counter', 'counter.ts', { output: [{ name: 'count', type: 'number' }, { name: 'message', type: 'string' }] })],
      nodes: [agentNode('counter', [{ to: 'counter', max: 2 }])],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'stuck' });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/no transition from counter applies/);
    expect(result.events.filter((e) => e.type === 'turn.finished')).toHaveLength(3);
  });

  it('fails with the agent and its error when a function agent throws', async () => {
    const ir = workflow({ agents: [functionAgent('broken', 'fails.ts')], nodes: [agentNode('broken', [{ to: 'done' }])] });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'broken' });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/agent broken failed in turn 1: the fixture agent failed on purpose/);
    expect(types(result.events)).toContain('turn.failed');
  });

  it('runs parallel branches, each with its own scope, and joins them', async () => {
    const ir = workflow({
      agents: [functionAgent('left', 'slow.ts'), functionAgent('right', 'slow.ts'), functionAgent('writer', 'echo.ts')],
      channels: [textChannel('left', 'writer'), textChannel('right', 'writer')],
      nodes: [
        { kind: 'parallel', id: 'fan', branches: [{ id: 'a', steps: ['left'] }, { id: 'b', steps: ['right'] }], join: 'all', next: [{ to: 'writer' }] },
        agentNode('writer', [{ to: 'done' }]),
      ],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'par' });
    expect(result.outcome).toBe('done');
    expect(result.events.filter((e) => e.type === 'turn.started').map((e) => e.scope)).toEqual(['fan/a', 'fan/b', undefined]);
    expect((result.outputs.writer as { text: string }).text).toContain('left: left finished turn 1');
    expect((result.outputs.writer as { text: string }).text).toContain('right: right finished turn 1');
  });
});
