import { APICallError } from 'ai';
import type { TokenUsage } from '../agents/agent.js';
import type { ResolvedProvider } from './registry.js';
import { InvalidOutputError } from './call.js';
import { retryAfterMs } from './retry.js';

/**
 * What went wrong with one provider call, in terms coord acts on (retry or not, charge the
 * prompt or not) and words a person can act on (what happened, where to fix it).
 */

export type FailureKind =
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid_response'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'cancelled'
  | 'invalid_output'
  | 'budget'
  | 'unexpected';

export interface AttemptFailure {
  kind: FailureKind;
  retryable: boolean;
  status?: number;
  /** What the provider or the network said. */
  detail: string;
  /** The wait the server asked for, when it did. */
  retryAfterMs?: number;
  /** The server accepted the request (HTTP 200) before the attempt failed, so the prompt was processed. */
  responded: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && !chain.includes(current); current = current.cause) chain.push(current);
  return chain;
}

/** The network error code in an error's cause chain, else a socket failure message; undefined if neither. */
function networkCause(error: unknown): string | undefined {
  const chain = causeChain(error);
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === 'string' && NETWORK_CODES.has(c));
  return code ?? chain.find((e) => /socket hang up|terminated|other side closed|fetch failed/i.test(e.message))?.message;
}

/** AI SDK errors that mean "a response came, but it was not what the provider should send". */
const RESPONSE_ERRORS = new Set(['AI_JSONParseError', 'AI_TypeValidationError', 'AI_EmptyResponseBodyError']);

function statusKind(status: number): { kind: FailureKind; retryable: boolean } {
  if (status === 429) return { kind: 'rate_limited', retryable: true };
  if (status === 401) return { kind: 'auth', retryable: false };
  if (status === 403) return { kind: 'forbidden', retryable: false };
  if (status === 404) return { kind: 'not_found', retryable: false };
  // 408 request timeout, 409 conflict and 425 too early are transient by definition.
  if (status === 408 || status === 409 || status === 425) return { kind: 'server', retryable: true };
  if (status >= 500) return { kind: 'server', retryable: true };
  return { kind: 'bad_request', retryable: false };
}

export interface FailureContext {
  /** Our own per-attempt timer fired. */
  timedOut: boolean;
  /** The turn's AbortSignal fired. */
  cancelled: boolean;
  now: number;
  /** The error came out of a response stream the provider had begun, so it answered. */
  streamStarted?: boolean;
}

export function classifyFailure(error: unknown, context: FailureContext): AttemptFailure {
  const detail = error instanceof Error ? error.message : String(error);
  if (context.cancelled) return { kind: 'cancelled', retryable: false, detail: 'cancelled', responded: false };
  if (context.timedOut) return { kind: 'timeout', retryable: true, detail, responded: false };
  // The provider answered, but not with the declared object: asking the same model again rarely helps.
  if (error instanceof InvalidOutputError) return { kind: 'invalid_output', retryable: false, detail, responded: true };

  if (APICallError.isInstance(error) && error.statusCode !== undefined && error.statusCode !== 200) {
    const { kind, retryable } = statusKind(error.statusCode);
    const wait = retryAfterMs(error.responseHeaders, context.now);
    return {
      kind,
      retryable,
      status: error.statusCode,
      detail,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
      responded: false,
    };
  }
  const answered = context.streamStarted === true || (APICallError.isInstance(error) && error.statusCode === 200);
  const network = networkCause(error);
  if (network !== undefined) return { kind: 'network', retryable: true, detail: network, responded: answered };
  // An API call error with no status never got an HTTP answer: the connection failed.
  if (APICallError.isInstance(error) && error.statusCode === undefined) {
    return { kind: 'network', retryable: error.isRetryable, detail, responded: answered };
  }
  if (answered || RESPONSE_ERRORS.has((error as Error | undefined)?.name ?? '')) {
    // A body that is not the provider's format: garbage from a proxy is usually transient; a
    // wrong base URL is not, and the retries end soon with a message that says to check it.
    // Something answered, so the prompt may have been processed: charge it.
    return { kind: 'invalid_response', retryable: true, detail, responded: true };
  }
  return { kind: 'unexpected', retryable: false, detail, responded: false };
}

