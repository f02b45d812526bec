import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import { WorkflowIR, type Agent } from '../../src/ir/schema.js';
import type { Pool } from '../../runtime/ledger/ledger.js';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';

const GREEDY = fileURLToPath(new URL('./fixtures/agents/greedy.ts', import.meta.url));

interface Shape {
  runBudget: number;
  /** Total budget of the map's agent, which every item shares. */
  mapAgentTotal: number;
  perTurn: number | undefined;
  join: 'all' | 'first';
  /** Words each branch's agent tries to write. */
  branchWords: number[];
  /** Words each map item tries to write. */
  items: number[];
  concurrency: number;
  /** Per-run budget of the channel every map item writes to. */
  channelBudget: number;
}

/**
 * splitter -> parallel region (one greedy agent per branch) -> map of a greedy agent over the
 * splitter's list -> sink, which reads everything the map items sent on a shared channel.
 */
function workflowOf(shape: Shape): WorkflowIR {
  const greedy = (name: string, budget: Agent['budget']): Agent => ({ kind: 'function', name, module: GREEDY, budget });
  const perTurn = shape.perTurn !== undefined ? { perTurn: shape.perTurn } : {};
  const branchAgents = shape.branchWords.map((_, i) => greedy(`b${i}`, { ...perTurn }));
  return WorkflowIR.parse({
    irVersion: 1,
    name: 'greedy_team',
    source: { file: '/virtual/greedy.coord', sha256: '0'.repeat(64) },
    budget: { total: shape.runBudget },
    agents: [
      { kind: 'function', name: 'splitter', module: fileURLToPath(new URL('./fixtures/agents/list.ts', import.meta.url)), budget: {}, output: [{ name: 'items', type: 'number[]' }] },
      ...branchAgents,
      greedy('m', { total: shape.mapAgentTotal, ...perTurn }),
      greedy('sink', {}),
    ],
    channels: [{ id: 'm->sink', from: 'm', to: 'sink', mode: 'text', budget: { perRun: shape.channelBudget }, compress: { method: 'none' }, overflow: 'truncate' }],
    flow: {
      start: 'splitter',
      guards: {},
      nodes: [
        { kind: 'agent', id: 'splitter', agent: 'splitter', next: [{ to: 'team' }] },
        { kind: 'parallel', id: 'team', join: shape.join, branches: branchAgents.map((a, i) => ({ id: `br${i}`, steps: [a.name] })), next: [{ to: 'items' }] },
        { kind: 'map', id: 'items', agent: 'm', over: { node: 'splitter', path: ['items'] }, max: 20, concurrency: shape.concurrency, onItemFailure: 'fail', next: [{ to: 'sink' }] },
        { kind: 'agent', id: 'sink', agent: 'sink', next: [{ to: 'done' }] },
      ],
    },
  });
}

const shapes: fc.Arbitrary<Shape> = fc.record({
  runBudget: fc.integer({ min: 50, max: 2500 }),
  mapAgentTotal: fc.integer({ min: 20, max: 1500 }),
  perTurn: fc.option(fc.integer({ min: 5, max: 600 }), { nil: undefined }),
  join: fc.constantFrom('all' as const, 'first' as const),
  branchWords: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 2, maxLength: 5 }),
  items: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 12 }),
  concurrency: fc.integer({ min: 1, max: 8 }),
  channelBudget: fc.integer({ min: 10, max: 800 }),
});

function withinLimits(pools: Pool[]): void {
  for (const pool of pools) {
    if (pool.limit !== undefined) expect(pool.spent, pool.key).toBeLessThanOrEqual(pool.limit);
    expect(pool.reserved, pool.key).toBe(0);
  }
}

describe('budgets shared by concurrent branches and map items', () => {
  it('are never passed, whatever the branches and items try to spend at once (ledger, snapshot and journal agree)', async () => {
    let exhausted = 0;
    await fc.assert(
      fc.asyncProperty(shapes, async (shape) => {
        const ir = workflowOf(shape);
        const store = new MemoryRunStore();
        const words = Object.fromEntries(shape.branchWords.map((n, i) => [`b${i}`, n]));
        const result = await startRun({ ir, machine: compileMachine(ir), store, runId: 'g', input: { items: shape.items, words } });

        expect(['done', 'budget_exhausted']).toContain(result.outcome);
        if (result.outcome === 'budget_exhausted') {
          exhausted++;
          expect(result.events.some((e) => e.type === 'budget.exceeded')).toBe(true);
        }
        // The ledger's final state, in the result and in the saved snapshot.
        withinLimits(result.budgets);
        const snapshot = store.snapshot('g') as { ledger: Pool[] };
        expect(snapshot.ledger).toEqual(result.budgets);

        // The journal: every settled turn, per agent and in total, within its limits.
        const records = store.read('g')!.records;
        const settled = records.flatMap((r) => (r.kind === 'event' && r.event.type === 'turn.finished' ? [r.event] : []));
        const spentBy = (agent?: string) => settled.filter((e) => agent === undefined || e.agent === agent).reduce((sum, e) => sum + e.usage.input + e.usage.output, 0);
        expect(spentBy()).toBeLessThanOrEqual(shape.runBudget);
        expect(spentBy('m')).toBeLessThanOrEqual(shape.mapAgentTotal);
        const run = result.budgets.find((p) => p.key === 'run')!;
        expect(spentBy()).toBeLessThanOrEqual(run.spent);
        if (shape.perTurn !== undefined) for (const turn of settled.filter((e) => e.agent !== 'splitter' && e.agent !== 'sink')) expect(turn.usage.input + turn.usage.output).toBeLessThanOrEqual(shape.perTurn);
        const delivered = records.flatMap((r) => (r.kind === 'event' && r.event.type === 'message.sent' && r.event.channel === 'm->sink' ? [r.event.delivered] : []));
        expect(delivered.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(shape.channelBudget);
      }),
      { numRuns: 40 },
    );
    // The shapes are tight enough that some runs must hit a limit, or the property proves little.
    expect(exhausted).toBeGreaterThan(0);
  });
});
