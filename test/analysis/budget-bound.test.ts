import fc from 'fast-check';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow, computeBudgetBound } from '../../src/analysis/index.js';
import { DEFAULT_READOUT_TOKENS } from '../../src/ir/channel-budget.js';
import { DONE, type WorkflowIR } from '../../src/ir/schema.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';
import { loadWorkflow } from '../../src/language/index.js';
import { researchBrief } from '../support/ir-samples.js';
import { exhaustiveWorstCase, randomFlow } from '../support/brute-force-bound.js';

const text = (node: string) => expr.truthy(ref(node, 'text'));

describe('the worst case on chains and loops is exact', () => {
  it('adds the turn budgets of a chain', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100 })
      .agent('b', { perTurn: 200 })
      .agent('c', { perTurn: 300 })
      .step('a', to('b'))
      .step('b', to('c'))
      .step('c', to('done'))
      .build();
    const bound = computeBudgetBound(ir);
    expect(bound.tokens).toBe(600);
    expect(bound.bestCase).toBe(600);
    expect(bound.perAgent).toEqual({ a: { turns: 1, tokens: 100 }, b: { turns: 1, tokens: 200 }, c: { turns: 1, tokens: 300 } });
    expect(bound.unboundedBecause).toBeUndefined();
  });

  it('runs a self-loop to its max: max + 1 turns', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100 })
      .step('a', to('a', { when: text('a'), max: 5 }), to('done'))
      .build();
    expect(computeBudgetBound(ir)).toMatchObject({ tokens: 600, bestCase: 100, perAgent: { a: { turns: 6 } } });
  });

  it('bounds a two-node loop by the max on its back edge', () => {
    const ir = workflow()
      .agent('a', { perTurn: 10 })
      .agent('b', { perTurn: 1 })
      .step('a', to('b'))
      .step('b', to('a', { when: text('b'), max: 3 }), to('done'))
      .build();
    expect(computeBudgetBound(ir)).toMatchObject({ tokens: 44, bestCase: 11, perAgent: { a: { turns: 4 }, b: { turns: 4 } } });
  });

  it('counts a loop after a loop once each, not multiplied', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .agent('b', { perTurn: 10 })
      .step('a', to('a', { when: text('a'), max: 2 }), to('b'))
      .step('b', to('b', { when: text('b'), max: 3 }), to('done'))
      .build();
    expect(computeBudgetBound(ir).tokens).toBe(3 * 1 + 4 * 10);
  });

  it('takes the costlier of two alternatives, not both', () => {
    const ir = workflow()
      .agent('a', { perTurn: 1 })
      .agent('b', { perTurn: 10 })
      .agent('c', { perTurn: 100 })
      .step('a', to('b', { when: text('a') }), to('c'))
      .step('b', to('done'))
      .step('c', to('done'))
      .build();
    expect(computeBudgetBound(ir)).toMatchObject({ tokens: 101, bestCase: 11 });
  });

  it('caps an agent by its total across turns', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100, total: 250 })
      .step('a', to('a', { when: text('a'), max: 5 }), to('done'))
      .build();
    expect(computeBudgetBound(ir).perAgent.a).toEqual({ turns: 6, tokens: 250 });
    expect(computeBudgetBound(ir).tokens).toBe(250);
  });

  it('uses the total as the turn cap when there is no per-turn budget', () => {
    const ir = workflow().agent('a', { total: 700 }).step('a', to('done')).build();
    expect(computeBudgetBound(ir).tokens).toBe(700);
  });
});

describe('unbounded runs', () => {
  it('are unbounded when a loop has no max and the agent no total, and say why', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100 })
      .step('a', to('a', { when: text('a') }), to('done'))
      .build();
    const bound = computeBudgetBound(ir);
    expect(bound.tokens).toBeNull();
    expect(bound.perAgent.a).toEqual({ turns: null, tokens: null });
    expect(bound.unboundedBecause).toEqual([expect.stringContaining('agent `a` can take any number of turns')]);
    expect(bound.bestCase).toBe(100);
  });

  it('are bounded again by the total of the agent on the loop', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100, total: 1000 })
      .step('a', to('a', { when: text('a') }), to('done'))
      .build();
    expect(computeBudgetBound(ir).tokens).toBe(1000);
  });

  it('are unbounded when an agent that runs has no budget at all', () => {
    const ir = workflow().agent('a').step('a', to('done')).build();
    const bound = computeBudgetBound(ir);
    expect(bound).toMatchObject({ tokens: null, bestCase: null });
    expect(bound.unboundedBecause).toEqual(['agent `a` has no token budget (per turn or total)']);
  });

  it('ignore agents that never run', () => {
    const ir = workflow().agent('a', { perTurn: 5 }).agent('idle').step('a', to('done')).build();
    expect(computeBudgetBound(ir)).toMatchObject({ tokens: 5, perAgent: { idle: { turns: 0, tokens: 0 } } });
  });
});

