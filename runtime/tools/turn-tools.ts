import type { ToolCallRequest } from './exchange.js';
import type { ToolDefinition, ToolOutput } from './tool.js';

/**
 * An agent's tools as one turn sees them: what to offer the model, and the one way to call
 * them, which the run supplies (runtime/run/tool-call.ts) so that every call is journaled
 * and a resumed turn does not make a finished call again.
 */
export interface TurnTools {
  definitions: ToolDefinition[];
  /** Makes call number `index` (1-based, in the order the model asked) of this turn; the result is within the tool's result limit. */
  call(index: number, request: ToolCallRequest, definition: ToolDefinition): Promise<ToolOutput>;
}
