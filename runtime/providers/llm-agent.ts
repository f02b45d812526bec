import type { LanguageModel } from 'ai';
import type { z } from 'zod';
import type { AgentRunner, TurnRequest, TurnResult } from '../agents/agent.js';
import { messageText, outputSchema } from '../agents/output-schema.js';
import { type Tokenizer, tokenizerFor } from '../tokens/tokenizer.js';
import { formatModelRef, type ModelRef } from '../../src/ir/model-ref.js';
import type { LlmAgent } from '../../src/ir/schema.js';
import { AttemptError, callModel, type AttemptReply } from './call.js';
import type { ToolCallSummary } from '../store/journal.js';
import { checkProvider, formatProviderProblems } from './check.js';
import { ConfigError, type Env, type ProviderConfigFile } from './config.js';
import { type AttemptFailure, type CallTarget, LlmTurnError, classifyFailure, explainFailure } from './errors.js';
import { type Pricer, pricerFor } from './prices.js';
import { turnMessages } from './prompt.js';
import { providerDefinition, resolveProvider } from './registry.js';
import { createRedactor, knownSecrets } from '../secrets.js';
import { type Clock, nextRetry, systemClock } from './retry.js';
import { schemaForPrompt } from './structured.js';
import { type AttemptUsage, type PromptMessage, UsageTally, countPromptTokens, reconcile } from './usage.js';
import { callTokens, definitionTokens, exchangeTokens, type ToolExchange } from '../tools/exchange.js';
import { runToolLoop } from '../tools/tool-loop.js';
import type { ToolDefinition } from '../tools/tool.js';
import { TOOL_CALL_OVERHEAD_TOKENS } from '../../src/ir/tools.js';

/**
 * An LLM agent: a factory that turns an IR agent into an AgentRunner. Each turn sends the
 * agent's instructions and inbox with its sampling settings, retries what is worth retrying
 * within the provider's own policy, hands the turn to the next fallback model when a model
 * fails, asks for a declared output through the AI SDK's structured output, runs the tool loop
 * when the agent has tools, and accounts for every token of every attempt, on every model,
 * against the one reservation of the turn.
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

/** One model the agent may use: its own first, then each fallback in order. */
interface Candidate {
  ref: ModelRef;
  target: CallTarget;
  model: LanguageModel;
  tokenizer: Tokenizer;
  price?: Pricer;
}

/** One turn's state: what it has spent, and how many requests it has made. */
interface Turn {
  request: TurnRequest;
  tally: UsageTally;
  attempts: number;
  cost: number;
  priced: boolean;
  /** Tool calls made so far, in order. */
  toolCalls: ToolCallSummary[];
}

/** A request within the tool loop: the tools offered and the rounds so far. */
interface Tooling {
  tools: ToolDefinition[];
  exchanges: ToolExchange[];
}

/** Failures another model cannot avoid: the turn was cancelled, or its budget is spent. */
const FINAL_FAILURES = new Set<AttemptFailure['kind']>(['cancelled', 'budget']);