describe('parallel regions, maps, human steps and channels', () => {
  it('counts every branch of a parallel region, and the cheapest for join first at best', () => {
    const build = (join: 'all' | 'first') =>
      workflow()
        .agent('a', { perTurn: 1 })
        .agent('b', { perTurn: 10 })
        .agent('c', { perTurn: 100 })
        .parallel('p', join, { left: ['a', 'b'], right: ['c'] }, to('done'))
        .build();
    expect(computeBudgetBound(build('all'))).toMatchObject({ tokens: 111, bestCase: 111 });
    expect(computeBudgetBound(build('first'))).toMatchObject({ tokens: 111, bestCase: 11 });
  });

  it('runs a map at its max items in the worst case and none at best', () => {
    const ir = workflow()
      .agent('split', { perTurn: 10, output: { parts: 'string[]' } })
      .agent('sum', { perTurn: 3 })
      .step('split', to('m'))
      .map('m', 'sum', ref('split', 'parts'), { max: 50 }, to('done'))
      .build();
    expect(computeBudgetBound(ir)).toMatchObject({ tokens: 160, bestCase: 10, perAgent: { sum: { turns: 50, tokens: 150 } } });
  });

  it('charges nothing for a person', () => {
    const ir = workflow()
      .agent('a', { perTurn: 7 })
      .step('a', to('ok'))
      .human('ok', 'text', { timeoutMs: 1000 }, to('done'))
      .build();
    expect(computeBudgetBound(ir)).toMatchObject({ tokens: 7, bestCase: 7 });
  });

  it('charges a text channel per message, capped by its per-run budget', () => {
    const build = (perRun?: number) =>
      workflow()
        .agent('a', { perTurn: 100 })
        .agent('b', { perTurn: 100 })
        .channel('a', 'b', { budget: { perMessage: 30, perRun } })
        .step('a', to('a', { when: text('a'), max: 3 }), to('b'))
        .step('b', to('done'))
        .build();
    expect(computeBudgetBound(build()).perChannel['a->b']).toBe(120);
    expect(computeBudgetBound(build(50)).perChannel['a->b']).toBe(50);
  });

  it('charges the run for turns only, not again for what channels deliver (the receiver\'s turn holds it)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100 })
      .agent('b', { perTurn: 100 })
      .channel('a', 'b', { budget: { perMessage: 30 } })
      .channel('b', 'a', { mode: 'latent', readout: 40 })
      .step('a', to('a', { when: text('a'), max: 3 }), to('b'))
      .step('b', to('done'))
      .build();
    const bound = computeBudgetBound(ir);
    // a->b: 4 messages of at most 30; b->a: a readout of at most 40 at each of a's 4 turns.
    expect(bound.perChannel).toEqual({ 'a->b': 120, 'b->a': 160 });
    expect(bound.tokens).toBe(500);
    expect(bound.bestCase).toBe(200);
  });

  it('charges an LLM squeeze its worst-case rewrite per message (as the runtime reserves it)', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100 })
      .agent('b', { perTurn: 100 })
      .channel('a', 'b', { budget: { perMessage: 30 }, compress: { method: 'squeeze', via: 'openai:gpt-4o-mini' } })
      .step('a', to('a', { when: text('a'), max: 1 }), to('b'))
      .step('b', to('done'))
      .build();
    // Two messages of at most 30 tokens, each with a rewrite of at most 3 × 30 + 353.
    expect(computeBudgetBound(ir).perChannel['a->b']).toBe(2 * 30 + 2 * (3 * 30 + 353));
    // The rewrites are reserved from the run's budget too (runtime/run/rewrite.ts); the deliveries are not.
    expect(computeBudgetBound(ir).tokens).toBe(300 + 2 * (3 * 30 + 353));
  });

  it('charges a latent channel a readout per receiver turn', () => {
    const ir = workflow()
      .agent('a', { perTurn: 100 })
      .agent('b', { perTurn: 100 })
      .channel('a', 'b', { mode: 'latent', readout: 40 })
      .step('a', to('b'))
      .step('b', to('b', { when: text('b'), max: 1 }), to('done'))
      .build();
    expect(computeBudgetBound(ir).perChannel['a->b']).toBe(80);
  });

  it('charges a latent channel with no readout budget what the runtime lets a readout take: the per-message budget, else 512 (channelBudget)', () => {
    const latent = (budget: { perMessage?: number }) =>
      workflow()
        .agent('a', { perTurn: 2000 })
        .agent('b', { perTurn: 100 })
        .channel('a', 'b', { mode: 'latent', budget })
        .step('a', to('b'))
        .step('b', to('b', { when: text('b'), max: 1 }), to('done'))
        .build();
    expect(computeBudgetBound(latent({})).perChannel['a->b']).toBe(2 * DEFAULT_READOUT_TOKENS);
    expect(computeBudgetBound(latent({ perMessage: 30 })).perChannel['a->b']).toBe(2 * 30);
  });

  it('has an unbounded channel when nothing limits its messages, and an unbounded run when each of them costs the run a rewrite', () => {
    // A function agent: its turns may cost nothing, so its total does not bound how many it takes.
    const build = (via?: string) =>
      workflow()
        .agent('a', { total: 100, kind: 'function' })
        .agent('b', { perTurn: 10 })
        .channel('a', 'b', via ? { compress: { method: 'squeeze', via } } : {})
        .step('a', to('a', { when: text('a') }), to('b'))
        .step('b', to('done'))
        .build();
    const plain = computeBudgetBound(build());
    expect(plain.perAgent.a?.tokens).toBe(100);
    expect(plain.perChannel['a->b']).toBeNull();
    expect(plain.tokens).toBe(110);
    const rewritten = computeBudgetBound(build('openai:gpt-4o-mini'));
    expect(rewritten.tokens).toBeNull();
    expect(rewritten.unboundedBecause).toEqual(['channel `a->b` carries any number of messages and has no per-run budget']);
  });
});

