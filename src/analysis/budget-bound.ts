import { channelBudget } from '../ir/channel-budget.js';
import { toolResultTokensPerTurn, toolsOf } from '../ir/tools.js';
import { DONE, type Agent, type Channel, type FlowNode, type WorkflowIR } from '../ir/schema.js';
import { buildFlowGraph, type FlowGraph } from './flow-graph.js';
import { collapseLoops } from './loop-limits.js';
import { MinHeap } from './min-heap.js';
import { RunBounds, times } from './run-bounds.js';

/**
 * The static budget bound: what one run can spend at most, and what the cheapest way to
 * `done` needs, counted as the runtime charges the run's budget. docs/budget-bound.md
 * explains the model; in short:
 * - an agent turn costs at most the agent's `perTurn` budget (else its `total`, else
 *   unbounded): what it reads from channels is part of it;
 * - an agent's `total` caps all its turns together;
 * - a message costs its channel at most its `perMessage` budget (else the sender's turn cap),
 *   a latent readout at most its readout budget (src/ir/channel-budget.ts: `readout`, else
 *   `perMessage`, else 512) and no more than was sent, and a channel's `perRun` caps all of it; a channel
 *   that splits a turn into messages carries at most the turn's cap per turn. Of that, only an
 *   LLM rewrite (`compress squeeze { via }`) is charged to the run as well: deliveries and
 *   readouts are charged to the channel alone;
 * - loops run to their `max`, every parallel branch runs, every map runs `max` items;
 * - tool calls and their results are part of the turn that makes them (the runtime admits a
 *   result only where the turn's reservation has room), so they add nothing beyond the turn cap;
 *   what they may bring in is reported per agent (`toolResults`).
 */
export interface AgentBound {
  /** Most turns the agent can take in one run; null when unbounded. */
  turns: number | null;
  /** Most tokens its turns can spend in one run; null when unbounded. */
  tokens: number | null;
  /**
   * For an agent with tools: the most tokens tool results can put into its context in one run
   * (every call of every turn at its result limit, with framing), within `tokens`; null when unbounded.
   */
  toolResults?: number | null;
}

export interface BudgetBound {
  /** Worst-case tokens one run charges to the workflow's budget (turns and LLM rewrites); null when no static bound exists. */
  tokens: number | null;
  /** Why `tokens` is null, one reason per line. */
  unboundedBecause?: string[];
  /** Tokens of the cheapest path to `done` with every turn at its cap, as `tokens` counts them; null when no path or no cap. */
  bestCase: number | null;
  perAgent: Record<string, AgentBound>;
  /** Worst-case tokens charged to each channel's own budget (by channel id): deliveries, readouts and rewrites; null when unbounded. */
  perChannel: Record<string, number | null>;
}

export function computeBudgetBound(ir: WorkflowIR, graph: FlowGraph = buildFlowGraph(ir)): BudgetBound {
  const agents = new Map(ir.agents.map((agent) => [agent.name, agent]));
  const cap = (name: string): number => turnCap(agents.get(name));
  // Each loop limit is one node in the view the bounds walk: one visit of it is a visit of one of its nodes.
  const view = collapseLoops(graph);
  const bounds = new RunBounds(view.shape);
  const worstOfGroup = (group: string, weight: (node: string) => number): number =>
    view.gates.has(group) ? 0 : Math.max(...(view.members.get(group) ?? [group]).map(weight));

  const turns = new Map<string, number>();
  const visitsOf = turnsPerVisitByAgent(graph);
  for (const agent of ir.agents) {
    const perVisit = new Map<string, number>();
    for (const [node, count] of visitsOf.get(agent.name) ?? []) {
      const group = view.groupOf(node);
      perVisit.set(group, Math.max(perVisit.get(group) ?? 0, count));
    }
    turns.set(agent.name, bounds.worstCaseOn(perVisit));
  }
  // A human step whose answer goes on a channel sends once per visit; an answer has no cap but the channel's.
  for (const node of ir.flow.nodes) {
    if (node.kind === 'human' && ir.channels.some((channel) => channel.from === node.id)) turns.set(node.id, bounds.worstCaseOn(new Map([[node.id, 1]])));
  }
  const agentTokens = new Map(ir.agents.map((agent) => [agent.name, agentSpend(agent, turns.get(agent.name) ?? 0)]));
  const perAgentSum = sum([...agentTokens.values()]);
  const alongPaths = bounds.worstCase((group) => worstOfGroup(group, (id) => tokensPerVisit(graph.nodes.get(id)!, cap)));
  const channelTokens = new Map(ir.channels.map((channel) => [channel.id, channelSpend(channel, turns, cap)]));
  const tokens = Math.min(alongPaths, perAgentSum) + sum([...channelTokens.values()].map((spend) => spend.run));

  const bound: BudgetBound = {
    tokens: finite(tokens),
    bestCase: cheapestPathToDone(ir, graph, cap),
    perAgent: Object.fromEntries(
      ir.agents.map((agent) => [agent.name, agentBound(agent, turns.get(agent.name)!, agentTokens.get(agent.name)!)]),
    ),
    perChannel: Object.fromEntries([...channelTokens].map(([id, spend]) => [id, finite(spend.channel)])),
  };
  if (tokens === Infinity) bound.unboundedBecause = reasons(ir, turns, agentTokens, channelTokens, cap, bounds.unboundedLoops);
  return bound;
}

