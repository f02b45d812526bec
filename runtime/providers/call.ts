import { APICallError, generateText, NoObjectGeneratedError, Output, streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import type { z } from 'zod';
import type { Sampling } from '../../src/ir/sampling.js';
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
  /** The agent's sampling settings; its `maxOutputTokens` has already been folded into the cap above. */
  sampling?: Omit<Sampling, 'maxOutputTokens'>;
  /** A declared output: the SDK asks the provider for JSON of this schema (response_format) and validates the answer. */
  schema?: z.ZodType<Record<string, unknown>>;
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
  /** The validated object, when the request declared a schema. */
  output?: Record<string, unknown>;
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

/**
 * A declared output allows fields beyond the declared ones (an agent's `message`, which its
 * channels carry: runtime/agents/output-schema.ts). OpenAI's strict structured outputs forbid
 * them, so the schema is sent as json_schema without `strict`; the SDK still validates the answer.
 */
const LOOSE_JSON_SCHEMA = { openai: { strictJsonSchema: false } };

function settings(request: AttemptRequest) {
  const [system, ...rest] = request.messages;
  return {
    model: request.model,
    instructions: system?.content ?? '',
    messages: [...rest.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })), ...exchangeMessages(request.exchanges ?? [])],
    ...(request.tools && request.tools.length > 0 ? { tools: toolSet(request.tools) } : {}),
    maxOutputTokens: request.maxOutputTokens,
    ...request.sampling,
    ...(request.schema ? { output: Output.object({ schema: request.schema }), providerOptions: LOOSE_JSON_SCHEMA } : {}),
    maxRetries: 0,
    abortSignal: request.signal,
  };
}

/** A reply whose text arrived but is not the declared object: the provider answered, so the attempt is charged. */
export class InvalidOutputError extends Error {
  override readonly name = 'InvalidOutputError';
}

/** The SDK's parse of the declared output; its error, when the text does not match, says what is wrong. */
async function parsedOutput(request: AttemptRequest, read: () => PromiseLike<unknown>): Promise<Record<string, unknown> | undefined> {
  if (!request.schema) return undefined;
  try {
    return (await read()) as Record<string, unknown>;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new InvalidOutputError(cause instanceof Error ? cause.message : (error as Error).message);
  }
}

async function generate(request: AttemptRequest): Promise<AttemptReply> {
  try {
    const result = await generateText(settings(request));
    const reported = reportedOf(result.usage);
    const toolCalls = result.toolCalls.map((call) => ({ id: call.toolCallId, name: call.toolName, args: call.input }));
    const reply = { text: result.text, toolCalls, finishReason: result.finishReason, ...(reported ? { reported } : {}) };
    // A round that asks for tools is not the answer yet: the declared output is parsed from the final round only.
    if (toolCalls.length > 0) return reply;
    const output = await parsedOutput(request, async () => result.output).catch((error: unknown) => {
      throw new AttemptError(error, result.text, true, reported);
    });
    return { ...reply, ...(output ? { output } : {}) };
  } catch (error) {
    if (error instanceof AttemptError) throw error;
    // generateText parses the declared output before it returns: a mismatch arrives here, with the text and usage of the answer.
    if (NoObjectGeneratedError.isInstance(error)) {
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      throw new AttemptError(new InvalidOutputError(cause), error.text ?? '', true, reportedOf(error.usage));
    }
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
  let result: ReturnType<typeof streamText> | undefined;
  try {
    // Errors arrive as stream parts, handled below; the default handler would only log them.
    // Raw chunks carry usage that arrives before a failure, so a failed attempt is charged as reported.
    result = streamText({ ...settings(request), includeRawChunks: true, onError: () => {} });
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
  const reply = { text, toolCalls, finishReason: finish.reason, ...(finish.reported ? { reported: finish.reported } : {}) };
  // A round that asks for tools is not the answer yet: the declared output is parsed from the final round only.
  if (toolCalls.length > 0) return reply;
  const stream = result;
  const output = await parsedOutput(request, () => stream.output).catch((error: unknown) => {
    throw new AttemptError(error, text, true, finish.reported ?? early);
  });
  return { ...reply, ...(output ? { output } : {}) };
}

export function callModel(request: AttemptRequest): Promise<AttemptReply> {
  return request.stream ? stream(request) : generate(request);
}
