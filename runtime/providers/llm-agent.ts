import type { AgentRunner, TurnRequest, TurnResult } from '../agents/agent.js';
import { messageText, outputSchema } from '../agents/output-schema.js';
import { tokenizerFor } from '../tokens/tokenizer.js';
import type { LlmAgent } from '../../src/ir/schema.js';
import { AttemptError, callModel, type AttemptReply } from './call.js';
import type { ToolCallSummary } from '../store/journal.js';
import { checkProvider, formatProviderProblems } from './check.js';
import { ConfigError, type Env, type ProviderConfigFile } from './config.js';
import { type AttemptFailure, type CallTarget, LlmTurnError, classifyFailure, explainFailure } from './errors.js';
import { costOf, priceOf } from './prices.js';
import { correctionMessage, turnMessages } from './prompt.js';
import { providerDefinition, resolveProvider } from './registry.js';
import { createRedactor, knownSecrets } from '../secrets.js';
import { type Clock, nextRetry, retryPolicy, systemClock } from './retry.js';
import { parseStructured, schemaForPrompt } from './structured.js';
import { type PromptMessage, UsageTally, countPromptTokens, reconcile } from './usage.js';
import { callTokens, definitionTokens, exchangeTokens, type ToolExchange } from '../tools/exchange.js';
import { runToolLoop, type ToolLoopResult } from '../tools/tool-loop.js';
import type { ToolDefinition } from '../tools/tool.js';
import { TOOL_CALL_OVERHEAD_TOKENS } from '../../src/ir/tools.js';

/**
 * An LLM agent: a factory that turns an IR agent into an AgentRunner. Each turn sends the
 * agent's instructions and inbox, retries what is worth retrying, validates a declared output
 * (one corrective retry that shows the model its mistake), and accounts for every token of
 * every attempt.
 */

/** Output tokens a tool result must leave the turn for the model's answer (fewer when the turn's output cap is lower). */
const ANSWER_ROOM_TOKENS = 64;

export interface LlmAgentOptions {
  /** Where keys and base URLs come from; defaults to process.env. */
  env?: Env;
  /** The parsed config file (config.ts); defaults to none. */
  config?: ProviderConfigFile;
  /** Stream the answer (the default, for interactive runs) or ask for one JSON response. */
  stream?: boolean;
  /** Time and randomness for timeouts and backoff; tests replace it. */
  clock?: Clock;
}

/** One turn's state: what it has spent and how many requests it has made. */
interface Turn {
  request: TurnRequest;
  tally: UsageTally;
  attempts: number;
  /** Tool calls made so far, in order. */
  toolCalls: ToolCallSummary[];
}

/** A request within the tool loop: the tools offered and the rounds so far. */
interface Tooling {
  tools: ToolDefinition[];
  exchanges: ToolExchange[];
}

