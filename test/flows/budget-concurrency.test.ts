import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMachine } from '../../src/compile/machine.js';
import { WorkflowIR, type Agent } from '../../src/ir/schema.js';
import type { AgentRunner } from '../../runtime/agents/agent.js';
import type { Pool } from '../../runtime/ledger/ledger.js';
import { replayRun, startRun } from '../../runtime/run/run.js';
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
        const records = (await store.read('g'))!.records;
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

/** Branches of greedy function agents (each writes `words[<agent>]` words), joined, under one run budget. */
function branchesOf(runBudget: number, agents: string[], extra: Partial<Agent> = {}): WorkflowIR {
  return WorkflowIR.parse({
    irVersion: 1,
    name: 'branches',
    source: { file: '/virtual/branches.coord', sha256: '0'.repeat(64) },
    budget: { total: runBudget },
    agents: agents.map((name) => ({ kind: 'function', name, module: GREEDY, budget: {}, ...extra })),
    channels: [],
    flow: {
      start: 'team',
      guards: {},
      nodes: [{ kind: 'parallel', id: 'team', join: 'all', branches: agents.map((name, i) => ({ id: `br${i}`, steps: [name] })), next: [{ to: 'done' }] }],
    },
  });
}

async function runBranches(runBudget: number, words: Record<string, number>) {
  const ir = branchesOf(runBudget, Object.keys(words));
  const store = new MemoryRunStore();
  const result = await startRun({ ir, machine: compileMachine(ir), store, runId: 'w', input: { words } });
  return { result, store, records: (await store.read('w'))!.records };
}

describe('a turn that cannot reserve its budget while sibling turns hold it', () => {
  it('waits for what they give back, so two branches under a 50-token run budget both finish', { timeout: 20_000 }, async () => {
    const { result, store, records } = await runBranches(50, { b0: 5, b1: 5 });
    expect(result.outcome).toBe('done');
    expect(result.events.filter((e) => e.type === 'turn.finished').map((e) => (e as { agent: string }).agent).sort()).toEqual(['b0', 'b1']);
    withinLimits(result.budgets);
    // One branch held the whole run budget at first, so the other started waiting.
    expect(records.some((r) => r.kind === 'step' && r.phase === 'start' && r.inputs?.awaitingBudget === true)).toBe(true);
    const replayed = await replayRun({ runId: 'w', store });
    expect(replayed.mismatches).toEqual([]);
    expect(replayed.matches).toBe(true);
  });

  it('is granted in the order it started waiting (first come, first served)', { timeout: 20_000 }, async () => {
    const { result, records } = await runBranches(300, { b0: 4, b1: 4, b2: 4, b3: 4 });
    expect(result.outcome).toBe('done');
    const waited = records.flatMap((r) => (r.kind === 'step' && r.phase === 'start' && r.inputs?.awaitingBudget === true ? [r.inputs.agent] : []));
    expect(waited.length).toBeGreaterThanOrEqual(2);
    const started = result.events.flatMap((e) => (e.type === 'turn.started' ? [e.agent] : []));
    expect(started.filter((agent) => waited.includes(agent))).toEqual(waited);
  });

  it('fails the run cleanly, without hanging, when what the others really spend leaves it no room', { timeout: 20_000 }, async () => {
    const ir = WorkflowIR.parse({
      ...branchesOf(200, ['a', 'b']),
      agents: ['a', 'b'].map((name) => ({ kind: 'llm', name, provider: 'openai', model: 'gpt-4o-mini', budget: {} })),
    });
    // Each spends everything it was allowed to write, and 10 tokens of input: what is left cannot hold the other's input.
    const spendAll: AgentRunner = async (request) => ({ output: { text: 'x' }, text: 'x', usage: { input: 10, output: request.maxOutputTokens }, attempts: 1 });
    const store = new MemoryRunStore();
    const result = await startRun({ ir, machine: compileMachine(ir), store, runId: 'full', runners: { a: spendAll, b: spendAll } });
    expect(result.outcome).toBe('budget_exhausted');
    expect(result.reason).toMatch(/agent [ab] cannot take turn 1: budget 'run' has \d+ of 200 tokens left/);
    expect(result.events.filter((e) => e.type === 'turn.finished')).toHaveLength(1);
    expect(result.events.some((e) => e.type === 'budget.exceeded')).toBe(true);
    withinLimits(result.budgets);
    expect((await replayRun({ runId: 'full', store })).matches).toBe(true);
  });

  it('finishes every branch whenever what they really spend fits the run budget together', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 10, max: 400 }), async (counts, runBudget) => {
        const words = Object.fromEntries(counts.map((n, i) => [`b${i}`, n]));
        // What each branch really spends, measured without a tight budget.
        const roomy = await runBranches(100_000, words);
        expect(roomy.result.outcome).toBe('done');
        const needed = roomy.result.events.reduce((sum, e) => sum + (e.type === 'turn.finished' ? e.usage.input + e.usage.output : 0), 0);

        const { result } = await runBranches(runBudget, words);
        expect(['done', 'budget_exhausted']).toContain(result.outcome);
        if (needed <= runBudget) expect(result.outcome).toBe('done');
        withinLimits(result.budgets);
      }),
      { numRuns: 25 },
    );
  });
});
