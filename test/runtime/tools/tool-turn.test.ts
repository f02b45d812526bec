// Runs workflows whose LLM agent calls tools against a fake OpenAI-compatible server on
// 127.0.0.1 that answers with tool calls: the calls are made, their results reach the model,
// limits hold, and every result is charged to the agent's budgets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../../runtime/providers/llm-agent.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { O200K } from '../../../runtime/tokens/tokenizer.js';
import { compileMachine } from '../../../src/compile/machine.js';
import type { WorkflowIR } from '../../../src/ir/schema.js';
import { instantClock } from '../../providers/fixtures.js';
import { type FakeServer, reply } from '../../support/fake-llm-server.js';
import { startFakeAnthropic } from '../../support/fake-anthropic.js';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { functionTool, glossaryCalls, oneTurn, toolAgent, toolMessages } from './support.js';

let openai: FakeServer;
beforeEach(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-o' });
});
afterEach(async () => {
  await openai.close();
});


function run(ir: WorkflowIR, store = new MemoryRunStore(), runId = 'tools', stream = true) {
  const env = { OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: openai.baseURL };
  return startRun({ ir, machine: compileMachine(ir), store, runId, llm: (agent) => createLlmAgent(agent, { env, clock: instantClock(), stream }) });
}

describe('an LLM turn with function tools', () => {
  it('makes the calls the model asks for, gives it the results, and charges them to the turn', async () => {
    const before = glossaryCalls().length;
    const ir = oneTurn(toolAgent([functionTool('glossary', 'counted-tool.ts')]));
    openai.enqueue(
      reply.tools([{ name: 'glossary', args: { word: 'entropy' } }, { name: 'glossary', args: { word: 'latent' } }], { input: 150, output: 20 }),
      reply.text('Entropy and latent are both in the glossary.', { input: 260, output: 12 }),
    );

    const result = await run(ir);

    expect(result.outcome).toBe('done');
    expect(glossaryCalls().slice(before)).toEqual([{ word: 'entropy' }, { word: 'latent' }]);
    // The tools went to the model as the AI SDK sends them, and the results came back to it.
    const offered = openai.requests[0]!.body.tools as Array<{ function: { name: string } }>;
    expect(offered.map((t) => t.function.name)).toEqual(['glossary']);
    const results = toolMessages(openai.requests[1]!.body);
    expect(results).toHaveLength(2);
    expect(results[0]).toContain('entropy: a word the glossary knows');
    const called = result.events.filter((e) => e.type === 'tool.called');
    expect(called.map((e) => e.type === 'tool.called' && [e.tool, e.status])).toEqual([['glossary', 'ok'], ['glossary', 'ok']]);
    // The second request carried the results: its prompt, as charged, is larger than the first's by at least their tokens.
    const finished = result.events.find((e) => e.type === 'turn.finished');
    const charged = finished?.type === 'turn.finished' ? finished.charged! : undefined;
    const resultTokens = results.reduce((sum, text) => sum + O200K.count(text), 0);
    expect(charged!.input).toBeGreaterThanOrEqual(150 + 260);
    expect(charged!.input).toBeGreaterThan(2 * 100 + resultTokens);
    expect(result.tokens).toBe(charged!.input + charged!.output);
  });

  it('works the same when answers come as one JSON response instead of a stream', async () => {
    const before = glossaryCalls().length;
    const ir = oneTurn(toolAgent([functionTool('glossary', 'counted-tool.ts')]));
    openai.enqueue(reply.tools([{ name: 'glossary', args: { word: 'tensor' } }], { input: 150, output: 20 }), reply.text('Tensor is known.', { input: 230, output: 5 }));

    const result = await run(ir, new MemoryRunStore(), 'json', false);

    expect(result.outcome).toBe('done');
    expect(openai.requests[0]!.body.stream).toBeUndefined();
    expect(glossaryCalls().slice(before)).toEqual([{ word: 'tensor' }]);
    expect(toolMessages(openai.requests[1]!.body)[0]).toContain('tensor: a word the glossary knows');
    expect(result.outputs.researcher).toEqual({ text: 'Tensor is known.' });
  });

  it('works the same against Anthropic\'s messages API, whose results go back as tool_result blocks', async () => {
    const anthropic = await startFakeAnthropic({ apiKey: 'sk-a' });
    try {
      const before = glossaryCalls().length;
      const agent = { ...toolAgent([functionTool('glossary', 'counted-tool.ts')]), provider: 'anthropic', model: 'claude-haiku-4-5' };
      const ir = oneTurn(agent);
      anthropic.enqueue(reply.tools([{ name: 'glossary', args: { word: 'kernel' } }], { input: 150, output: 20 }), reply.text('Kernel is known.', { input: 230, output: 5 }));
      const env = { ANTHROPIC_API_KEY: 'sk-a', ANTHROPIC_BASE_URL: anthropic.baseURL };

      const result = await startRun({ ir, machine: compileMachine(ir), store: new MemoryRunStore(), runId: 'anthropic', llm: (a) => createLlmAgent(a, { env, clock: instantClock() }) });

      expect(result.outcome).toBe('done');
      expect(glossaryCalls().slice(before)).toEqual([{ word: 'kernel' }]);
      const last = (anthropic.requests[1]!.body.messages as Array<{ role: string; content: unknown }>).at(-1)!;
      expect(last.role).toBe('user');
      expect(JSON.stringify(last.content)).toContain('"type":"tool_result"');
      expect(JSON.stringify(last.content)).toContain('kernel: a word the glossary knows');
    } finally {
      await anthropic.close();
    }
  });

  it('refuses calls past a tool\'s calls-per-turn limit, and stops offering the tool', async () => {
    const before = glossaryCalls().length;
    const ir = oneTurn(toolAgent([functionTool('glossary', 'counted-tool.ts', { callsPerTurn: 1 })]));
    openai.enqueue(
      reply.tools([{ name: 'glossary', args: { word: 'a' } }, { name: 'glossary', args: { word: 'b' } }], { input: 150, output: 20 }),
      reply.text('Done with one lookup.', { input: 260, output: 6 }),
    );

    const result = await run(ir);

    expect(result.outcome).toBe('done');
    expect(glossaryCalls().slice(before)).toEqual([{ word: 'a' }]);
    const results = toolMessages(openai.requests[1]!.body);
    expect(results[1]).toContain('refused: tool glossary may be called 1 times per turn');
    // The tool has used its calls: the second request does not offer it.
    expect(openai.requests[1]!.body.tools).toBeUndefined();
    const statuses = result.events.flatMap((e) => (e.type === 'tool.called' ? [e.status] : []));
    expect(statuses).toEqual(['ok', 'refused']);
  });

  it('cuts a megabyte result to the tool\'s result limit before it reaches the journal or the model', async () => {
    const ir = oneTurn(toolAgent([functionTool('archive', 'megabyte-tool.ts', { resultTokens: 300 })]));
    openai.enqueue(reply.tools([{ name: 'archive', args: {} }], { input: 120, output: 8 }), reply.text('The archive is long.', { input: 500, output: 5 }));
    const store = new MemoryRunStore();

    const result = await run(ir, store, 'megabyte');

    expect(result.outcome).toBe('done');
    const [text] = toolMessages(openai.requests[1]!.body);
    expect(O200K.count(text!)).toBeLessThanOrEqual(300);
    expect(text).toContain("[cut to 300 tokens: the tool's result limit]");
    const stored = await store.read('megabyte');
    const journal = JSON.stringify(stored!.records);
    expect(journal.length).toBeLessThan(20_000);
    expect(result.events.find((e) => e.type === 'tool.called')).toMatchObject({ tool: 'archive', status: 'cut' });
  });

  it('cuts a result to what the turn has left, so the turn never passes its budget', async () => {
    // A per-turn budget of 700: the result limit (5000) is far above what the turn can hold.
    // The server reports no usage, so what is charged is coord's own count of each request.
    const ir = oneTurn(toolAgent([functionTool('archive', 'megabyte-tool.ts', { resultTokens: 5000 })], 700));
    openai.enqueue(reply.tools([{ name: 'archive', args: {} }], 'missing'), reply.text('Short answer.', 'missing'));

    const result = await run(ir);

    expect(result.outcome).toBe('done');
    const [text] = toolMessages(openai.requests[1]!.body);
    expect(text).toContain("[cut: the result had");
    // The model was asked for no more than the turn had left, with room kept for its answer.
    expect(openai.requests[1]!.body.max_tokens).toBeGreaterThanOrEqual(5);
    const finished = result.events.find((e) => e.type === 'turn.finished');
    const charged = finished?.type === 'turn.finished' ? finished.charged! : undefined;
    expect(charged!.input + charged!.output).toBeLessThanOrEqual(700);
    expect(result.tokens).toBeLessThanOrEqual(700);
    expect(result.events.some((e) => e.type === 'budget.exceeded')).toBe(false);
  });

  it('fails the turn when the model keeps calling tools after none is offered, charging what it spent', async () => {
    const ir = oneTurn(toolAgent([functionTool('glossary', 'counted-tool.ts', { callsPerTurn: 1 })]));
    openai.enqueue(
      reply.tools([{ name: 'glossary', args: { word: 'x' } }], { input: 150, output: 20 }),
      reply.tools([{ name: 'glossary', args: { word: 'y' } }], { input: 250, output: 20 }),
    );

    const result = await run(ir);

    expect(result.outcome).toBe('failed');
    expect(openai.requests).toHaveLength(2);
    const failed = result.events.find((e) => e.type === 'turn.failed');
    expect(failed).toMatchObject({ error: expect.stringContaining('the model kept calling tools after every tool had used its calls') });
    expect(result.tokens).toBeGreaterThanOrEqual(150 + 20 + 250 + 20);
  });
});

