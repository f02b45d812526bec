import fc from 'fast-check';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow, computeBudgetBound } from '../../src/analysis/index.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { loadWorkflow } from '../../src/language/index.js';
import { exhaustiveWorstCase, randomFlowWithLoop } from '../support/brute-force-bound.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';

const fixture = (name: string) => nodePath.join(import.meta.dirname, '../fixtures/valid', name);
const notDone = (node: string) => expr.not(expr.truthy(ref(node, 'done')));

describe('an LLM agent\'s total budget limits a loop', () => {
  it('test/fixtures/valid/agent-total-loop.coord: no COORD103 for a loop held by a total, and a bound of the total (6000) plus the writer (1500)', async () => {
    const { ir } = await loadWorkflow(fixture('agent-total-loop.coord'));
    const { diagnostics, budgetBound } = analyzeWorkflow(ir!);
    expect(diagnostics).toEqual([]);
    // Turns: the first, then one per token of the total at most (each transition into the planner is limited by it).
    expect(budgetBound.perAgent.planner).toEqual({ turns: 6001, tokens: 6000 });
    expect(budgetBound.tokens).toBe(7500);
  });

  it('bounds the other agents of the loop by the turns the total allows', () => {
    const ir = workflow()
      .agent('writer', { perTurn: 100, total: 300, output: { done: 'boolean' } })
      .agent('critic', { perTurn: 10 })
      .step('writer', to('critic', { when: notDone('writer') }), to('done'))
      .step('critic', to('writer'))
      .build();
    expect(analyzeWorkflow(ir).diagnostics.map((d) => d.code)).toEqual([]);
    const bound = computeBudgetBound(ir);
    expect(bound.perAgent).toEqual({ writer: { turns: 301, tokens: 300 }, critic: { turns: 301, tokens: 3010 } });
    expect(bound.tokens).toBe(3310);
  });

  it('does not count a function agent\'s total: its turns may cost nothing, so COORD103 stands', () => {
    const ir = workflow()
      .agent('writer', { kind: 'function', total: 300, output: { done: 'boolean' } })
      .step('writer', to('writer', { when: notDone('writer') }), to('done'))
      .build();
    expect(analyzeWorkflow(ir).diagnostics.map((d) => d.code)).toEqual(['COORD103']);
    expect(computeBudgetBound(ir).perAgent.writer).toEqual({ turns: null, tokens: 300 });
  });

  it('counts the total of an agent in a `join all` region on the loop, not in a `join first` one (a branch may be stopped before its turn)', () => {
    const build = (join: 'all' | 'first') =>
      workflow()
        .agent('w', { perTurn: 10, total: 50 })
        .agent('x', { perTurn: 10 })
        .agent('judge', { perTurn: 10, output: { done: 'boolean' } })
        .parallel('panel', join, { one: ['w'], two: ['x'] }, to('judge'))
        .step('judge', to('panel', { when: notDone('judge') }), to('done'))
        .build();
    const codes = (ir: WorkflowIR) => analyzeWorkflow({ ...ir, flow: { ...ir.flow, start: 'panel' } }).diagnostics.map((d) => d.code);
    expect(codes(build('all'))).toEqual([]);
    expect(codes(build('first'))).toEqual(['COORD103']);
  });

  it('does not count a total of an agent off the loop', () => {
    const ir = workflow()
      .agent('a', { perTurn: 10, total: 100 })
      .agent('b', { perTurn: 10, output: { done: 'boolean' } })
      .step('a', to('b'))
      .step('b', to('b', { when: notDone('b') }), to('done'))
      .build();
    expect(analyzeWorkflow(ir).diagnostics.map((d) => d.code)).toEqual(['COORD103']);
  });
});

