import type { RunEvent } from '../../runtime/events.js';

/**
 * The dashboard's state: a pure reduction of run events. The Ink dashboard and
 * the plain printer both render this, so TTY and non-TTY output say the same thing.
 */
export interface BudgetView {
  key: string;
  label: string;
  used: number;
  limit: number;
  /** The overflow policy that fired on this budget, last time one did. */
  overflow?: string;
}

export interface MessageView {
  seq: number;
  from: string;
  to: string;
  mode: string;
  tokens: number;
  delivered: number;
  simulated: boolean;
}

export interface CoordinatorStepView {
  seq: number;
  channel: string;
  segments: number;
  gate?: 'text' | 'latent';
}

export interface AgentView {
  name: string;
  status: 'idle' | 'running' | 'done' | 'failed';
  turns: number;
  tokens: number;
  cost: number;
}

export interface ViewModel {
  runId: string;
  workflow: string;
  state: string;
  startedAt?: number;
  elapsedMs: number;
  budgets: BudgetView[];
  agents: AgentView[];
  messages: MessageView[];
  coordinator: { steps: CoordinatorStepView[]; readouts: { agent: string; tokens: number; limit: number }[] };
  tokensSent: number;
  tokensDelivered: number;
  cost: number;
  paused: boolean;
  simulated: boolean;
  waiting?: { node: string; ask: string; prompt: string; options?: string[]; about?: { from: string; text: string }[] };
  notices: string[];
  outcome?: { kind: string; reason?: string; tokens: number; wallMs: number };
}

/** How many recent messages, coordinator steps and notices the view keeps. */
const KEEP = 8;

export function initialView(): ViewModel {
  return {
    runId: '',
    workflow: '',
    state: 'starting',
    elapsedMs: 0,
    budgets: [],
    agents: [],
    messages: [],
    coordinator: { steps: [], readouts: [] },
    tokensSent: 0,
    tokensDelivered: 0,
    cost: 0,
    paused: false,
    simulated: false,
    notices: [],
  };
}

/** "run", an agent's name, or a channel's "from->to": the key without its kind, which the id already shows. */
function budgetLabel(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(colon + 1);
}

function keepLast<T>(items: T[], item: T): T[] {
  const next = [...items, item];
  return next.length > KEEP ? next.slice(next.length - KEEP) : next;
}

function updateAgent(view: ViewModel, name: string, change: (a: AgentView) => AgentView): AgentView[] {
  const known = view.agents.some((a) => a.name === name);
  const agents = known ? view.agents : [...view.agents, { name, status: 'idle' as const, turns: 0, tokens: 0, cost: 0 }];
  return agents.map((a) => (a.name === name ? change(a) : a));
}

function updateBudget(view: ViewModel, key: string, change: (b: BudgetView) => BudgetView): BudgetView[] {
  return view.budgets.map((b) => (b.key === key ? change(b) : b));
}

/** Adds tokens to the budgets with these keys (those the run declared; others are ignored). */
function charge(budgets: BudgetView[], keys: string[], tokens: number): BudgetView[] {
  return tokens === 0 ? budgets : budgets.map((b) => (keys.includes(b.key) ? { ...b, used: b.used + tokens } : b));
}

/** For journals written before `turn.finished` carried `charged`: the larger of our count and the provider's report. */
function chargedTokens(usage: { input: number; output: number }, reported?: { input: number; output: number }): number {
  return Math.max(usage.input + usage.output, reported ? reported.input + reported.output : 0);
}

