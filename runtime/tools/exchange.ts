import { jsonSchema, tool, type ModelMessage, type ToolSet } from 'ai';
import { TOOL_CALL_OVERHEAD_TOKENS } from '../../src/ir/tools.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import type { ToolDefinition } from './tool.js';

/**
 * The part of a turn's conversation that tools add: the model's calls and what came back,
 * round by round, in the AI SDK's message format, and what each costs in prompt tokens (the
 * tool definitions are sent with every request too).
 */

export interface ToolCallRequest {
  /** The provider's id for the call, which its result must quote. */
  id: string;
  name: string;
  args: unknown;
}

export interface ToolExchange {
  /** Text the model wrote before its calls, if any. */
  text: string;
  calls: ToolCallRequest[];
  /** One per call, in the same order. */
  results: Array<{ id: string; name: string; text: string }>;
}

/** The tools offered, for the AI SDK: schemas only, no `execute`, so the SDK returns the calls and coord makes them. */
export function toolSet(definitions: ToolDefinition[]): ToolSet {
  return Object.fromEntries(
    definitions.map((definition) => [definition.name, tool({ description: definition.description, inputSchema: jsonSchema(definition.inputSchema as Parameters<typeof jsonSchema>[0]) })]),
  );
}

export function exchangeMessages(exchanges: ToolExchange[]): ModelMessage[] {
  return exchanges.flatMap((exchange): ModelMessage[] => [
    {
      role: 'assistant',
      content: [
        ...(exchange.text ? [{ type: 'text' as const, text: exchange.text }] : []),
        ...exchange.calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.args })),
      ],
    },
    {
      role: 'tool',
      content: exchange.results.map((result) => ({ type: 'tool-result' as const, toolCallId: result.id, toolName: result.name, output: { type: 'text' as const, value: result.text } })),
    },
  ]);
}

/** Tokens of the calls the model wrote (charged as its output). */
export function callTokens(tokenizer: Tokenizer, calls: ToolCallRequest[]): number {
  return calls.reduce((sum, call) => sum + tokenizer.count(call.name) + tokenizer.count(JSON.stringify(call.args) ?? ''), 0);
}

/** Prompt tokens a tool result adds: its text and the framing of a tool message. */
export function resultTokens(tokenizer: Tokenizer, text: string): number {
  return tokenizer.count(text) + TOOL_CALL_OVERHEAD_TOKENS;
}

/** Prompt tokens the exchanges add to a request: the model's calls and text, and every result with its framing. */
export function exchangeTokens(tokenizer: Tokenizer, exchanges: ToolExchange[]): number {
  return exchanges.reduce(
    (sum, exchange) =>
      sum + 3 + tokenizer.count(exchange.text) + callTokens(tokenizer, exchange.calls) + exchange.calls.length * TOOL_CALL_OVERHEAD_TOKENS + exchange.results.reduce((s, r) => s + resultTokens(tokenizer, r.text), 0),
    0,
  );
}

/** Prompt tokens of the tool definitions sent with a request. */
export function definitionTokens(tokenizer: Tokenizer, definitions: ToolDefinition[]): number {
  return definitions.reduce((sum, d) => sum + TOOL_CALL_OVERHEAD_TOKENS + tokenizer.count(`${d.name} ${d.description} ${JSON.stringify(d.inputSchema)}`), 0);
}
