import { z } from 'zod';
import type { ToolLimits } from '../../src/ir/schema.js';

/**
 * What a tool is to the rest of the runtime, whatever runs it (a module, an MCP server): a
 * name the model calls, a description and a JSON Schema for its arguments, and a call that
 * returns text. The declaration it came from carries the limits.
 */
export interface ToolDefinition {
  /** The name the model calls: the declaration's name for a function tool, the server's name for an MCP tool. */
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  inputSchema: Record<string, unknown>;
  /** The `tool` declaration that provides it. */
  declared: string;
  limits: ToolLimits;
}

/** What a tool call returned, as it enters the agent's context (and the journal). */
export const ToolOutput = z.object({
  text: z.string(),
  /** The tool reported a failure (the model reads it and may try otherwise); the turn goes on. */
  isError: z.boolean(),
  /** The result was longer than the declaration's `max N tokens per result` and was cut to it. */
  cut: z.boolean(),
});
export type ToolOutput = z.infer<typeof ToolOutput>;

/** One declaration's tools, open for a run: a module loaded, or an MCP server connected. */
export interface ToolProvider {
  readonly definitions: ToolDefinition[];
  call(name: string, args: unknown, signal: AbortSignal): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

/** A tool could not be loaded or reached: the person's to fix (a path, a command, a URL). */
export class ToolSetupError extends Error {
  override readonly name = 'ToolSetupError';
}

/** Text for any value a tool returns: strings as they are, everything else as JSON. */
export function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}