export function createLlmAgent(agent: LlmAgent, options: LlmAgentOptions = {}): AgentRunner {
  const env = options.env ?? process.env;
  const config = options.config ?? {};
  const problem = checkProvider(agent.provider, [`agent ${agent.name}`], env, config);
  if (problem) throw new ConfigError(formatProviderProblems([problem]));
  const settings = resolveProvider(providerDefinition(agent.provider)!, env, config);

  const target: CallTarget = { agent: agent.name, settings, model: agent.model };
  const model = settings.definition.createModel(settings, agent.model);
  const tokenizer = tokenizerFor(agent.provider, agent.model);
  const price = priceOf(agent.provider, agent.model);
  const schema = agent.output ? outputSchema(agent) : undefined;
  const jsonSchema = schema ? schemaForPrompt(schema) : undefined;
  const policy = retryPolicy(config.requests);
  const clock = options.clock ?? systemClock;
  const stream = options.stream ?? true;
  // A provider may echo the key it was sent in an error body: no message leaves this module with it.
  const redactor = createRedactor(knownSecrets(env, config));

  function fail(turn: Turn, raw: AttemptFailure, note?: string): never {
    const failure = { ...raw, detail: redactor.text(raw.detail) };
    const { message, hint } = explainFailure(failure, target);
    const where = `agent ${agent.name} (${agent.provider}:${agent.model})`;
    const text = `${where}: ${message}${note ? ` (${note})` : ''}${hint ? ` — ${hint}` : ''}`;
    throw new LlmTurnError(target, failure, hint, redactor.text(text), turn.tally.counted, turn.tally.charged, turn.attempts);
  }

  const cancelled: AttemptFailure = { kind: 'cancelled', retryable: false, detail: 'cancelled', responded: false };

  /**
   * The most the next attempt may generate: the turn's output cap less what earlier attempts
   * produced, and within the turn's reservation once this attempt's prompt is paid for, so
   * that every attempt together stays within what the run reserved. Below 1, no attempt.
   */
  function outputLeft(turn: Turn, promptTokens: number): number {
    const { charged } = turn.tally;
    const reservationLeft = (turn.request.maxTokens ?? Infinity) - charged.input - charged.output - promptTokens;
    return Math.min(turn.request.maxOutputTokens - charged.output, reservationLeft);
  }

  function unaffordable(turn: Turn, promptTokens: number): string {
    const { charged } = turn.tally;
    const left = (turn.request.maxTokens ?? Infinity) - charged.input - charged.output;
    return turn.request.maxTokens !== undefined && promptTokens + 1 > left
      ? `another attempt needs ${promptTokens + 1} tokens and the turn has ${left} of the ${turn.request.maxTokens} reserved for it left`
      : `no output tokens left of the turn's ${turn.request.maxOutputTokens}`;
  }

  /** Prompt tokens of a request: the messages, then the turn's tool rounds and the tools offered. */
  function promptTokensOf(messages: PromptMessage[], tooling?: Tooling): number {
    const tools = tooling ? exchangeTokens(tokenizer, tooling.exchanges) + definitionTokens(tokenizer, tooling.tools) : 0;
    return countPromptTokens(tokenizer, messages) + tools;
  }

  /** One model call, retried on transient failures while the turn's reservation covers the retry; returns the reply's text and tool calls. */
  async function call(turn: Turn, messages: PromptMessage[], tooling?: Tooling): Promise<{ text: string; toolCalls: AttemptReply['toolCalls'] }> {
    const { request } = turn;
    const promptTokens = promptTokensOf(messages, tooling);
    for (let attempt = 1; ; attempt++) {
      if (request.signal.aborted) fail(turn, cancelled);
      const remaining = outputLeft(turn, promptTokens);
      if (remaining < 1) fail(turn, { kind: 'budget', retryable: false, responded: false, detail: unaffordable(turn, promptTokens) });
      turn.attempts++;
      // A JSON answer must arrive within the timeout; a stream must never fall silent for that
      // long, so a slow local model that keeps writing is not cut off.
      const timeout = new AbortController();
      const expire = () => timeout.abort(new Error(`no answer in ${policy.timeoutMs} ms`));
      let timer = setTimeout(expire, policy.timeoutMs);
      const onProgress = () => {
        clearTimeout(timer);
        timer = setTimeout(expire, policy.timeoutMs);
      };
      try {
        const reply = await callModel({
          model,
          messages,
          maxOutputTokens: remaining,
          signal: AbortSignal.any([request.signal, timeout.signal]),
          stream,
          onProgress,
          ...(tooling ? { tools: tooling.tools, exchanges: tooling.exchanges } : {}),
        });
        turn.tally.record(reconcile({ input: promptTokens, output: tokenizer.count(reply.text) + callTokens(tokenizer, reply.toolCalls) }, reply.reported));
        return { text: reply.text, toolCalls: reply.toolCalls };
      } catch (error) {
        const attemptError = error instanceof AttemptError ? error : new AttemptError(error, '', false);
        const failure = classifyFailure(attemptError.cause, {
          timedOut: timeout.signal.aborted,
          cancelled: request.signal.aborted,
          now: clock.now(),
          streamStarted: attemptError.streamStarted,
        });
        // An attempt the provider may have processed is billed: charge its prompt and whatever
        // text arrived, as reported where the stream said so before failing, else as counted.
        if (failure.responded || failure.kind === 'timeout' || failure.kind === 'cancelled') {
          turn.tally.record(reconcile({ input: promptTokens, output: tokenizer.count(attemptError.partialText) }, attemptError.reported));
        }
        if (!failure.retryable) fail(turn, failure);
        const decision = nextRetry(attempt, policy, clock.random, failure.retryAfterMs);
        if (!decision.retry) fail(turn, failure, decision.reason);
        // A retry the reservation cannot pay for is not made: the turn fails as it stands, within its budget.
        if (outputLeft(turn, promptTokens) < 1) fail(turn, failure, `not retried: ${unaffordable(turn, promptTokens)}`);
        request.onRetry?.({ attempt: attempt + 1, reason: redactor.text(explainFailure(failure, target).message), delayMs: decision.delayMs });
        await clock.sleep(decision.delayMs, request.signal).catch(() => fail(turn, cancelled));
      } finally {
        clearTimeout(timer);
      }
    }
  }

  function result(turn: Turn, output: Record<string, unknown>): TurnResult {
    const { tally } = turn;
    const reported = tally.reported;
    return {
      output,
      text: messageText(output),
      usage: tally.counted,
      ...(reported ? { reportedUsage: reported } : {}),
      charged: tally.charged,
      usageMismatch: tally.mismatch,
      ...(price ? { cost: costOf(tally.charged, price) } : {}),
      attempts: turn.attempts,
      ...(turn.toolCalls.length > 0 ? { tools: turn.toolCalls } : {}),
    };
  }

  /** The turn's first answer: one model call, or the tool loop when the agent has tools. */
  async function answer(turn: Turn, messages: PromptMessage[]): Promise<string> {
    const tools = turn.request.tools;
    if (!tools) return (await call(turn, messages)).text;
    const looped: ToolLoopResult = await runToolLoop(tools, {
      ask: (exchanges, offered) => call(turn, messages, { tools: offered, exchanges }),
      room(exchanges, offered) {
        const { charged } = turn.tally;
        const left = (turn.request.maxTokens ?? Infinity) - charged.input - charged.output;
        // Room is kept for the answer too: a result that leaves the model one token to answer with is no help.
        const answerRoom = Math.max(1, Math.min(ANSWER_ROOM_TOKENS, turn.request.maxOutputTokens - charged.output));
        return left - promptTokensOf(messages, { tools: offered, exchanges }) - answerRoom - TOOL_CALL_OVERHEAD_TOKENS;
      },
      fail: (detail) => fail(turn, { kind: 'budget', retryable: false, responded: true, detail }),
      tokenizer,
    });
    turn.toolCalls.push(...looped.calls);
    return looped.text;
  }

  return async (request) => {
    const turn: Turn = { request, tally: new UsageTally(), attempts: 0, toolCalls: [] };
    const messages = turnMessages(agent, request, jsonSchema);
    const text = await answer(turn, messages);
    if (!schema) return result(turn, { text });

    const first = parseStructured(text, schema);
    if (first.ok) return result(turn, first.value);
    const correction: PromptMessage[] = [
      ...messages,
      { role: 'assistant', content: text },
      { role: 'user', content: correctionMessage(first.problem) },
    ];
    const second = parseStructured((await call(turn, correction)).text, schema);
    if (second.ok) return result(turn, second.value);
    fail(turn, { kind: 'invalid_output', retryable: false, responded: true, detail: `${second.problem} (first reply: ${first.problem})` }, 'after one corrective retry');
  };
}
