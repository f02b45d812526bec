import { describe, expect, it } from 'vitest';
import type { AgentRunner, TurnRequest } from '../../../runtime/agents/agent.js';
import { instructions } from '../../../runtime/providers/prompt.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import type { Agent, Channel, LlmAgent } from '../../../src/ir/schema.js';
import { agentNode, functionAgent, textChannel, workflow } from '../support/ir.js';
import { machineConfigFor } from '../support/machine-config.js';

const WRITER: LlmAgent = { kind: 'llm', name: 'writer', provider: 'openai', model: 'gpt-4o-mini', budget: {} };

async function turnOf(writer: Agent, channels: Partial<Channel>[]): Promise<TurnRequest> {
  const readers = channels.map((_, i) => `reader${i}`);
  const ir = workflow({
    total: 50_000,
    agents: [writer, ...readers.map((r) => functionAgent(r, 'echo.ts'))],
    channels: channels.map((c, i) => textChannel('writer', readers[i]!, c)),
    nodes: [agentNode('writer', [{ to: 'done' }])],
  });
  const requests: TurnRequest[] = [];
  const runner: AgentRunner = async (request) => {
    requests.push(request);
    const text = 'ok';
    return { output: writer.output ? { message: text } : { text }, text, usage: { input: 10, output: 1 }, attempts: 1 };
  };
  const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'len', llm: () => runner });
  expect(result.outcome).toBe('done');
  return requests[0]!;
}

describe('length-aware sending', () => {
  it('tells a free-text LLM agent the budget of the channels it writes to, and caps its output there', async () => {
    const request = await turnOf(WRITER, [{ budget: { perMessage: 120 } }, { budget: { perMessage: 80 }, overflow: 'drop' }]);
    expect(request.outgoingBudget).toBe(80);
    expect(request.maxOutputTokens).toBe(80);
    expect(instructions(WRITER, request, undefined)).toContain('carry at most 80 tokens per message');
  });

  it('does not cap output where a channel could still carry more: no limit, a squeeze, or compress on overflow', async () => {
    expect((await turnOf(WRITER, [{ budget: { perMessage: 80 } }, {}])).maxOutputTokens).toBeGreaterThan(80);
    expect((await turnOf(WRITER, [{ budget: { perMessage: 80 }, compress: { method: 'squeeze' } }])).maxOutputTokens).toBeGreaterThan(80);
    expect((await turnOf(WRITER, [{ budget: { perMessage: 80 }, overflow: 'compress' }])).maxOutputTokens).toBeGreaterThan(80);
  });

  it('does not cap an agent with structured output, whose answer is more than its message', async () => {
    const structured: LlmAgent = { ...WRITER, output: [{ name: 'message', type: 'string' }] };
    const request = await turnOf(structured, [{ budget: { perMessage: 80 } }]);
    expect(request.outgoingBudget).toBe(80);
    expect(request.maxOutputTokens).toBeGreaterThan(80);
  });
});
