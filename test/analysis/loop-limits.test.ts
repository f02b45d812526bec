import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow, computeBudgetBound } from '../../src/analysis/index.js';
import { loadWorkflow } from '../../src/language/index.js';
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
