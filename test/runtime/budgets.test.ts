import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agent, WorkflowIR } from '../../src/ir/schema.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import { agentNode, functionAgent, textChannel, workflow } from './support/ir.js';
import { machineConfigFor } from './support/machine-config.js';

const llm = (name: string, budget: Agent['budget'] = {}): Agent => ({ kind: 'llm', name, provider: 'openai', model: 'gpt-4o-mini', budget });

/** A provider double: reports whatever usage `usage` computes from the request. */
function provider(usage: (maxOutputTokens: number) => { input: number; output: number }, text = 'ok'): AgentRunner {
  return async (request) => ({ output: { text }, text, usage: usage(request.maxOutputTokens), attempts: 1 });
}

function single(total: number, agent: Agent): WorkflowIR {
  return workflow({ total, agents: [agent], nodes: [agentNode(agent.name, [{ to: agent.name, max: 100 }, { to: 'done' }])] });
}

describe('budgets in a run', () => {
  it('caps each turn at what remains and stops before a turn that cannot fit', async () => {
    const ir = single(1000, llm('writer', { perTurn: 300 }));
    const seen: number[] = [];
    const runner: AgentRunner = async (request) => {
      seen.push(request.maxOutputTokens);
      return { output: { text: 'x' }, text: 'x', usage: { input: 10, output: request.maxOutputTokens - 10 }, attempts: 1 };
    };
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'cap', runners: { writer: runner } });
    expect(result.outcome).toBe('budget_exhausted');
    expect(result.tokens).toBeLessThanOrEqual(1000);
    expect(seen.every((max) => max <= 300)).toBe(true);
    expect(result.events.some((e) => e.type === 'budget.exceeded')).toBe(true);
    expect(result.reason).toMatch(/budget 'run' has \d+ of 1000 tokens left/);
  });

  it('charges a provider that reports more than it was allowed, and stops the run loudly', async () => {
    const ir = single(5000, llm('liar', { perTurn: 200 }));
    const result = await startRun({
      ir,
      machine: machineConfigFor(ir),
      store: new MemoryRunStore(),
      runId: 'liar',
      runners: { liar: provider((max) => ({ input: 100, output: max + 50 })) },
    });
    expect(result.outcome).toBe('budget_exhausted');
    expect(result.reason).toMatch(/more than the \d+ reserved/);
    expect(result.events.filter((e) => e.type === 'turn.finished')).toHaveLength(1);
    expect(result.events.find((e) => e.type === 'budget.exceeded')).toMatchObject({ key: 'turn:liar#1', level: 'turn' });
    const turnPool = result.budgets.find((p) => p.key === 'turn:liar#1')!;
    expect(turnPool.spent).toBeGreaterThan(200);
  });

  it('does not send a function agent message that would pass a budget', async () => {
    const ir = workflow({
      total: 100,
      agents: [functionAgent('talker', 'verbose.ts'), functionAgent('listener', 'echo.ts')],
      channels: [textChannel('talker', 'listener')],
      nodes: [agentNode('talker', [{ to: 'listener' }]), agentNode('listener', [{ to: 'done' }])],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'fn', input: { words: 500 } });
    expect(result.outcome).toBe('budget_exhausted');
    expect(result.reason).toMatch(/agent talker produced \d+ tokens .* budget 'run' has only 100 left; its message was not sent/);
    expect(result.events.some((e) => e.type === 'message.sent')).toBe(false);
    expect(result.tokens).toBe(0);
  });

  it('fails the run naming the channel when a message overflows a channel that says fail', async () => {
    const ir = workflow({
      agents: [functionAgent('talker', 'verbose.ts'), functionAgent('listener', 'echo.ts')],
      channels: [textChannel('talker', 'listener', { budget: { perMessage: 20 }, overflow: 'fail' })],
      nodes: [agentNode('talker', [{ to: 'listener' }]), agentNode('listener', [{ to: 'done' }])],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'ch', input: { words: 50 } });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/channel talker->listener: a message of \d+ tokens exceeds its limit of 20 tokens/);
  });

  it('fails the run when a channel that says fail refuses the message of a map item, even where failed items are dropped', async () => {
    const ir = workflow({
      agents: [functionAgent('lister', 'planner.ts', { output: [{ name: 'questions', type: 'string[]' }, { name: 'message', type: 'string' }] }), functionAgent('talker', 'verbose.ts'), functionAgent('listener', 'echo.ts')],
      channels: [textChannel('talker', 'listener', { budget: { perMessage: 20 }, overflow: 'fail' })],
      nodes: [
        agentNode('lister', [{ to: 'items' }]),
        { kind: 'map', id: 'items', agent: 'talker', over: { node: 'lister', path: ['questions'] }, max: 3, concurrency: 1, onItemFailure: 'drop', next: [{ to: 'listener' }] },
        agentNode('listener', [{ to: 'done' }]),
      ],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'mapch', input: { words: 50, topics: ['a', 'b'] } });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/channel talker->listener: a message of \d+ tokens exceeds its limit of 20 tokens/);
  });

  /**
   * Greedy agents on concurrent map items and parallel branches, providers that report any
   * usage up to what they were allowed: whatever happens, no budget is ever passed.
   */
  it('never passes a hard budget with concurrent branches of greedy, lying agents', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 50, max: 4000 }),
        fc.integer({ min: 20, max: 2000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        async (total, perAgent, concurrency, lies) => {
          let call = 0;
          const liar = provider((max) => {
            const share = lies[call++ % lies.length]!;
            const used = Math.floor(max * share);
            return { input: Math.floor(used / 2), output: used - Math.floor(used / 2) };
          });
          const ir = workflow({
            total,
            agents: [llm('planner'), llm('worker', { total: perAgent }), llm('a'), llm('b')],
            nodes: [
              agentNode('planner', [{ to: 'work' }]),
              { kind: 'map', id: 'work', agent: 'worker', over: { node: 'planner', path: ['items'] }, max: 20, concurrency, onItemFailure: 'fail', next: [{ to: 'fan' }] },
              { kind: 'parallel', id: 'fan', branches: [{ id: 'x', steps: ['a'] }, { id: 'y', steps: ['b'] }], join: 'all', next: [{ to: 'planner', max: 2 }, { to: 'done' }] },
            ],
          });
          const planner: AgentRunner = async (request) => ({
            output: { text: 'plan', items: Array.from({ length: 12 }, (_, i) => i) },
            text: 'plan',
            usage: { input: 0, output: Math.min(5, request.maxOutputTokens) },
            attempts: 1,
          });
          const result = await startRun({
            ir,
            machine: machineConfigFor(ir),
            store: new MemoryRunStore(),
            runId: 'prop',
            runners: { planner, worker: liar, a: liar, b: liar },
          });
          expect(['done', 'budget_exhausted']).toContain(result.outcome);
          for (const pool of result.budgets) {
            if (pool.limit !== undefined) expect(pool.spent).toBeLessThanOrEqual(pool.limit);
            expect(pool.reserved).toBe(0);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
