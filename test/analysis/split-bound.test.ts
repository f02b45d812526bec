import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow, computeBudgetBound } from '../../src/analysis/index.js';
import { splitMessage } from '../../runtime/channels/message-split.js';
import { APPROXIMATE, O200K } from '../../runtime/tokens/tokenizer.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';

const text = (node: string) => expr.truthy(ref(node, 'text'));

/** a → b over one channel; a speaks `turns` times at most `perTurn` tokens each. */
function oneChannel(perTurn: number | undefined, channel: Parameters<ReturnType<typeof workflow>['channel']>[2], turns = 1) {
  return workflow()
    .agent('a', perTurn === undefined ? {} : { perTurn })
    .agent('b', { perTurn: 10 })
    .channel('a', 'b', channel)
    .step('a', ...(turns > 1 ? [to('a', { when: text('a'), max: turns - 1 })] : []), to('b'))
    .step('b', to('done'))
    .build();
}

describe('the budget bound of a channel with a split', () => {
  it('charges a split turn up to the sender\'s turn cap, not one per-message budget', () => {
    // Unsplit: 2 messages × 30. Split 2 sentences: the 100-token turn may be 50 messages of 30 each,
    // but they are the turn's own text: 100 tokens, plus one token of rounding per message.
    expect(computeBudgetBound(oneChannel(100, { budget: { perMessage: 30 } }, 2)).perChannel['a->b']).toBe(60);
    expect(computeBudgetBound(oneChannel(100, { budget: { perMessage: 30 }, split: { sentences: 2 } }, 2)).perChannel['a->b']).toBe(2 * (100 + 50));
    // Small per-message budgets still bind: 10 messages of at most 2 tokens.
    expect(computeBudgetBound(oneChannel(20, { budget: { perMessage: 2 }, split: { sentences: 2 } })).perChannel['a->b']).toBe(20);
  });

  it('charges each message of a split turn its own LLM rewrite', () => {
    const squeeze = { method: 'squeeze' as const, via: 'openai:gpt-4o-mini' };
    const whole = computeBudgetBound(oneChannel(100, { compress: squeeze })).perChannel['a->b']!;
    const split = computeBudgetBound(oneChannel(100, { compress: squeeze, split: { sentences: 25 } })).perChannel['a->b']!;
    expect(whole).toBe(100 + 3 * 100 + 353);
    // 4 messages of 104 tokens in all: the text, three times it, and an instruction per message.
    expect(split).toBe(104 + 3 * 104 + 4 * 353);
  });

  it('is unbounded with a per-message budget but no cap on the sender\'s turn, and says why', () => {
    const ir = oneChannel(undefined, { budget: { perMessage: 30 }, split: { sentences: 1 } });
    expect(computeBudgetBound(ir).perChannel['a->b']).toBeNull();
    const { budgetBound } = analyzeWorkflow(ir);
    expect(budgetBound.unboundedBecause).toContain('agent `a` has no token budget (per turn or total)');
    // The sender's reason covers the channel's: it is not repeated.
    expect(budgetBound.unboundedBecause!.some((r) => r.includes('a->b'))).toBe(false);
  });

  it('never bounds below what the runtime delivers for a turn within its cap', () => {
    const word = fc.constantFrom('Ann', 'works', 'at', 'Acme', 'über', 'naïve', '2024-03-12', '`fetch()`', 'p95', 'Zyxqv', '日本語', '420ms', 'is');
    const sentence = fc.tuple(fc.array(word, { minLength: 1, maxLength: 8 }), fc.constantFrom('.', '!', '?', '.\n')).map(([ws, end]) => ws.join(' ') + end);
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.constantFrom(APPROXIMATE, O200K),
        (sentences, n, perMessage, tokenizer) => {
          const turn = sentences.join(' ');
          const cap = tokenizer.count(turn);
          // What the runtime delivers: each piece, truncated to the per-message budget.
          const delivered = splitMessage(turn, n).reduce((total, piece) => total + Math.min(perMessage ?? Infinity, tokenizer.count(piece)), 0);
          const ir = oneChannel(cap, { ...(perMessage ? { budget: { perMessage } } : {}), split: { sentences: n } });
          expect(computeBudgetBound(ir).perChannel['a->b']).toBeGreaterThanOrEqual(delivered);
        },
      ),
      { numRuns: 300 },
    );
  });
});
