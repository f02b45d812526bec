import type { Agent } from '../../src/ir/schema.js';
import { toolTurnAllowance } from '../../src/ir/tools.js';
import { readTokens, type DeliveredMessage, type MemoryEntry, type TokenUsage, type TurnResult } from '../agents/agent.js';
import { budgetKey } from '../ledger/budgets.js';
import { isRefusal } from '../ledger/ledger.js';
import type { RunContext } from './context.js';
import { stopped, type Planned, type StepBudget } from './step.js';
import { RunStop } from './stop.js';

/** The most an agent may generate in one turn when no budget says less. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Fewer output tokens than this, a turn would rather wait for turns in flight to give budget back. */
export const OUTPUT_FLOOR_TOKENS = 64;
/** Tokens a provider's prompt adds around the inbox and role (system framing, formatting). */
const PROMPT_OVERHEAD_TOKENS = 64;

/** Who takes the turn, and what it reads. */
export interface TurnBudgetRequest {
  agent: Agent;
  turn: number;
  inbox: DeliveredMessage[];
  memory: MemoryEntry[];
  item?: { value: unknown };
  scope?: string;
  signal: AbortSignal;
}

/** What a granted turn may do: the most it may generate, and spend in all (its reservation). */
export interface TurnGrant {
  maxOutputTokens: number;
  reserved: number;
}

/**
 * The turn's reservation: its input and the output it may generate, in the run, agent
 * and turn pools at once. A turn that cannot have at least `OUTPUT_FLOOR_TOKENS` (or all
 * it could ever have, if less) while reservations in flight hold the rest waits in the
 * reservation queue; it fails only when even their return would not make room for its
 * input and one output token. Returns what the start journals and the grant (or its promise).
 */
export function reserveTurn(ctx: RunContext, request: TurnBudgetRequest): { inputs: Record<string, unknown>; planned: Planned<TurnGrant> | Promise<Planned<TurnGrant>> } {
  const { agent, turn, scope } = request;
  const inputTokens = estimateInput(ctx, request);
  const turnKey = budgetKey.turn(agent.name, turn, scope);
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
    const pool = ctx.ledger.poolOf(tightest);
    ctx.emit({ type: 'budget.exceeded', key: tightest, level: pool.level, requested: inputTokens + 1, remaining: unspent(tightest), scope });
    return new RunStop(
      'budget_exhausted',
      `agent ${agent.name} cannot take turn ${turn}: budget '${tightest}' has ${unspent(tightest)} of ${pool.limit} tokens left ` +
        `and the turn needs at least ${inputTokens + 1} (${inputTokens} to read, 1 to answer)`,
    );
  };
  const grant = (): Planned<TurnGrant> => {
    const remaining = ctx.ledger.remainingOf(keys);
    const maxOutputTokens = Math.min(cap, remaining - inputTokens);
    // A turn with tools holds room for their results and the requests they lead to, as far as its budgets allow.
    const tools = Math.max(0, Math.min(toolTurnAllowance(agent, inputTokens), remaining - inputTokens - maxOutputTokens));
    const reservation = ctx.ledger.reserve(keys, inputTokens + maxOutputTokens + tools);
    if (isRefusal(reservation)) throw new Error(`ledger refused ${inputTokens + maxOutputTokens + tools} tokens it reported as available`);
    for (const pool of keys.map((key) => ctx.ledger.poolOf(key))) {
      ctx.emit({ type: 'budget.reserved', key: pool.key, tokens: reservation.tokens, used: pool.spent, limit: pool.limit, scope });
    }
    ctx.emit({ type: 'turn.started', agent: agent.name, turn, scope });
    return { plan: { maxOutputTokens, reserved: reservation.tokens }, reservation };
  };

  // First come, first served: a turn that fits still queues behind turns already waiting.
  if (ctx.reservations.length === 0 && fits()) {
    const granted = grant();
    return { inputs: { maxOutputTokens: granted.plan.maxOutputTokens, reserved: granted.reservation!.tokens }, planned: granted };
  }
  if (hopeless()) throw exhausted();
  const planned = ctx.reservations.enqueue({ fits, hopeless, grant, refuse: exhausted, signal: request.signal, abandoned: () => stopped(ctx) });
  // Its failure is the turn's, raised where the step awaits it.
  planned.catch(() => undefined);
  return { inputs: { awaitingBudget: true }, planned };
}

