import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../../src/analysis/index.js';
import { toDot, toMermaid } from '../../src/compile/graph.js';
import { compileMachine, MachineCompileError } from '../../src/compile/machine.js';
import { IR_VERSION, WorkflowIR, type Expr, type FlowNode } from '../../src/ir/schema.js';

/**
 * Any IR the schema accepts, however wrong its flow, gets findings, a bound and pictures,
 * never an exception: the analysis also reads IR written by other tools.
 */
const NAMES = ['a', 'b', 'c', 'p', 'm', 'h', 'ghost', 'done', 'failed'];
const name = fc.constantFrom(...NAMES);
const ref = fc.record({ node: name, path: fc.array(fc.constantFrom('text', 'x', 'length', 'approved', 'choice'), { maxLength: 2 }) });
const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('truthy' as const), ref }),
    fc.record({ kind: fc.constant('compare' as const), left: ref, op: fc.constantFrom('==' as const, '<' as const, '>=' as const), right: fc.oneof(fc.integer(), fc.string(), fc.boolean()) }),
    fc.record({ kind: fc.constant('not' as const), arg: tie('e') }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), args: fc.array(tie('e'), { minLength: 2, maxLength: 3 }) }),
  ),
})).e;
const transition = fc.record(
  { to: name, guard: fc.constantFrom('g1', 'g2', 'missing'), max: fc.integer({ min: 1, max: 3 }) },
  { requiredKeys: ['to'] },
);
const next = fc.array(transition, { maxLength: 3 });
const node: fc.Arbitrary<FlowNode> = fc.oneof(
  fc.record({ kind: fc.constant('agent' as const), id: name, agent: name, next }),
  fc.record({
    kind: fc.constant('parallel' as const),
    id: name,
    branches: fc.array(fc.record({ id: name, steps: fc.array(name, { minLength: 1, maxLength: 3 }) }), { minLength: 2, maxLength: 3 }),
    join: fc.constantFrom('all' as const, 'first' as const),
    next,
  }),
  fc.record({
    kind: fc.constant('map' as const),
    id: name,
    agent: name,
    over: ref,
    max: fc.integer({ min: 1, max: 50 }),
    concurrency: fc.integer({ min: 1, max: 8 }),
    onItemFailure: fc.constantFrom('fail' as const, 'drop' as const),
    next,
  }),
  fc.record(
    {
      kind: fc.constant('human' as const),
      id: name,
      ask: fc.constantFrom('approval' as const, 'choice' as const, 'text' as const),
      prompt: fc.string(),
      options: fc.array(fc.string(), { maxLength: 3 }),
      timeoutMs: fc.integer({ min: 1, max: 100_000 }),
      onTimeout: name,
      next,
    },
    { requiredKeys: ['kind', 'id', 'ask', 'prompt', 'next'] },
  ),
);
const agent = fc.record(
  {
    kind: fc.constant('llm' as const),
    name,
    provider: fc.constant('openai'),
    model: fc.constant('gpt-4o-mini'),
    budget: fc.record({ perTurn: fc.integer({ min: 1, max: 1000 }), total: fc.integer({ min: 1, max: 5000 }) }, { requiredKeys: [] }),
    output: fc.array(fc.record({ name: fc.constantFrom('x', 'text', 'items'), type: fc.constantFrom('string' as const, 'number' as const, 'string[]' as const) }), { maxLength: 2 }),
  },
  { requiredKeys: ['kind', 'name', 'provider', 'model', 'budget'] },
);
const channel = fc.record({
  id: fc.string(),
  from: name,
  to: name,
  mode: fc.constantFrom('text' as const, 'latent' as const, 'hybrid' as const),
  budget: fc.record({ perMessage: fc.integer({ min: 1, max: 500 }), perRun: fc.integer({ min: 1, max: 5000 }) }, { requiredKeys: [] }),
  readout: fc.integer({ min: 1, max: 300 }),
  compress: fc.constant({ method: 'none' as const }),
  overflow: fc.constant('truncate' as const),
}, { requiredKeys: ['id', 'from', 'to', 'mode', 'budget', 'compress', 'overflow'] });
const ir = fc
  .record({
    total: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
    agents: fc.array(agent, { maxLength: 4 }),
    channels: fc.array(channel, { maxLength: 3 }),
    start: name,
    nodes: fc.array(node, { minLength: 1, maxLength: 6 }),
    guards: fc.record({ g1: expr, g2: expr }, { requiredKeys: [] }),
  })
  .map(({ total, agents, channels, start, nodes, guards }) =>
    WorkflowIR.parse({
      irVersion: IR_VERSION,
      name: 'fuzz',
      source: { file: '/virtual/fuzz.coord', sha256: '0' },
      budget: total === undefined ? {} : { total },
      agents,
      channels,
      flow: { start, nodes, guards },
    }),
  );

describe('on any IR the schema accepts', () => {
  it('analysis, the machine compiler and the graph writers never throw', () => {
    fc.assert(
      fc.property(ir, (workflow) => {
        const { diagnostics, budgetBound } = analyzeWorkflow(workflow);
        for (const d of diagnostics) expect(d.range.start.line).toBeGreaterThanOrEqual(1);
        expect(budgetBound.tokens === null || Number.isInteger(budgetBound.tokens)).toBe(true);
        try {
          JSON.stringify(compileMachine(workflow));
        } catch (error) {
          expect(error).toBeInstanceOf(MachineCompileError);
        }
        expect(toMermaid(workflow)).toMatch(/^flowchart TD\n/);
        expect(toDot(workflow)).toMatch(/}\n$/);
      }),
      { numRuns: 400 },
    );
  });
});