export function createLlmAgent(agent: LlmAgent, options: LlmAgentOptions = {}): AgentRunner {
  const env = options.env ?? process.env;
  const config = options.config ?? {};
  const refs: ModelRef[] = [{ provider: agent.provider, model: agent.model }, ...(agent.fallback ?? [])];
  const problems = refs.flatMap((ref, i) => checkProvider(ref.provider, [i === 0 ? `agent ${agent.name}` : `agent ${agent.name} (fallback ${formatModelRef(ref)})`], env, config) ?? []);
  if (problems.length > 0) throw new ConfigError(formatProviderProblems(problems));
  const candidates: Candidate[] = refs.map((ref) => {
    const settings = resolveProvider(providerDefinition(ref.provider, config)!, env, config);
    const price = pricerFor(ref, config);
    return {
      ref,
      target: { agent: agent.name, settings, model: ref.model },
      model: settings.definition.createModel(settings, ref.model),
      tokenizer: tokenizerFor(ref.provider, ref.model),
      ...(price ? { price } : {}),
    };
  });

  const schema = agent.output ? (outputSchema(agent) as z.ZodType<Record<string, unknown>>) : undefined;
  // The schema travels in the request (response_format); the provider counts it as prompt, so coord does too.
  const schemaText = schema ? JSON.stringify(schemaForPrompt(schema)) : '';
  const { maxOutputTokens: samplingCap, ...sampling } = agent.sampling ?? {};
  const clock = options.clock ?? systemClock;
  const stream = options.stream ?? true;
  // A provider may echo the key it was sent in an error body: no message leaves this module with it.
  const redactor = createRedactor(knownSecrets(env, config));

  function failure(turn: Turn, candidate: Candidate, raw: AttemptFailure, note?: string): LlmTurnError {
    const failed = { ...raw, detail: redactor.text(raw.detail) };
    const { message, hint } = explainFailure(failed, candidate.target);
    const where = `agent ${agent.name} (${formatModelRef(candidate.ref)})`;
    const text = `${where}: ${message}${note ? ` (${note})` : ''}${hint ? ` — ${hint}` : ''}`;
    return new LlmTurnError(candidate.target, failed, hint, redactor.text(text), turn.tally.counted, turn.tally.charged, turn.attempts);
  }

  const cancelled: AttemptFailure = { kind: 'cancelled', retryable: false, detail: 'cancelled', responded: false };

  /** The turn's output cap: the run's, lowered by the agent's `max_output`. */
  function outputCap(turn: Turn): number {
    return Math.min(turn.request.maxOutputTokens, samplingCap ?? Infinity);
  }

  /**
   * The most the next attempt may generate: the turn's output cap less what earlier attempts
   * produced, and within the turn's reservation once this attempt's prompt is paid for, so
   * that every attempt together stays within what the run reserved. Below 1, no attempt.
   */
  function outputLeft(turn: Turn, promptTokens: number): number {
    const { charged } = turn.tally;
    const reservationLeft = (turn.request.maxTokens ?? Infinity) - charged.input - charged.output - promptTokens;
    return Math.min(outputCap(turn) - charged.output, reservationLeft);
  }

  function unaffordable(turn: Turn, promptTokens: number): string {
    const { charged } = turn.tally;
    const left = (turn.request.maxTokens ?? Infinity) - charged.input - charged.output;
    return turn.request.maxTokens !== undefined && promptTokens + 1 > left
      ? `another attempt needs ${promptTokens + 1} tokens and the turn has ${left} of the ${turn.request.maxTokens} reserved for it left`
      : `no output tokens left of the turn's ${outputCap(turn)}`;
  }

  function record(turn: Turn, candidate: Candidate, attempt: AttemptUsage): void {
    turn.tally.record(attempt);
    if (candidate.price) {
      turn.cost += candidate.price(attempt.charged);
      turn.priced = true;
    }
  }

  /** Prompt tokens of a request on one model: the messages and the declared output's schema, then the turn's tool rounds and the tools offered. */
  function promptTokensOf(candidate: Candidate, messages: PromptMessage[], tooling?: Tooling): number {
    const { tokenizer } = candidate;
    const tools = tooling ? exchangeTokens(tokenizer, tooling.exchanges) + definitionTokens(tokenizer, tooling.tools) : 0;
    return countPromptTokens(tokenizer, messages) + tokenizer.count(schemaText) + tools;
  }

  /** One model's reply (an answer, or the tool calls it asks for), retried on transient failures while the turn's reservation covers the retry. */
  async function call(turn: Turn, candidate: Candidate, messages: PromptMessage[], tooling?: Tooling): Promise<AttemptReply> {
    const { request } = turn;
    const policy = candidate.target.settings.retry;
    const promptTokens = promptTokensOf(candidate, messages, tooling);
    for (let attempt = 1; ; attempt++) {
      if (request.signal.aborted) throw failure(turn, candidate, cancelled);
      const remaining = outputLeft(turn, promptTokens);
      if (remaining < 1) throw failure(turn, candidate, { kind: 'budget', retryable: false, responded: false, detail: unaffordable(turn, promptTokens) });
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
          model: candidate.model,
          messages,
          maxOutputTokens: remaining,
          signal: AbortSignal.any([request.signal, timeout.signal]),
          stream,
          ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
          ...(schema ? { schema } : {}),
          onProgress,
          ...(tooling ? { tools: tooling.tools, exchanges: tooling.exchanges } : {}),
        });
        const output = candidate.tokenizer.count(reply.text) + callTokens(candidate.tokenizer, reply.toolCalls);
        record(turn, candidate, reconcile({ input: promptTokens, output }, reply.reported));
        return reply;
      } catch (error) {
        const attemptError = error instanceof AttemptError ? error : new AttemptError(error, '', false);
        const failed = classifyFailure(attemptError.cause, {
          timedOut: timeout.signal.aborted,
          cancelled: request.signal.aborted,
          now: clock.now(),
          streamStarted: attemptError.streamStarted,
        });
        // An attempt the provider may have processed is billed: charge its prompt and whatever
        // text arrived, as reported where the stream said so before failing, else as counted.
        if (failed.responded || failed.kind === 'timeout' || failed.kind === 'cancelled') {
          record(turn, candidate, reconcile({ input: promptTokens, output: candidate.tokenizer.count(attemptError.partialText) }, attemptError.reported));
        }
        if (!failed.retryable) throw failure(turn, candidate, failed);
        const decision = nextRetry(attempt, policy, clock.random, failed.retryAfterMs);
        if (!decision.retry) throw failure(turn, candidate, failed, decision.reason);
        // A retry the reservation cannot pay for is not made: the turn fails as it stands, within its budget.
        if (outputLeft(turn, promptTokens) < 1) throw failure(turn, candidate, failed, `not retried: ${unaffordable(turn, promptTokens)}`);
        request.onRetry?.({ attempt: attempt + 1, reason: redactor.text(explainFailure(failed, candidate.target).message), delayMs: decision.delayMs });
        await clock.sleep(decision.delayMs, request.signal).catch(() => {
          throw failure(turn, candidate, cancelled);
        });
      } finally {
        clearTimeout(timer);
      }
    }
  }

  function result(turn: Turn, candidate: Candidate, output: Record<string, unknown>, finishReason: string): TurnResult {
    const { tally } = turn;
    const reported = tally.reported;
    return {
      output,
      text: messageText(output),
      usage: tally.counted,
      ...(reported ? { reportedUsage: reported } : {}),
      charged: tally.charged,
      usageMismatch: tally.mismatch,
      ...(turn.priced ? { cost: turn.cost } : {}),
      attempts: turn.attempts,
      provider: candidate.ref.provider,
      model: candidate.ref.model,
      finishReason,
      ...(turn.toolCalls.length > 0 ? { tools: turn.toolCalls } : {}),
    };
  }

  /**
   * One model's answer to the turn: one call, or the tool loop when the agent has tools. A
   * fallback model runs the loop afresh (its tool calls included) on what is left of the turn's
   * reservation; the calls of a model that failed are not reported as the turn's.
   */
  async function answer(turn: Turn, candidate: Candidate, messages: PromptMessage[]): Promise<AttemptReply> {
    const tools = turn.request.tools;
    if (!tools) return call(turn, candidate, messages);
    let last: AttemptReply | undefined;
    const looped = await runToolLoop(tools, {
      ask: async (exchanges, offered) => (last = await call(turn, candidate, messages, { tools: offered, exchanges })),
      room(exchanges, offered) {
        const { charged } = turn.tally;
        const left = (turn.request.maxTokens ?? Infinity) - charged.input - charged.output;
        // Room is kept for the answer too: a result that leaves the model one token to answer with is no help.
        const answerRoom = Math.max(1, Math.min(ANSWER_ROOM_TOKENS, outputCap(turn) - charged.output));
        return left - promptTokensOf(candidate, messages, { tools: offered, exchanges }) - answerRoom - TOOL_CALL_OVERHEAD_TOKENS;
      },
      fail: (detail) => {
        throw failure(turn, candidate, { kind: 'budget', retryable: false, responded: true, detail });
      },
      tokenizer: candidate.tokenizer,
    });
    turn.toolCalls.push(...looped.calls);
    return last!;
  }

  return async (request) => {
    const turn: Turn = { request, tally: new UsageTally(), attempts: 0, cost: 0, priced: false, toolCalls: [] };
    const messages = turnMessages(agent, request, schema !== undefined);
    for (let index = 0; ; index++) {
      const candidate = candidates[index]!;
      try {
        const reply = await answer(turn, candidate, messages);
        return result(turn, candidate, reply.output ?? { text: reply.text }, reply.finishReason);
      } catch (error) {
        const next = candidates[index + 1];
        if (!(error instanceof LlmTurnError) || next === undefined || FINAL_FAILURES.has(error.failure.kind)) throw error;
        // The next model starts with what is left of the same reservation: a fallback never widens the budget.
        request.onRetry?.({ attempt: turn.attempts + 1, reason: `falling back to ${formatModelRef(next.ref)}: ${error.message}`, delayMs: 0 });
      }
    }
  };
}
