import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { budgetSentence, instructions, userMessage } from '../../runtime/providers/prompt.js';
import { schemaForPrompt } from '../../runtime/providers/structured.js';
import { llmAgent, turnRequest } from './fixtures.js';

describe('instructions', () => {
  it('give the role, the channel budget, the turn cap and, for structured output, the reply format', () => {
    const text = instructions(llmAgent('openai', 'gpt-4o-mini'), turnRequest({ outgoingBudget: 80, maxOutputTokens: 150 }), true);
    expect(text).toContain('"planner"');
    expect(text).toContain('Split the question into sub-questions.');
    expect(text).toContain(budgetSentence(80));
    expect(text).toContain('at most 150 tokens in this turn');
    expect(text).toContain('exactly one JSON object in the response format of this request');
  });

  it('leave the budget sentence out when the agent writes to no budgeted channel', () => {
    const request = turnRequest();
    delete request.outgoingBudget;
    expect(instructions(llmAgent('openai', 'gpt-4o-mini'), request)).not.toContain('per message');
  });
});

describe('userMessage', () => {
  it('carries the run input, the map item and every delivered message in order', () => {
    const text = userMessage(
      turnRequest({
        input: { topic: 'sky' },
        item: { index: 2, value: 'Why blue?' },
        inbox: [
          { channel: 'a->planner', from: 'a', text: 'first', tokens: 1, mode: 'text' },
          { channel: 'b->planner', from: 'b', text: 'second', tokens: 1, mode: 'latent' },
        ],
      }),
    );
    expect(text).toContain('"topic": "sky"');
    expect(text).toContain('Item 2 to work on:\nWhy blue?');
    expect(text.indexOf('Message from a (channel a->planner):\nfirst')).toBeLessThan(text.indexOf('Message from b'));
  });

  it('says so when nothing has arrived', () => {
    expect(userMessage(turnRequest({ inbox: [] }))).toContain('No messages have reached you yet');
  });
});

describe('schemaForPrompt', () => {
  it('keeps what the model needs and drops what only costs tokens', () => {
    const shown = schemaForPrompt(z.looseObject({ n: z.number() }));
    expect(shown).toEqual({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
    expect(schemaForPrompt(z.strictObject({ n: z.number() })).additionalProperties).toBe(false);
  });
});