export function reduce(view: ViewModel, event: RunEvent): ViewModel {
  const next: ViewModel = { ...view, elapsedMs: Math.max(view.elapsedMs, event.t), simulated: view.simulated || event.simulated === true };
  switch (event.type) {
    case 'run.started':
      return {
        ...next,
        runId: event.runId,
        workflow: event.workflow,
        budgets: Object.entries(event.budgets).map(([key, limit]) => ({ key, label: budgetLabel(key), used: 0, limit })),
        agents: event.agents.map((name) => ({ name, status: 'idle', turns: 0, tokens: 0, cost: 0 })),
      };
    case 'state.entered':
      return { ...next, state: event.state };
    case 'turn.started':
      return { ...next, agents: updateAgent(next, event.agent, (a) => ({ ...a, status: 'running' })) };
    case 'turn.finished': {
      // Reservations report what was spent before a turn; the turn's own charge is added here, so bars are current.
      const tokens = event.charged ? event.charged.input + event.charged.output : chargedTokens(event.usage, event.reportedUsage);
      return {
        ...next,
        cost: next.cost + (event.cost ?? 0),
        budgets: charge(next.budgets, ['run', `agent:${event.agent}`], tokens),
        agents: updateAgent(next, event.agent, (a) => ({
          ...a,
          status: 'done',
          turns: a.turns + 1,
          tokens: a.tokens + tokens,
          cost: a.cost + (event.cost ?? 0),
        })),
      };
    }
    case 'tool.called':
      return { ...next, notices: keepLast(next.notices, `${event.agent} called ${event.tool}: ${event.tokens} tokens${event.status === 'ok' ? '' : `, ${event.status}`}`) };
    case 'turn.retry':
      return { ...next, notices: keepLast(next.notices, `${event.agent}: retry ${event.attempt} in ${Math.round(event.delayMs)} ms (${event.reason})`) };
    case 'turn.failed': {
      const spent = event.usage ? event.usage.input + event.usage.output : 0;
      return {
        ...next,
        budgets: charge(next.budgets, ['run', `agent:${event.agent}`], spent),
        agents: updateAgent(next, event.agent, (a) => ({ ...a, status: 'failed', tokens: a.tokens + spent })),
        notices: keepLast(next.notices, `${event.agent} failed: ${event.error}`),
      };
    }
    case 'message.sent':
      return {
        ...next,
        tokensSent: next.tokensSent + event.tokens,
        tokensDelivered: next.tokensDelivered + event.delivered,
        budgets: charge(next.budgets, [`channel:${event.channel}`], event.delivered),
        messages: keepLast(next.messages, {
          seq: event.seq,
          from: event.from,
          to: event.to,
          mode: event.mode,
          tokens: event.tokens,
          delivered: event.delivered,
          simulated: event.simulated === true,
        }),
      };
    case 'message.overflow':
      return {
        ...next,
        budgets: updateBudget(next, `channel:${event.channel}`, (b) => ({ ...b, overflow: event.policy })),
        notices: keepLast(next.notices, `overflow on ${event.channel}: ${event.tokens} > ${event.limit} tokens, ${event.policy}`),
      };
    case 'squeeze':
      return { ...next, notices: keepLast(next.notices, `squeezed ${event.channel}: ${event.before} → ${event.after} tokens`) };
    case 'coordinator.step':
      return {
        ...next,
        coordinator: {
          ...next.coordinator,
          steps: keepLast(next.coordinator.steps, {
            seq: event.seq,
            channel: event.channel,
            segments: event.segments,
            ...(event.gate ? { gate: event.gate } : {}),
          }),
        },
      };
    case 'coordinator.readout':
      return {
        ...next,
        budgets: charge(next.budgets, [`channel:${event.channel}`], event.tokens),
        coordinator: {
          ...next.coordinator,
          readouts: keepLast(next.coordinator.readouts, { agent: event.agent, tokens: event.tokens, limit: event.limit }),
        },
      };
    case 'budget.reserved':
      return { ...next, budgets: updateBudget(next, event.key, (b) => ({ ...b, used: event.used })) };
    case 'budget.exceeded':
      return { ...next, notices: keepLast(next.notices, `budget ${event.key}: asked ${event.requested}, ${Math.max(0, event.remaining)} left`) };
    case 'human.waiting':
      return {
        ...next,
        waiting: { node: event.node, ask: event.ask, prompt: event.prompt, ...(event.options ? { options: event.options } : {}), ...(event.about ? { about: event.about } : {}) },
      };
    case 'human.answered': {
      const { waiting: _answered, ...rest } = next;
      return rest;
    }
    case 'human.timedOut': {
      const { waiting: _expired, ...rest } = next;
      return { ...rest, notices: keepLast(next.notices, `${event.node}: no answer in time, timeout taken`) };
    }
    case 'run.paused':
      return { ...next, paused: true };
    case 'run.resumed':
      return { ...next, paused: false };
    case 'run.finished':
      return {
        ...next,
        // The run's total is the ledger's own figure: it counts what abandoned turns were charged, too.
        budgets: updateBudget(next, 'run', (b) => ({ ...b, used: event.tokens })),
        elapsedMs: event.wallMs,
        outcome: { kind: event.outcome, ...(event.reason ? { reason: event.reason } : {}), tokens: event.tokens, wallMs: event.wallMs },
        cost: event.cost ?? next.cost,
      };
  }
}

/** Fraction of a budget used, for colouring: normal below 70%, warning to 90%, danger above. */
export function budgetLevel(used: number, limit: number): 'ok' | 'warn' | 'danger' {
  const ratio = limit > 0 ? used / limit : 0;
  if (ratio >= 0.9) return 'danger';
  if (ratio >= 0.7) return 'warn';
  return 'ok';
}