/**
 * What a turn will read, in tokens. Exact for agents coord counts itself (their input
 * is their inbox and memory); for providers, those plus role, input and item, with a margin
 * for the provider's framing, since the provider builds the prompt.
 */
function estimateInput(ctx: RunContext, { agent, inbox, memory, item }: TurnBudgetRequest): number {
  const inboxTokens = readTokens({ inbox, memory });
  if (ctx.countsLocally(agent)) return inboxTokens;
  const tokenizer = ctx.router.tokenizerOf(agent.name);
  const rest = tokenizer.count([agent.role ?? '', textOf(ctx.input), textOf(item?.value)].join('\n'));
  return Math.ceil((inboxTokens + rest) * 1.1) + PROMPT_OVERHEAD_TOKENS;
}

export function textOf(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What an agent is looking for, as the coordinator is asked it: its role, the map item it works
 * on (none at send time, when a hybrid gate asks), and the run's input.
 */
export function receiverQuery(agent: Pick<Agent, 'role'>, input: unknown, item?: unknown): string {
  return [agent.role ?? '', textOf(item), textOf(input)].filter(Boolean).join('\n');
}

/** What a finished call costs: the provider's charge when it gave one, else the larger of counted and reported. */
export function chargeOf(result: Pick<TurnResult, 'usage' | 'reportedUsage' | 'charged'>): TokenUsage {
  if (result.charged) return result.charged;
  const reported = result.reportedUsage;
  if (reported && reported.input + reported.output > result.usage.input + result.usage.output) return reported;
  return result.usage;
}

/**
 * Charges a finished turn. An agent coord counts itself may grow its reservation if
 * every budget has room (its message is only counted once written); a provider that
 * reports more than it was allowed to generate is charged in full, and the run stops.
 * Emits `turn.finished` (after its retries) when the turn is charged.
 */
export function settleTurn(ctx: RunContext, request: Pick<TurnBudgetRequest, 'agent' | 'turn' | 'scope'>, result: TurnResult, budget: StepBudget): void {
  const { agent, turn, scope } = request;
  const charge = chargeOf(result);
  const actual = charge.input + charge.output;
  const reserved = budget.reserved;
  const keys = budget.keys;

  if (actual > reserved && ctx.countsLocally(agent)) {
    const refused = budget.grow(actual - reserved);
    if (refused) {
      budget.release();
      ctx.emit({ type: 'budget.exceeded', key: refused.key, level: refused.level, requested: actual, remaining: refused.remaining, scope });
      throw new RunStop(
        'budget_exhausted',
        `agent ${agent.name} produced ${actual} tokens in turn ${turn}, and budget '${refused.key}' has only ${refused.remaining} left; its message was not sent`,
      );
    }
  }

  const overshoot = budget.commit(actual);
  if (result.cost !== undefined) ctx.costs.total += result.cost;
  const answeredBy = { provider: result.provider, model: result.model, finishReason: result.finishReason };
  ctx.emit({ type: 'turn.finished', agent: agent.name, turn, usage: result.usage, reportedUsage: result.reportedUsage, charged: charge, cost: result.cost, ...answeredBy, output: result.output, scope });
  if (actual <= reserved || ctx.countsLocally(agent)) return;
  const pools = keys.map((key) => ctx.ledger.poolOf(key));
  const loudest = overshoot.length > 0 ? overshoot.map((p) => p.key) : [pools.find((p) => p.limit !== undefined)?.key ?? keys[0]!];
  for (const pool of pools.filter((p) => loudest.includes(p.key))) {
    const remaining = pool.limit === undefined ? 0 : pool.limit - pool.spent - pool.reserved;
    ctx.emit({ type: 'budget.exceeded', key: pool.key, level: pool.level, requested: actual, remaining, scope });
  }
  throw new RunStop(
    'budget_exhausted',
    `agent ${agent.name} used ${actual} tokens in turn ${turn}, more than the ${reserved} reserved for it` +
      (overshoot.length > 0 ? `; ${overshoot.map((p) => `'${p.key}' is at ${p.spent} of ${p.limit}`).join(', ')}` : '') +
      '; the run stops so that no budget is passed again',
  );
}