describe('an LLM turn with tools, fallback models and a declared output', () => {
  it('hands the turn to the fallback when the first model fails, runs the tool loop there, and parses the final answer only', async () => {
    const before = glossaryCalls().length;
    const agent = { ...toolAgent([functionTool('glossary', 'counted-tool.ts')]), fallback: [{ provider: 'openai', model: 'gpt-4o' }], output: [{ name: 'verdict', type: 'string' as const }] };
    const ir = oneTurn(agent);
    openai.enqueue(
      reply.status(400, 'this model does not take tools'),
      reply.tools([{ name: 'glossary', args: { word: 'entropy' } }], { input: 150, output: 20 }),
      reply.text('{"verdict":"entropy is known","message":"Entropy is in the glossary."}', { input: 260, output: 12 }),
    );

    const result = await run(ir);

    expect(result.outcome).toBe('done');
    expect(glossaryCalls().slice(before)).toEqual([{ word: 'entropy' }]);
    expect(openai.requests.map((r) => r.body.model)).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o']);
    // The fallback was offered the tools and asked for the declared output in each request.
    expect((openai.requests[1]!.body.tools as unknown[]).length).toBe(1);
    expect(openai.requests[1]!.body.response_format).toBeDefined();
    expect(toolMessages(openai.requests[2]!.body)[0]).toContain('entropy: a word the glossary knows');
    const called = result.events.filter((e) => e.type === 'tool.called');
    expect(called.map((e) => e.type === 'tool.called' && e.tool)).toEqual(['glossary']);
    const finished = result.events.find((e) => e.type === 'turn.finished');
    expect(finished).toMatchObject({ model: 'gpt-4o', output: { verdict: 'entropy is known' } });
  });
});
