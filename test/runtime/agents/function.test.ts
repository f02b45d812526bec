import { describe, expect, it } from 'vitest';
import type { FunctionAgent } from '../../../src/ir/schema.js';
import { createFunctionAgent } from '../../../runtime/agents/function.js';
import { messageText, parseOutput } from '../../../runtime/agents/output-schema.js';
import { fixtureAgent } from '../support/ir.js';

function agent(module: string, output?: FunctionAgent['output']): FunctionAgent {
  return { kind: 'function', name: 'helper', module: fixtureAgent(module), budget: {}, ...(output ? { output } : {}) };
}

const request = { runId: 'r', turn: 1, inbox: [], maxOutputTokens: 100, signal: new AbortController().signal };

describe('function agents', () => {
  it('loads a TypeScript module and validates what its function returns', async () => {
    const planner = agent('planner.ts', [{ name: 'questions', type: 'string[]' }, { name: 'message', type: 'string' }]);
    const runner = await createFunctionAgent(planner);
    const result = await runner({ ...request, agent: planner, input: { topics: ['x'] } });
    expect(result.output).toEqual({ questions: ['What is x?'], message: 'Questions about x.' });
    expect(result.text).toBe('Questions about x.');
    expect(result.usage.output).toBeGreaterThan(0);
  });

  it('names the agent and the fields when the output does not match the declaration', async () => {
    const wrong = agent('planner.ts', [{ name: 'questions', type: 'number[]' }]);
    const runner = await createFunctionAgent(wrong);
    await expect(runner({ ...request, agent: wrong, input: { topics: ['x'] } })).rejects.toThrow(
      /agent helper returned an output that does not match its declaration \{ questions: number\[\] \}: questions\.0:/,
    );
  });

  it('refuses a module without exactly one function to call', async () => {
    await expect(createFunctionAgent(agent('two-exports.ts'))).rejects.toThrow(/must export one function .* it exports first, second/);
    await expect(createFunctionAgent(agent('no-such-file.ts'))).rejects.toThrow(/agent helper: cannot load .*no-such-file\.ts/);
  });

  it('refuses at once a module that ends its thread while it loads', async () => {
    await expect(createFunctionAgent(agent('exits-on-load.ts'))).rejects.toThrow(/^agent helper: cannot load .*exits-on-load\.ts: its thread ended \(exit code 3\) before its module had loaded$/);
  });
});

describe('outputs', () => {
  it('sends the message or text field, and the JSON of anything else', () => {
    expect(messageText({ message: 'hi', n: 1 })).toBe('hi');
    expect(messageText({ text: 'plain' })).toBe('plain');
    expect(messageText({ n: 1 })).toBe('{"n":1}');
  });

  it('takes a string, or an object with a message, from a free-text agent', () => {
    expect(parseOutput({ name: 'a' }, 'hello')).toEqual({ text: 'hello' });
    expect(parseOutput({ name: 'a' }, { message: 'hello' })).toEqual({ message: 'hello', text: 'hello' });
    expect(() => parseOutput({ name: 'a' }, 42)).toThrow(/agent a returned an output that does not match/);
  });

  it('holds a field of listed values to its list, and says which values it takes', () => {
    const output = [{ name: 'next', type: 'string' as const, values: ['researcher', 'coder'] }];
    expect(parseOutput({ name: 'sup', output }, { next: 'coder' })).toEqual({ next: 'coder' });
    expect(() => parseOutput({ name: 'sup', output }, { next: 'reseacher' })).toThrow(/agent sup returned an output that does not match its declaration \{ next: "researcher" \| "coder" \}/);
  });
});
