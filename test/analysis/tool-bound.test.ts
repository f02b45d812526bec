import { describe, expect, it } from 'vitest';
import { computeBudgetBound } from '../../src/analysis/index.js';
import type { Tool, WorkflowIR } from '../../src/ir/schema.js';
import { TOOL_CALL_OVERHEAD_TOKENS } from '../../src/ir/tools.js';
import { expr, ref, to, workflow } from '../support/ir-builder.js';

const tool = (name: string, callsPerTurn: number, resultTokens: number): Tool => ({ name, source: { kind: 'mcp-http', url: 'http://127.0.0.1:1/mcp' }, limits: { callsPerTurn, resultTokens } });

/** Gives agent `name` of `ir` these tools. */
function withTools(ir: WorkflowIR, name: string, tools: Tool[]): WorkflowIR {
  return { ...ir, agents: ir.agents.map((agent) => (agent.name === name && agent.kind === 'llm' ? { ...agent, tools } : agent)) };
}

describe('the static bound with tools', () => {
  it('keeps a tool-using turn within its turn cap: tools add nothing to the worst case', () => {
    const plain = workflow().agent('a', { perTurn: 1000 }).step('a', to('a', { when: expr.truthy(ref('a', 'text')), max: 2 }), to('done')).build();
    const tooled = withTools(plain, 'a', [tool('search', 3, 200), tool('files', 1, 500)]);
    expect(computeBudgetBound(tooled).tokens).toBe(computeBudgetBound(plain).tokens);
    expect(computeBudgetBound(tooled).tokens).toBe(3000);
  });

  it('reports what tool results can bring into an agent\'s context: calls times result limit, per turn, for every turn', () => {
    const ir = withTools(workflow().agent('a', { perTurn: 10_000 }).step('a', to('a', { when: expr.truthy(ref('a', 'text')), max: 2 }), to('done')).build(), 'a', [
      tool('search', 3, 200),
      tool('files', 1, 500),
    ]);
    const perTurn = 3 * (200 + TOOL_CALL_OVERHEAD_TOKENS) + 1 * (500 + TOOL_CALL_OVERHEAD_TOKENS);
    expect(computeBudgetBound(ir).perAgent.a).toEqual({ turns: 3, tokens: 30_000, toolResults: 3 * perTurn });
  });

  it('caps what tool results can bring in by what the agent\'s turns can spend', () => {
    const ir = withTools(workflow().agent('a', { perTurn: 300 }).step('a', to('done')).build(), 'a', [tool('search', 4, 1000)]);
    expect(computeBudgetBound(ir).perAgent.a).toEqual({ turns: 1, tokens: 300, toolResults: 300 });
  });

  it('leaves agents without tools as they were', () => {
    const ir = workflow().agent('a', { perTurn: 300 }).step('a', to('done')).build();
    expect(computeBudgetBound(ir).perAgent.a).toEqual({ turns: 1, tokens: 300 });
  });
});