describe('the bound against the workflow budget', () => {
  const loop = (budget: number, perTurn = 100) =>
    workflow()
      .budget(budget)
      .agent('a', { perTurn })
      .step('a', to('a', { when: text('a'), max: 4 }), to('done'))
      .build();
  const codes = (ir: WorkflowIR) => analyzeWorkflow(ir).diagnostics.map((d) => [d.code, d.severity]);

  it('is silent when the worst case fits', () => {
    expect(codes(loop(500))).toEqual([]);
  });

  it('warns when the worst case exceeds the budget (COORD121)', () => {
    expect(codes(loop(499))).toEqual([['COORD121', 'warning']]);
    expect(analyzeWorkflow(loop(499)).diagnostics[0]?.message).toContain('up to 500 tokens');
  });

  it('errs when even the cheapest path exceeds the budget (COORD120)', () => {
    expect(codes(loop(99))).toEqual([['COORD120', 'error']]);
  });

  it('informs that the budget limits a run with no static bound (COORD122)', () => {
    const ir = workflow().budget(1000).agent('a').step('a', to('done')).build();
    expect(codes(ir)).toEqual([['COORD122', 'info']]);
  });

  it('quotes three reasons at most, and none for a channel whose sender is the reason', () => {
    const ir = workflow()
      .budget(1000)
      .agent('a')
      .agent('b')
      .agent('c')
      .agent('d')
      .channel('a', 'b')
      .step('a', to('b'))
      .step('b', to('c'))
      .step('c', to('d'))
      .step('d', to('done'))
      .build();
    const { diagnostics, budgetBound } = analyzeWorkflow(ir);
    expect(budgetBound.unboundedBecause).toHaveLength(4);
    expect(diagnostics[0]?.message).toContain('agent `c` has no token budget (per turn or total); and 1 more)');
  });
});

describe('soundness against brute force', () => {
  it('never bounds below a run the flow allows', () => {
    fc.assert(
      fc.property(randomFlow(), (ir) => {
        const bound = computeBudgetBound(ir);
        if (bound.tokens === null) return;
        expect(bound.tokens).toBeGreaterThanOrEqual(exhaustiveWorstCase(ir));
      }),
      { numRuns: 300 },
    );
  });

  it('is exact on chains of self-loops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cost: fc.integer({ min: 1, max: 99 }), max: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 }),
        (chain) => {
          let builder = workflow();
          chain.forEach((link, i) => {
            builder = builder.agent(`n${i}`, { perTurn: link.cost });
          });
          chain.forEach((link, i) => {
            const next = i + 1 < chain.length ? `n${i + 1}` : DONE;
            builder = builder.step(`n${i}`, to(`n${i}`, { when: text(`n${i}`), max: link.max }), to(next));
          });
          const ir = builder.build();
          const expected = chain.reduce((total, link) => total + (link.max + 1) * link.cost, 0);
          expect(computeBudgetBound(ir).tokens).toBe(expected);
          expect(exhaustiveWorstCase(ir)).toBe(expected);
        },
      ),
    );
  });
});

describe('a workflow with every kind of node', () => {
  it('gets the figures worked out by hand in docs/budget-bound.md', () => {
    const bound = computeBudgetBound(researchBrief());
    expect(bound.perAgent).toEqual({
      planner: { turns: 5, tokens: 7500 },
      splitter: { turns: 2, tokens: 600 },
      summarizer: { turns: 40, tokens: 8000 },
      critic: { turns: 2, tokens: 800 },
      checker: { turns: 2, tokens: 600 },
      writer: { turns: 3, tokens: 1000 },
    });
    expect(bound.perChannel).toEqual({ 'planner->writer': 1500, 'splitter->summarizer': 4000 });
    expect(bound).toMatchObject({ tokens: 18_500, bestCase: 3000 });
  });
});

describe('the run budget is compared with what the runtime charges it', () => {
  it('test/fixtures/valid/run-budget-channels.coord: 5,700 tokens of turns, no COORD121 (the channels\' 4,800 were once added to them: 10,500)', async () => {
    const { ir } = await loadWorkflow(nodePath.join(import.meta.dirname, '../fixtures/valid/run-budget-channels.coord'));
    const { budgetBound, diagnostics } = analyzeWorkflow(ir!);
    expect(budgetBound.tokens).toBe(5700);
    expect(Object.values(budgetBound.perChannel)).toEqual([1600, 1600, 1600]);
    expect(diagnostics).toEqual([]);
  });
});
