import type { Agent } from '../../src/ir/schema.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import type { AgentTools } from '../tools/toolbox.js';
import { ToolOutput } from '../tools/tool.js';
import type { TurnTools } from '../tools/turn-tools.js';
import type { RunContext } from './context.js';
import { runInnerCall } from './step.js';

/** Characters per token no real tokenizer exceeds on ordinary text: a longer result is sliced before it is counted. */
const MAX_CHARS_PER_TOKEN = 32;

/**
 * A turn's tool calls, each through the step module's inner-call doorway (step.ts): call
 * `index` of turn `stepId` is journaled under `stepId>tool#index` with the tool and its
 * arguments, so a resumed turn that makes the same call gets its result back. The result is
 * cut to the tool's `max N tokens per result` before it is journaled or seen: a tool that
 * returns a megabyte puts at most its limit into the journal and the agent's context.
 */
export function turnTools(ctx: RunContext, stepId: string, agent: Agent, tools: AgentTools, signal: AbortSignal): TurnTools {
  const tokenizer = ctx.router.tokenizerOf(agent.name);
  return {
    definitions: tools.definitions,
    call: (index, request, definition) =>
      runInnerCall(
        ctx,
        `${stepId}>tool#${index}`,
        { tool: request.name, args: request.args ?? null },
        async () => capResult(await tools.call(request.name, request.args, signal), definition.limits.resultTokens, tokenizer),
        (journaled) => ToolOutput.parse(journaled),
      ),
  };
}

export function capResult(raw: { text: string; isError: boolean }, limit: number, tokenizer: Tokenizer): ToolOutput {
  const sliced = raw.text.length > (limit + 1) * MAX_CHARS_PER_TOKEN;
  const text = sliced ? raw.text.slice(0, (limit + 1) * MAX_CHARS_PER_TOKEN) : raw.text;
  const tokens = tokenizer.count(text);
  if (!sliced && tokens <= limit) return { text, isError: raw.isError, cut: false };
  const note = `\n[cut to ${limit} tokens: the tool's result limit]`;
  const keep = Math.max(0, limit - tokenizer.count(note) - 1);
  return { text: `${tokenizer.truncate(text, keep)}${note}`, isError: raw.isError, cut: true };
}
