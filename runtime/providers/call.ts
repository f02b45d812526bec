import { APICallError, generateText, streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import { exchangeMessages, toolSet, type ToolCallRequest, type ToolExchange } from '../tools/exchange.js';
import type { ToolDefinition } from '../tools/tool.js';
import type { PromptMessage, ReportedUsage } from './usage.js';

/**
 * One request to a model, streamed or not, with the SDK's own retries off (coord retries and
 * counts). A failure keeps the text that had arrived and whether the provider had begun to
 * answer, because both decide what the failed attempt costs.
 */

export interface AttemptRequest {
  model: LanguageModel;
  messages: PromptMessage[];
  maxOutputTokens: number;
  signal: AbortSignal;
  stream: boolean;
  /** Called on every part of a streamed answer, so a timeout can measure silence, not length. */
  onProgress?: () => void;
  /** Tools the model may call in this request; their calls come back in the reply, unmade. */
  tools?: ToolDefinition[];
  /** Earlier rounds of tool calls and results in this turn, after `messages`. */
  exchanges?: ToolExchange[];
}

export interface AttemptReply {
  text: string;
  /** Tool calls the model asked for (none when it answered). */
  toolCalls: ToolCallRequest[];
  reported?: ReportedUsage;
  finishReason: string;
}

export class AttemptError extends Error {
  override readonly name = 'AttemptError';
  constructor(
    override readonly cause: unknown,
    /** Text received before the failure (streams only). */
    readonly partialText: string,
    /** The provider had begun its answer, so it accepted the request. */
    readonly streamStarted: boolean,
    /** Usage the stream reported before it failed (Anthropic reports input tokens first). */
    readonly reported?: ReportedUsage,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function reportedOf(usage: LanguageModelUsage | undefined): ReportedUsage | undefined {
  if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) return undefined;
  return {
    ...(usage.inputTokens === undefined ? {} : { input: usage.inputTokens }),
    ...(usage.outputTokens === undefined ? {} : { output: usage.outputTokens }),
  };
}

function settings(request: AttemptRequest) {
  const [system, ...rest] = request.messages;
  return {
    model: request.model,
    instructions: system?.content ?? '',
    messages: [...rest.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })), ...exchangeMessages(request.exchanges ?? [])],
    ...(request.tools && request.tools.length > 0 ? { tools: toolSet(request.tools) } : {}),
    maxOutputTokens: request.maxOutputTokens,
    maxRetries: 0,
    abortSignal: request.signal,
  };
}

async function generate(request: AttemptRequest): Promise<AttemptReply> {
  try {
    const result = await generateText(settings(request));
    const reported = reportedOf(result.usage);
    const toolCalls = result.toolCalls.map((call) => ({ id: call.toolCallId, name: call.toolName, args: call.input }));
    return { text: result.text, toolCalls, finishReason: result.finishReason, ...(reported ? { reported } : {}) };
  } catch (error) {
    throw new AttemptError(error, '', false);
  }
}

/** Usage inside one raw stream chunk: Anthropic's message_start, or OpenAI's final usage chunk. */
function usageInChunk(raw: unknown): ReportedUsage | undefined {
  const chunk = raw as { type?: string; message?: { usage?: { input_tokens?: unknown } }; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null;
  const input = chunk?.type === 'message_start' ? chunk.message?.usage?.input_tokens : chunk?.usage?.prompt_tokens;
  const output = chunk?.type === 'message_start' ? undefined : chunk?.usage?.completion_tokens;
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  return { ...(typeof input === 'number' ? { input } : {}), ...(typeof output === 'number' ? { output } : {}) };
}

async function stream(request: AttemptRequest): Promise<AttemptReply> {
  let text = '';
  const toolCalls: ToolCallRequest[] = [];
  let started = false;
  let early: ReportedUsage | undefined;
  let finish: { reason: string; reported?: ReportedUsage } | undefined;
  const failed = (cause: unknown, streamStarted: boolean) => new AttemptError(cause, text, streamStarted, early);
  try {
    // Errors arrive as stream parts, handled below; the default handler would only log them.
    // Raw chunks carry usage that arrives before a failure, so a failed attempt is charged as reported.
    const result = streamText({ ...settings(request), includeRawChunks: true, onError: () => {} });
    for await (const part of result.fullStream) {
      request.onProgress?.();
      if (part.type === 'start-step') started = true;
      else if (part.type === 'text-delta') text += part.text;
      else if (part.type === 'tool-call') toolCalls.push({ id: part.toolCallId, name: part.toolName, args: part.input });
      else if (part.type === 'raw') early = usageInChunk(part.rawValue) ?? early;
      else if (part.type === 'error') {
        // An error the provider's stream carried (not a refused request) means it had answered.
        throw failed(part.error, started || !APICallError.isInstance(part.error));
      } else if (part.type === 'abort') throw failed(request.signal.reason, started);
      else if (part.type === 'finish-step') {
        const reported = reportedOf(part.usage);
        finish = { reason: part.finishReason, ...(reported ? { reported } : {}) };
      }
    }
  } catch (error) {
    if (error instanceof AttemptError) throw error;
    throw failed(error, started);
  }
  if (finish === undefined || finish.reason === 'error') {
    throw failed(new Error('the stream ended before the answer was complete'), started);
  }
  return { text, toolCalls, finishReason: finish.reason, ...(finish.reported ? { reported: finish.reported } : {}) };
}

export function callModel(request: AttemptRequest): Promise<AttemptReply> {
  return request.stream ? stream(request) : generate(request);
}