describe('a loop limit: the transitions into a group of nodes, taken at most N times in all', () => {
  it('test/fixtures/valid/loop-limit.coord: ten worker turns in any mix cost at most 46,500, no COORD121 (with `max 10` on each route, 91,500)', async () => {
    const { ir } = await loadWorkflow(fixture('loop-limit.coord'));
    const { diagnostics, budgetBound } = analyzeWorkflow(ir!);
    expect(diagnostics).toEqual([]);
    expect(budgetBound.perAgent).toEqual({
      supervisor: { turns: 11, tokens: 16_500 },
      researcher: { turns: 10, tokens: 30_000 },
      coder: { turns: 10, tokens: 30_000 },
    });
    expect(budgetBound.tokens).toBe(46_500);

    // The same team without the loop limit: each route needs its own `max`, and their sum is the bound.
    const routes = structuredClone(ir!);
    delete routes.flow.loops;
    for (const node of routes.flow.nodes) for (const transition of node.next) if (transition.to === 'researcher' || transition.to === 'coder') transition.max = 10;
    const without = analyzeWorkflow(routes);
    expect(without.budgetBound.tokens).toBe(91_500);
    expect(without.diagnostics.map((d) => d.code)).toEqual(['COORD121']);
  });

  it('bounds a loop with no `max` on its transitions (no COORD103), the start counted once more', () => {
    const ir = workflow()
      .agent('a', { perTurn: 10, output: { done: 'boolean' } })
      .agent('b', { perTurn: 100 })
      .step('a', to('b', { when: notDone('a') }), to('done'))
      .step('b', to('a'))
      .build();
    expect(analyzeWorkflow(ir).diagnostics.map((d) => d.code)).toEqual(['COORD103']);
    ir.flow.loops = [{ id: 'loop#1', nodes: ['b'], max: 4 }];
    expect(analyzeWorkflow(ir).diagnostics.map((d) => d.code)).toEqual([]);
    // b runs at most four times; a at the start and after each of them.
    expect(computeBudgetBound(ir).perAgent).toEqual({ a: { turns: 5, tokens: 50 }, b: { turns: 4, tokens: 400 } });
    expect(computeBudgetBound(ir).tokens).toBe(450);
    // With both in the loop, `b -> a` can run out too, and then b has nowhere to go.
    ir.flow.loops = [{ id: 'loop#1', nodes: ['a', 'b'], max: 4 }];
    expect(analyzeWorkflow(ir).diagnostics.map((d) => d.code)).toEqual(['COORD104']);
    // a and b together: the start, then four transitions into them.
    expect(computeBudgetBound(ir).tokens).toBe(5 * 100);
  });

  it('reports a node in two loop limits (COORD130) and a limit with nothing to limit (COORD131)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 10, output: { done: 'boolean' } })
      .agent('b', { perTurn: 10 })
      .agent('c', { perTurn: 10 })
      .step('a', to('b', { when: notDone('a') }), to('done'))
      .step('b', to('a'))
      .build();
    ir.flow.loops = [
      { id: 'loop#1', nodes: ['a', 'b'], max: 4 },
      { id: 'loop#2', nodes: ['b'], max: 2 },
      { id: 'loop#3', nodes: ['c'], max: 2 },
    ];
    const found = analyzeWorkflow(ir).diagnostics.filter((d) => d.code >= 'COORD130').map((d) => `${d.code} ${d.message}`);
    expect(found).toEqual([
      'COORD130 `b` is already in the `loop max 4`; a transition into it would count against both',
      'COORD131 `c` is not in the flow, so this `loop max 2` does not limit it',
    ]);
  });
});

describe('a loop limit\'s bound against brute force', () => {
  it('never bounds below a run the flow allows', () => {
    let bounded = 0;
    fc.assert(
      fc.property(randomFlowWithLoop(), (ir) => {
        const bound = computeBudgetBound(ir);
        if (bound.tokens === null) return;
        bounded++;
        expect(bound.tokens).toBeGreaterThanOrEqual(exhaustiveWorstCase(ir));
      }),
      { numRuns: 300 },
    );
    expect(bounded).toBeGreaterThan(100);
  });
});
