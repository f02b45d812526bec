import type { Agent, FlowNode } from '../../src/ir/schema.js';
import type { DeliveredMessage, RetryNotice, TurnRequest, TurnResult } from '../agents/agent.js';
import type { PendingRewrite } from '../channels/router.js';
import { runRewriteStep } from '../channels/rewrite-step.js';
import { budgetKey } from '../ledger/budgets.js';
import { isRefusal, type Reservation } from '../ledger/ledger.js';
import type { StepResult } from '../store/journal.js';
import { agentNamed, ensureLive, journalStep, obtainResult, StepAbandoned, type RunContext } from './context.js';
import { RunStop } from './stop.js';

/** The most an agent may generate in one turn when no budget says less. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Fewer output tokens than this, a turn would rather wait for turns in flight to give budget back. */
export const OUTPUT_FLOOR_TOKENS = 64;
/** Tokens a provider's prompt adds around the inbox and role (system framing, formatting). */
const PROMPT_OVERHEAD_TOKENS = 64;

export interface TurnSpec {
  stepId: string;
  node: FlowNode;
  agentName: string;
  scope?: string;
  item?: { index: number; value: unknown };
  /** A map's items share the inbox the map collected; other turns collect their own. */
  inbox?: DeliveredMessage[];
  /** Agent nodes announce `state.entered`; map items do not (their map did). */
  announceState: boolean;
  signal: AbortSignal;
  /** A finished turn settles (and sends its message) only after this resolves: map items settle in item order. */
  settleAfter?: Promise<void>;
}

interface Granted {
  reservation: Reservation;
  maxOutputTokens: number;
}

interface Prepared extends Granted {
  turn: number;
  inbox: DeliveredMessage[];
}

/** What the start section fixes; the budget is granted then, or later from the reservation queue. */
interface Started {
  turn: number;
  inbox: DeliveredMessage[];
  budget: Granted | Promise<Granted>;
}

/**
 * One agent turn: collect the inbox, reserve the budget, call the agent, settle the
 * ledger, send the message on. The first and last parts are sections (see sequencer);
 * the call between them is the only side effect, and its result is journaled.
 */
