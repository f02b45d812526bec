// This test starts real HTTP servers on 127.0.0.1 (port 0) that speak OpenAI's and
// Anthropic's wire protocols, and runs a whole workflow of LLM agents against them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TurnResult } from '../../runtime/agents/agent.js';
import { createLlmAgent } from '../../runtime/providers/llm-agent.js';
import { startRun } from '../../runtime/run/run.js';
import { MemoryRunStore } from '../../runtime/store/memory-store.js';
import type { Channel } from '../../src/ir/schema.js';
import { compileMachine } from '../../src/compile/machine.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeServer, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { instantClock, llmAgent, named, workflow } from './fixtures.js';

let openai: FakeServer;
let anthropic: FakeServer;
beforeEach(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-o' });
  anthropic = await startFakeAnthropic({ apiKey: 'sk-a' });
});
afterEach(async () => {
  await openai.close();
  await anthropic.close();
});

const channel: Channel = {
  id: 'planner->writer',
  from: 'planner',
  to: 'writer',
  mode: 'text',
  budget: { perMessage: 300 },
  compress: { method: 'none' },
  overflow: 'fail',
};

describe('a run of LLM agents', () => {
  it('retries, validates, delivers the planner message to the writer, and charges every attempt', async () => {
    const planner = named(llmAgent('openai', 'gpt-4o-mini', [{ name: 'message', type: 'string' }]), 'planner');
    const writer = { ...named(llmAgent('anthropic', 'claude-haiku-4-5'), 'writer'), role: 'Write the brief.' };
    const ir = { ...workflow([planner, writer], [channel]), budget: { total: 20_000 } };
    ir.flow.nodes = [
      { kind: 'agent', id: 'planner', agent: 'planner', next: [{ to: 'writer' }] },
      { kind: 'agent', id: 'writer', agent: 'writer', next: [{ to: 'done' }] },
    ];
    openai.enqueue(
      reply.status(429, 'slow down', { 'retry-after': '1' }),
      reply.text('{"message": "Cover light, air and scattering."}', { input: 120, output: 11 }),
    );
    anthropic.enqueue(reply.text('The sky is blue because air scatters blue light most.', { input: 150, output: 14 }));

    const env = { OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: openai.baseURL, ANTHROPIC_API_KEY: 'sk-a', ANTHROPIC_BASE_URL: anthropic.baseURL };
    const charged: TurnResult[] = [];
    const result = await startRun({
      ir,
      machine: compileMachine(ir),
      store: new MemoryRunStore(),
      runId: 'llm-run',
      llm: (agent) => {
        const runner = createLlmAgent(agent, { env, clock: instantClock() });
        return async (request) => {
          const turn = await runner(request);
          charged.push(turn);
          return turn;
        };
      },
    });

    expect(result.outcome).toBe('done');
    expect(result.outputs.planner).toEqual({ message: 'Cover light, air and scattering.' });
    expect(result.events.find((e) => e.type === 'turn.retry')).toMatchObject({ agent: 'planner', attempt: 2, delayMs: 1000 });
    expect(openai.requests).toHaveLength(2);
    const writerPrompt = JSON.stringify(anthropic.requests[0]!.body.messages);
    expect(writerPrompt).toContain('Cover light, air and scattering.');
    const total = charged.reduce((sum, turn) => sum + turn.charged!.input + turn.charged!.output, 0);
    // The run is charged exactly what the turns charged: the 429 nothing, each answer the larger count.
    expect(result.tokens).toBe(total);
  });

  it('reports what a failed turn spent on its turn.failed event, and charges it to the run', async () => {
    const planner = named(llmAgent('openai', 'gpt-4o-mini', [{ name: 'message', type: 'string' }]), 'planner');
    const ir = { ...workflow([planner], []), budget: { total: 20_000 } };
    ir.flow.nodes = [{ kind: 'agent', id: 'planner', agent: 'planner', next: [{ to: 'done' }] }];
    // An answer that is not the declared JSON: the turn fails, and what the answer cost is charged.
    openai.enqueue(reply.text('not json at all', { input: 240, output: 11 }));
    const env = { OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: openai.baseURL };
    const result = await startRun({
      ir,
      machine: compileMachine(ir),
      store: new MemoryRunStore(),
      runId: 'llm-fail',
      llm: (agent) => createLlmAgent(agent, { env, clock: instantClock() }),
    });
    expect(result.outcome).toBe('failed');
    const failed = result.events.find((e) => e.type === 'turn.failed');
    expect(failed).toMatchObject({ agent: 'planner' });
    const usage = failed?.type === 'turn.failed' ? failed.usage : undefined;
    expect(usage!.input).toBeGreaterThanOrEqual(240);
    expect(usage!.output).toBeGreaterThanOrEqual(11);
    expect(result.tokens).toBe(usage!.input + usage!.output);
  });
});