function agentBound(agent: Agent, turns: number, tokens: number): AgentBound {
  const bound: AgentBound = { turns: finite(turns), tokens: finite(tokens) };
  if (toolsOf(agent).length > 0) bound.toolResults = finite(Math.min(tokens, times(turns, toolResultTokensPerTurn(agent))));
  return bound;
}

function turnCap(agent: Agent | undefined): number {
  return agent?.budget.perTurn ?? agent?.budget.total ?? Infinity;
}

function agentSpend(agent: Agent, turns: number): number {
  return Math.min(agent.budget.total ?? Infinity, times(turns, turnCap(agent)));
}

/** For each agent, the nodes that run it and its turns per visit of each: an agent node 1, a map `max`, a region its steps. */
function turnsPerVisitByAgent(graph: FlowGraph): Map<string, Map<string, number>> {
  const byAgent = new Map<string, Map<string, number>>();
  const add = (agent: string, node: string, turns: number): void => {
    const nodes = byAgent.get(agent) ?? new Map<string, number>();
    byAgent.set(agent, nodes);
    nodes.set(node, (nodes.get(node) ?? 0) + turns);
  };
  for (const [id, node] of graph.nodes) {
    switch (node.kind) {
      case 'agent':
        add(node.agent, id, 1);
        break;
      case 'map':
        add(node.agent, id, node.max);
        break;
      case 'parallel':
        for (const branch of node.branches) for (const step of branch.steps) add(step, id, 1);
        break;
      case 'human':
        break;
    }
  }
  return byAgent;
}

/** Worst case of one visit: every branch of a parallel region runs, even with `join first` (losers may have spent). */
function tokensPerVisit(node: FlowNode, cap: (agent: string) => number): number {
  switch (node.kind) {
    case 'agent':
      return cap(node.agent);
    case 'map':
      return times(node.max, cap(node.agent));
    case 'parallel':
      return sum(node.branches.flatMap((branch) => branch.steps.map(cap)));
    case 'human':
      return 0;
  }
}

/**
 * What squeezing one message through an LLM may cost: the runtime reserves the message plus a
 * 320-token instruction, plus 10%, as input (counted in the rewriting model's tokens, which the
 * declared approximation puts at up to 15% above the receiver's), and at most the message again
 * as output (runtime/run/rewrite.ts). Three times the message plus 353 covers both.
 */
function rewriteCost(message: number): number {
  return times(3, message) + 353;
}

/**
 * Messages one turn may become on a channel, and what each may carry. A split turn's pieces
 * are the turn's own text less the spaces between them, so together they carry at most its
 * cap, plus a token each: the declared approximation rounds each piece's count up. There are
 * at most as many as `split` allows for a turn of that many sentences (a sentence takes a token).
 */
function messagesPerTurn(channel: Channel, turnCap: number): { count: number; each: number; all: number } {
  const { perMessage } = channelBudget(channel);
  const each = Number.isFinite(perMessage) ? perMessage : turnCap;
  if (!channel.split) return { count: 1, each, all: each };
  const count = Math.ceil(turnCap / channel.split.sentences);
  return { count, each: Math.min(each, turnCap + 1), all: Math.min(turnCap + count, times(count, each)) };
}

/**
 * What a channel is charged in a run where each agent takes `turns` turns: everything that
 * crosses it against its own budget (`channel`), and the part the run's budget is charged as
 * well (`run`): only LLM rewrites, which the runtime reserves from both (runtime/run/rewrite.ts).
 * A delivered message or readout is charged to the channel alone; the receiver's turn, which
 * reads it, is where the run pays for it.
 */
function channelSpend(channel: Channel, turns: Map<string, number>, cap: (agent: string) => number): { channel: number; run: number } {
  const sent = turns.get(channel.from) ?? 0;
  const received = turns.get(channel.to) ?? 0;
  const messages = messagesPerTurn(channel, cap(channel.from));
  const text = times(sent, messages.all);
  // A rewrite per message: three times the message, plus the instruction, for each one.
  const rewrites = Math.min(times(messages.count, rewriteCost(messages.each)), times(3, messages.all) + times(messages.count, 353));
  const squeeze = channel.compress.method === 'squeeze' && channel.compress.via !== undefined ? times(sent, rewrites) : 0;
  // A readout selects from what was sent, and takes at most the channel's readout budget (channelBudget) per receiver turn.
  const readout = times(received, Math.min(channelBudget(channel).readout ?? Infinity, text));
  const spend = channel.mode === 'text' ? text + squeeze : channel.mode === 'latent' ? readout : text + squeeze + readout;
  const perRun = channel.budget.perRun ?? Infinity;
  return { channel: Math.min(perRun, spend), run: channel.mode === 'latent' ? 0 : Math.min(perRun, squeeze) };
}