/** Where the call went, for messages. */
export interface CallTarget {
  agent: string;
  settings: ResolvedProvider;
  model: string;
}

/** One sentence saying what failed, and one saying what to do. */
export function explainFailure(failure: AttemptFailure, target: CallTarget): { message: string; hint: string } {
  const { definition, baseURL, keySource } = target.settings;
  const status = failure.status === undefined ? '' : `HTTP ${failure.status}: `;
  switch (failure.kind) {
    case 'auth':
      return keySource
        ? { message: `${status}the key in ${keySource} was rejected by ${baseURL}`, hint: `check ${keySource}: it may be mistyped, revoked, or for another provider` }
        : { message: `${status}${baseURL} requires a key and none is set`, hint: definition.keyVariable ? `set ${definition.keyVariable}` : `check the server's authentication settings` };
    case 'forbidden':
      return { message: `${status}${keySource ? `the key in ${keySource}` : 'the request'} is not allowed to use ${target.model}`, hint: `check the key's project, organisation and model access (${failure.detail})` };
    case 'not_found':
      return {
        message: `${status}model ${target.model} was not found at ${baseURL}`,
        hint: definition.name === 'ollama' ? `pull it with "ollama pull ${target.model}", or fix the model name in the .coord file` : `check the model name in the .coord file and ${definition.baseUrlSetting}`,
      };
    case 'bad_request':
      return { message: `${status}${definition.label} rejected the request: ${failure.detail}`, hint: `the model may not support these settings; check the model name and budgets` };
    case 'rate_limited':
      return { message: `${status}rate limited by ${definition.label}`, hint: 'lower the concurrency, raise requests.maxAttempts, or try again later' };
    case 'server':
      return { message: `${status}${definition.label} failed: ${failure.detail}`, hint: 'the provider is having trouble; try again later' };
    case 'network':
      return {
        message: `could not reach ${baseURL} (${failure.detail})`,
        hint: definition.name === 'ollama' ? 'is "ollama serve" running?' : `check ${definition.baseUrlSetting} and the network`,
      };
    case 'timeout':
      return { message: `no complete answer from ${baseURL} in time`, hint: 'raise requests.timeoutMs in the config file, or lower the turn budget' };
    case 'invalid_response':
      return { message: `${baseURL} answered with something that is not a valid ${definition.label} response (${failure.detail})`, hint: `check that ${definition.baseUrlSetting} points at an API compatible with ${definition.label}` };
    case 'cancelled':
      return { message: 'cancelled', hint: '' };
    case 'invalid_output':
      return { message: `the model's output did not match the declared output: ${failure.detail}`, hint: 'simplify the output declaration, raise the turn budget, or describe the fields in the role' };
    case 'budget':
      return { message: failure.detail, hint: 'raise the turn or run budget' };
    case 'unexpected':
      return { message: `the call failed before reaching ${definition.label}: ${failure.detail}`, hint: 'this is likely a bug in coord; please report it with the workflow' };
  }
}

/** A turn that failed. It carries the tokens its attempts spent, so the ledger can charge them. */
export class LlmTurnError extends Error {
  override readonly name = 'LlmTurnError';
  constructor(
    readonly target: CallTarget,
    readonly failure: AttemptFailure,
    readonly hint: string,
    message: string,
    /** Tokens as coord counted them, every attempt included. */
    readonly usage: TokenUsage,
    /** What to charge: per attempt, the larger of counted and reported. */
    readonly charged: TokenUsage,
    readonly attempts: number,
  ) {
    super(message);
  }

  get cancelled(): boolean {
    return this.failure.kind === 'cancelled';
  }
}
