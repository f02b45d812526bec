import path from 'node:path';
import type { LlmAgent, Tool, WorkflowIR } from '../../../src/ir/schema.js';
import { DEFAULT_TOOL_LIMITS } from '../../../src/ir/tools.js';
import { llmAgent, named, workflow } from '../../providers/fixtures.js';

/** Building blocks of the tool tests: tools, an agent that has them, a one-turn workflow. */

export const fixture = (file: string): string => path.resolve(import.meta.dirname, 'fixtures', file);

export function functionTool(name: string, file: string, limits: Partial<Tool['limits']> = {}): Tool {
  return { name, source: { kind: 'function', module: fixture(file) }, limits: { ...DEFAULT_TOOL_LIMITS, ...limits } };
}

export function toolAgent(tools: Tool[], perTurn = 4000): LlmAgent {
  return { ...named(llmAgent('openai', 'gpt-4o-mini'), 'researcher'), budget: { perTurn }, tools };
}

export function oneTurn(agent: LlmAgent, total = 20_000): WorkflowIR {
  return { ...workflow([agent]), budget: { total } };
}

/** The tool messages (role `tool`) of an OpenAI chat request, as the model read them. */
export function toolMessages(body: Record<string, unknown>): string[] {
  const messages = body.messages as Array<{ role: string; content: unknown }>;
  return messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
}

/** What the counted-tool.ts fixture was called with, in call order (it records into this global). */
export const glossaryCalls = (): unknown[] => ((globalThis as { glossaryCalls?: unknown[] }).glossaryCalls ??= []);