export async function runTurn(ctx: RunContext, spec: TurnSpec): Promise<Record<string, unknown>> {
  const agent = agentNamed(ctx, spec.agentName);
  // A paused run starts no new turn; turns the journal already holds replay without waiting.
  if (ctx.pause && !ctx.sequencer.replaying) await ctx.pause.whenOpen(spec.signal);
  const started = await ctx.sequencer.run({ id: spec.stepId, phase: 'start' }, () => prepare(ctx, spec, agent));
  // A turn whose budget siblings in flight hold waits here, outside any section, until a commit or release grants it.
  const prepared: Prepared = { turn: started.turn, inbox: started.inbox, ...(await started.budget) };

  // Whether the machine stopped this step while the run went on: then what the call spent is journaled and charged.
  let stoppedByFlow = false;
  spec.signal.addEventListener('abort', () => (stoppedByFlow = !ctx.signal.aborted), { once: true });

  let result: StepResult;
  try {
    result = await obtainResult(ctx, spec.stepId, spec.signal, async () => {
      // Retries happen during the call, outside any section: they are kept and emitted when the turn settles.
      const retries: RetryNotice[] = [];
      const request: TurnRequest = {
        runId: ctx.runId,
        agent,
        turn: prepared.turn,
        input: ctx.input,
        inbox: prepared.inbox,
        item: spec.item,
        outgoingBudget: ctx.router.outgoingBudget(agent.name),
        maxOutputTokens: prepared.maxOutputTokens,
        signal: spec.signal,
        onRetry: (retry) => retries.push(retry),
      };
      try {
        const turnResult = await ctx.runnerFor(agent, spec.node)(request);
        if (spec.signal.aborted) return { type: 'abandoned', charged: chargeOf(turnResult) };
        return { type: 'turn', ...turnResult, ...(retries.length > 0 ? { retries } : {}) };
      } catch (error) {
        const charged = (error as { charged?: unknown }).charged;
        if (spec.signal.aborted) return { type: 'abandoned', charged: isUsage(charged) ? charged : { input: 0, output: 0 } };
        return { type: 'error', message: (error as Error)?.message ?? String(error), ...(isUsage(charged) ? { charged } : {}) };
      }
    });
  } catch (error) {
    // No call was made: the reservation goes back whole.
    ctx.ledger.release(prepared.reservation);
    if (spec.signal.aborted) throw ctx.signal.aborted ? new RunStop('cancelled', 'the run was stopped') : new StepAbandoned();
    throw error;
  }

  if (spec.settleAfter && result.type === 'turn') await untilAborted(spec.settleAfter, spec.signal);

  if (spec.signal.aborted && !stoppedByFlow && !ctx.journaled.has(spec.stepId)) {
    // The run itself stopped (cancelled, waiting for input): the step never finished and runs again on resume.
    ctx.ledger.release(prepared.reservation);
    throw new RunStop('cancelled', 'the run was stopped');
  }

  let committed = false;
  let rewrites: PendingRewrite[] = [];
  let output: Record<string, unknown>;
  try {
    output = await ctx.sequencer.run({ id: spec.stepId, phase: 'finish' }, async () => {
      if (result.type !== 'abandoned' && !spec.signal.aborted) ensureLive(ctx, spec.signal);
      journalStep(ctx, { kind: 'step', id: spec.stepId, phase: 'finish', result });
      committed = true;
      if (result.type === 'abandoned' || spec.signal.aborted) {
        const charged = result.type === 'abandoned' ? result.charged : result.type === 'turn' ? chargeOf(result) : (result.type === 'error' && result.charged) || { input: 0, output: 0 };
        // An agent coord counts itself spent nothing real beyond its reservation: its message is never sent.
        const spent = charged.input + charged.output;
        ctx.ledger.commit(prepared.reservation, ctx.countsLocally(agent) ? Math.min(spent, prepared.reservation.tokens) : spent);
        ctx.emit({ type: 'turn.failed', agent: agent.name, error: 'abandoned: the flow moved on before this turn finished; its tokens are charged, its output is not used', usage: charged, scope: spec.scope });
        throw new StepAbandoned();
      }
      if (result.type !== 'turn') {
        const usage = (result.type === 'error' && result.charged) || { input: 0, output: 0 };
        ctx.ledger.commit(prepared.reservation, usage.input + usage.output);
        const message = result.type === 'error' ? result.message : `unexpected ${result.type} result`;
        ctx.emit({ type: 'turn.failed', agent: agent.name, error: message, usage, scope: spec.scope });
        throw new Error(`agent ${agent.name} failed in turn ${prepared.turn}${spec.scope ? ` (${spec.scope})` : ''}: ${message}`);
      }
      settle(ctx, spec, agent, prepared, result);
      rewrites = await ctx.router.send(agent.name, result.text, spec.scope);
      return result.output;
    });
  } catch (error) {
    if (!committed) ctx.ledger.release(prepared.reservation);
    throw error;
  }
  // Channels that rewrite through a model do so as steps of their own, before the flow moves on;
  // each message of a split turn is its own step.
  for (const pending of rewrites) {
    await runRewriteStep(ctx, `${spec.stepId}>squeeze:${pending.channel.id}${pending.piece ? `#${pending.piece}` : ''}`, pending);
  }
  return output;
}

/** Resolves when `promise` does, or when `signal` aborts, whichever comes first. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void promise.then(done);
  });
}

/** What a finished call costs: the provider's charge when it gave one, else the larger of counted and reported. */
function chargeOf(result: Pick<TurnResult, 'usage' | 'reportedUsage' | 'charged'>): { input: number; output: number } {
  if (result.charged) return result.charged;
  const reported = result.reportedUsage;
  if (reported && reported.input + reported.output > result.usage.input + result.usage.output) return reported;
  return result.usage;
}

function isUsage(value: unknown): value is { input: number; output: number } {
  const usage = value as { input?: unknown; output?: unknown } | undefined;
  return Number.isInteger(usage?.input) && Number.isInteger(usage?.output);
}

function textOf(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Inbox, input estimate and the reservation that caps the turn's output. A turn that
 * cannot have at least `OUTPUT_FLOOR_TOKENS` (or all it could ever have, if less)
 * while reservations in flight hold the rest waits in the reservation queue; it fails
 * only when even their return would not make room for its input and one output token.
 */
async function prepare(ctx: RunContext, spec: TurnSpec, agent: Agent): Promise<Started> {
  ensureLive(ctx, spec.signal);
  if (spec.announceState) ctx.emit({ type: 'state.entered', state: spec.node.id, scope: spec.scope });
  const turn = (ctx.turns.get(agent.name) ?? 0) + 1;
  ctx.turns.set(agent.name, turn);

  const query = [agent.role ?? '', textOf(spec.item?.value), textOf(ctx.input)].filter(Boolean).join('\n');
  const inbox = spec.inbox ?? (await ctx.router.collect(agent.name, query, spec.scope));
  const inputTokens = estimateInput(ctx, agent, inbox, spec);

  const turnKey = budgetKey.turn(agent.name, turn, spec.scope);
  ctx.ledger.declare(turnKey, 'turn', agent.budget.perTurn);
  const keys = [budgetKey.run(), budgetKey.agent(agent.name), turnKey];
  // A free-text LLM agent is held to what its channels can carry; a structured answer is more than its message.
  const channelCap = agent.kind === 'llm' && !agent.output ? (ctx.router.outputCap(agent.name) ?? Infinity) : Infinity;
  const cap = Math.min(DEFAULT_MAX_OUTPUT_TOKENS, channelCap);
  const floor = () => Math.max(1, Math.min(OUTPUT_FLOOR_TOKENS, cap, ctx.ledger.unspentOf(keys) - inputTokens));
  const fits = () => ctx.ledger.remainingOf(keys) - inputTokens >= floor();
  const hopeless = () => ctx.ledger.unspentOf(keys) - inputTokens < 1;

  const exhausted = (): RunStop => {
    // The pool that leaves no room even once every reservation in flight has come back.
    const unspent = (key: string) => ctx.ledger.unspentOf([key]);
    const tightest = keys.reduce((a, b) => (unspent(b) < unspent(a) ? b : a));
    const pool = ctx.ledger.snapshot().find((p) => p.key === tightest)!;
    ctx.emit({ type: 'budget.exceeded', key: tightest, level: pool.level, requested: inputTokens + 1, remaining: unspent(tightest), scope: spec.scope });
    return new RunStop(
      'budget_exhausted',
      `agent ${agent.name} cannot take turn ${turn}: budget '${tightest}' has ${unspent(tightest)} of ${pool.limit} tokens left ` +
        `and the turn needs at least ${inputTokens + 1} (${inputTokens} to read, 1 to answer)`,
    );
  };
  const grant = (): Granted => {
    const maxOutputTokens = Math.min(cap, ctx.ledger.remainingOf(keys) - inputTokens);
    const reservation = ctx.ledger.reserve(keys, inputTokens + maxOutputTokens);
    if (isRefusal(reservation)) throw new Error(`ledger refused ${inputTokens + maxOutputTokens} tokens it reported as available`);
    for (const pool of ctx.ledger.snapshot().filter((p) => keys.includes(p.key))) {
      ctx.emit({ type: 'budget.reserved', key: pool.key, tokens: reservation.tokens, used: pool.spent, limit: pool.limit, scope: spec.scope });
    }
    ctx.emit({ type: 'turn.started', agent: agent.name, turn, scope: spec.scope });
    return { reservation, maxOutputTokens };
  };
  const inputs = {
    agent: agent.name,
    turn,
    inbox: inbox.map(({ channel, from, text, tokens, mode }) => ({ channel, from, text, tokens, mode })),
    ...(spec.item ? { item: spec.item } : {}),
  };

  // First come, first served: a turn that fits still queues behind turns already waiting.
  if (ctx.reservations.length === 0 && fits()) {
    const granted = grant();
    journalStep(ctx, { kind: 'step', id: spec.stepId, phase: 'start', inputs: { ...inputs, maxOutputTokens: granted.maxOutputTokens, reserved: granted.reservation.tokens } });
    return { turn, inbox, budget: granted };
  }
  if (hopeless()) throw exhausted();
  journalStep(ctx, { kind: 'step', id: spec.stepId, phase: 'start', inputs: { ...inputs, awaitingBudget: true } });
  const budget = ctx.reservations.enqueue({
    fits,
    hopeless,
    grant,
    refuse: exhausted,
    signal: spec.signal,
    abandoned: () => (ctx.signal.aborted ? new RunStop('cancelled', 'the run was stopped') : new StepAbandoned()),
  });
  // Its failure is the turn's, raised where the turn awaits it.
  budget.catch(() => undefined);
  return { turn, inbox, budget };
}

/**
 * What a turn will read, in tokens. Exact for agents coord counts itself (their input
 * is their inbox); for providers, the inbox plus role, input and item, with a margin
 * for the provider's framing, since the provider builds the prompt.
 */
function estimateInput(ctx: RunContext, agent: Agent, inbox: DeliveredMessage[], spec: TurnSpec): number {
  const inboxTokens = inbox.reduce((sum, message) => sum + message.tokens, 0);
  if (ctx.countsLocally(agent)) return inboxTokens;
  const tokenizer = ctx.router.tokenizerOf(agent.name);
  const rest = tokenizer.count([agent.role ?? '', textOf(ctx.input), textOf(spec.item?.value)].join('\n'));
  return Math.ceil((inboxTokens + rest) * 1.1) + PROMPT_OVERHEAD_TOKENS;
}

/**
 * Charges the turn. An agent coord counts itself may grow its reservation if every
 * budget has room (its message is only counted once written); a provider that
 * reports more than it was allowed to generate is charged in full, and the run stops.
 */
function settle(ctx: RunContext, spec: TurnSpec, agent: Agent, prepared: Prepared, result: TurnResult & { retries?: RetryNotice[] }): void {
  for (const retry of result.retries ?? []) ctx.emit({ type: 'turn.retry', agent: agent.name, ...retry, scope: spec.scope });
  const charge = chargeOf(result);
  const actual = charge.input + charge.output;
  let reservation = prepared.reservation;

  if (actual > reservation.tokens && ctx.countsLocally(agent)) {
    const grown = ctx.ledger.grow(reservation, actual - reservation.tokens);
    if (isRefusal(grown)) {
      ctx.ledger.release(reservation);
      ctx.emit({ type: 'budget.exceeded', key: grown.key, level: grown.level, requested: actual, remaining: grown.remaining, scope: spec.scope });
      throw new RunStop(
        'budget_exhausted',
        `agent ${agent.name} produced ${actual} tokens in turn ${prepared.turn}, and budget '${grown.key}' has only ${grown.remaining} left; its message was not sent`,
      );
    }
    reservation = grown;
  }

  const overshoot = ctx.ledger.commit(reservation, actual);
  if (result.cost !== undefined) ctx.costs.total += result.cost;
  ctx.emit({
    type: 'turn.finished',
    agent: agent.name,
    turn: prepared.turn,
    usage: result.usage,
    reportedUsage: result.reportedUsage,
    cost: result.cost,
    output: result.output,
    scope: spec.scope,
  });
  if (actual > prepared.reservation.tokens && !ctx.countsLocally(agent)) {
    const pools = ctx.ledger.snapshot().filter((pool) => reservation.keys.includes(pool.key));
    const loudest = overshoot.length > 0 ? overshoot.map((p) => p.key) : [pools.find((p) => p.limit !== undefined)?.key ?? reservation.keys[0]!];
    for (const pool of pools.filter((p) => loudest.includes(p.key))) {
      const remaining = pool.limit === undefined ? 0 : pool.limit - pool.spent - pool.reserved;
      ctx.emit({ type: 'budget.exceeded', key: pool.key, level: pool.level, requested: actual, remaining, scope: spec.scope });
    }
    throw new RunStop(
      'budget_exhausted',
      `agent ${agent.name} used ${actual} tokens in turn ${prepared.turn}, more than the ${prepared.reservation.tokens} reserved for it` +
        (overshoot.length > 0 ? `; ${overshoot.map((p) => `'${p.key}' is at ${p.spent} of ${p.limit}`).join(', ')}` : '') +
        '; the run stops so that no budget is passed again',
    );
  }
}