/**
 * Dijkstra from start to `done` with each node weighted by its cheapest visit (a map may get
 * no items, a `join first` region only its cheapest branch); the path found is then priced
 * exactly: agent totals applied, channels charged for the turns on it.
 */
function cheapestPathToDone(ir: WorkflowIR, graph: FlowGraph, cap: (agent: string) => number): number | null {
  if (!graph.hasStart) return null;
  const cheapestBranch = (node: Extract<FlowNode, { kind: 'parallel' }>): string[] => {
    const priced = node.branches.map((branch) => ({ steps: branch.steps, cost: sum(branch.steps.map(cap)) }));
    return priced.reduce((best, branch) => (branch.cost < best.cost ? branch : best)).steps;
  };
  const stepsOf = (node: FlowNode): string[] => {
    switch (node.kind) {
      case 'agent':
        return [node.agent];
      case 'parallel':
        return node.join === 'first' ? cheapestBranch(node) : node.branches.flatMap((branch) => branch.steps);
      case 'map':
      case 'human':
        return [];
    }
  };
  const weights = new Map<string, number>();
  const weight = (id: string): number => {
    let known = weights.get(id);
    if (known === undefined) {
      known = sum(stepsOf(graph.nodes.get(id)!).map(cap));
      weights.set(id, known);
    }
    return known;
  };

  // Ties go to the node reached first, so the path found does not depend on the heap.
  const distance = new Map<string, number>([[ir.flow.start, weight(ir.flow.start)]]);
  const reachedAt = new Map<string, number>([[ir.flow.start, 0]]);
  const previous = new Map<string, string>();
  const settled = new Set<string>();
  const queue = new MinHeap<{ id: string; cost: number; order: number }>((a, b) => a.cost < b.cost || (a.cost === b.cost && a.order < b.order));
  queue.push({ id: ir.flow.start, cost: distance.get(ir.flow.start)!, order: 0 });
  let best: { cost: number; last: string } | undefined;
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const current = item.id;
    if (settled.has(current) || item.cost !== distance.get(current)) continue;
    settled.add(current);
    const here = item.cost;
    for (const edge of graph.outgoing.get(current) ?? []) {
      if (edge.to === DONE) {
        if (!best || here < best.cost) best = { cost: here, last: current };
        continue;
      }
      const through = here + weight(edge.to);
      if (through < (distance.get(edge.to) ?? Infinity)) {
        distance.set(edge.to, through);
        previous.set(edge.to, current);
        if (!reachedAt.has(edge.to)) reachedAt.set(edge.to, reachedAt.size);
        queue.push({ id: edge.to, cost: through, order: reachedAt.get(edge.to)! });
      }
    }
  }
  if (!best || best.cost === Infinity) return null;

  const turns = new Map<string, number>();
  for (let id: string | undefined = best.last; id !== undefined; id = previous.get(id)) {
    for (const step of stepsOf(graph.nodes.get(id)!)) turns.set(step, (turns.get(step) ?? 0) + 1);
  }
  const agentsCost = sum(ir.agents.map((agent) => agentSpend(agent, turns.get(agent.name) ?? 0)));
  const channelsCost = sum(ir.channels.map((channel) => channelSpend(channel, turns, cap).run));
  return finite(agentsCost + channelsCost);
}

function reasons(
  ir: WorkflowIR,
  turns: Map<string, number>,
  agentTokens: Map<string, number>,
  channelTokens: Map<string, { channel: number; run: number }>,
  cap: (agent: string) => number,
  loops: string[][],
): string[] {
  const out: string[] = [];
  const loopText = loops.map((loop) => loop.map((id) => `\`${id}\``).join(', ')).join('; ');
  for (const agent of ir.agents) {
    if (agentTokens.get(agent.name) !== Infinity) continue;
    if (cap(agent.name) === Infinity) out.push(`agent \`${agent.name}\` has no token budget (per turn or total)`);
    else if (loops.length > 0) out.push(`agent \`${agent.name}\` can take any number of turns (a loop with no \`max\`: ${loopText}) and has no total budget`);
    // Every loop is bounded, but bounded loops nested in branching loops multiply past what a double holds.
    else out.push(`agent \`${agent.name}\` may take more turns than coord can count (over 10^308: bounded loops multiply inside each other) and has no total budget`);
  }
  for (const channel of ir.channels) {
    // Only what the run is charged makes the run unbounded: an LLM rewrite per message.
    if (channelTokens.get(channel.id)!.run !== Infinity) continue;
    // A channel unbounded only because its sender is: the sender's reason already says it.
    if ((!Number.isFinite(channelBudget(channel).perMessage) || channel.split) && agentTokens.get(channel.from) === Infinity) continue;
    const messages = turns.get(channel.from) === Infinity || turns.get(channel.to) === Infinity;
    out.push(
      messages
        ? `channel \`${channel.id}\` carries any number of messages and has no per-run budget`
        : channel.split
          ? `channel \`${channel.id}\` splits each turn into messages and has no per-run budget, and \`${channel.from}\` has no per-turn budget`
          : `channel \`${channel.id}\` has no per-message or per-run budget, and \`${channel.from}\` has no per-turn budget`,
    );
  }
  return out;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
