import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../src/ir/schema.js';
import { userMessage } from '../../../runtime/providers/prompt.js';
import { AgentMemory } from '../../../runtime/run/memory.js';
import { APPROXIMATE, type Tokenizer } from '../../../runtime/tokens/tokenizer.js';
import { turnRequest } from '../../providers/fixtures.js';

const agent = (memory?: number): Agent => ({ kind: 'function', name: 'sup', module: '/m.ts', budget: {}, ...(memory ? { memory } : {}) });
/** A tokenizer that counts every text as `n` tokens. */
const fixed = (n: number): Tokenizer => ({ ...APPROXIMATE, count: () => n });
const message = (from: string, text: string, tokens: number) => ({ channel: `${from}->sup`, from, text, tokens, mode: 'text' as const });

describe('agent memory', () => {
  it('gives back own messages and received ones in order, the newest that fit its budget, as one unbroken stretch', () => {
    const memory = new AgentMemory();
    const sup = agent(30);
    memory.received(sup, 1, [message('a', 'first', 10)]);
    memory.said(sup, 1, 'one two three', fixed(10));
    memory.received(sup, 2, [message('b', 'long reply', 15), message('c', 'short', 5)]);
    expect(memory.recall(sup).map((e) => `${e.turn}:${e.said ? 'said' : e.from}`)).toEqual(['1:said', '2:b', '2:c']);
    // A 12-token entry no longer fits behind the 20 newest tokens: it and everything older go.
    memory.said(sup, 2, 'x', fixed(12));
    expect(memory.recall(sup).map((e) => `${e.turn}:${e.said ? 'said' : e.from}`)).toEqual(['2:c', '2:said']);
  });

  it('keeps nothing for an agent without memory', () => {
    const memory = new AgentMemory();
    memory.received(agent(), 1, [message('a', 'first', 10)]);
    memory.said(agent(), 1, 'hello', APPROXIMATE);
    expect(memory.recall(agent())).toEqual([]);
  });

  it('an LLM reads its memory before the new messages, marked as its own or by sender', () => {
    const text = userMessage(
      turnRequest({
        memory: [
          { turn: 1, said: true, from: 'sup', text: 'ask researcher', tokens: 3 },
          { turn: 2, said: false, from: 'researcher', channel: 'researcher->sup', text: 'use insertion sort', tokens: 4 },
        ],
        inbox: [message('coder', 'done', 1)],
      }),
    );
    expect(text.indexOf('You said (turn 1):\nask researcher')).toBeGreaterThan(-1);
    expect(text.indexOf('Message from researcher (turn 2, channel researcher->sup):\nuse insertion sort')).toBeGreaterThan(text.indexOf('You said'));
    expect(text.indexOf('New since your last turn:')).toBeLessThan(text.indexOf('Message from coder'));
  });
});
