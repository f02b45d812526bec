import * as ast from './generated/ast.js';

/** The blocks of a workflow, by kind, in source order. */
export interface WorkflowParts {
  budgets: ast.Budget[];
  coordinators: ast.Coordinator[];
  policies: ast.Policy[];
  agents: ast.Agent[];
  channels: ast.Channel[];
  conversations: ast.Conversation[];
  flows: ast.Flow[];
}

const partsCache = new WeakMap<ast.Workflow, WorkflowParts>();

/** Cached per workflow: checks on each agent and channel ask for it, and must stay linear. */
export function workflowParts(workflow: ast.Workflow): WorkflowParts {
  const cached = partsCache.get(workflow);
  if (cached) return cached;
  const parts: WorkflowParts = { budgets: [], coordinators: [], policies: [], agents: [], channels: [], conversations: [], flows: [] };
  for (const member of workflow.members) {
    if (ast.isBudget(member)) parts.budgets.push(member);
    else if (ast.isCoordinator(member)) parts.coordinators.push(member);
    else if (ast.isPolicy(member)) parts.policies.push(member);
    else if (ast.isAgent(member)) parts.agents.push(member);
    else if (ast.isChannel(member)) parts.channels.push(member);
    else if (ast.isConversation(member)) parts.conversations.push(member);
    else parts.flows.push(member);
  }
  partsCache.set(workflow, parts);
  return parts;
}

/** What a budget statement limits: `per message`, `per run`, `per turn`, `total`, or nothing said. */
export type BudgetScope = 'message' | 'run' | 'turn' | 'total' | 'member' | 'unscoped' | 'unknown';

export function budgetScope(budget: ast.Budget): BudgetScope {
  if (budget.total) return 'total';
  if (budget.per === undefined) return 'unscoped';
  return budget.per === 'message' || budget.per === 'run' || budget.per === 'turn' || budget.per === 'member' ? budget.per : 'unknown';
}

/** The scope a budget limits, with its block's default for an unscoped one: agents `total`, channels and conversations `per run`. */
export function effectiveScope(budget: ast.Budget): BudgetScope {
  const scope = budgetScope(budget);
  if (scope !== 'unscoped') return scope;
  const owner = budget.$container.$type;
  return owner === 'Agent' ? 'total' : owner === 'Channel' || owner === 'Policy' || owner === 'Conversation' ? 'run' : 'unscoped';
}

/** An agent's settings; the first of each kind wins (duplicates are reported by a check). */
export interface AgentParts {
  model?: ast.ModelSetting;
  role?: ast.RoleSetting;
  fn?: ast.FunctionSetting;
  output?: ast.OutputSetting;
  fallback?: ast.FallbackSetting;
  sampling?: ast.SamplingSetting;
  memory?: ast.MemorySetting;
  budgets: ast.Budget[];
  /** Every `tool` declaration, in source order (duplicate names are reported by a check). */
  tools: ast.ToolSetting[];
}

const ownPartsCache = new WeakMap<ast.Agent, AgentParts>();

/**
 * The agent's own settings, without its template's. Cached per agent (a parsed tree never
 * changes; its references may be relinked in an editor, so what templates add is not cached):
 * half a dozen checks and the lowering ask for every agent. Shared: callers must not change it.
 */
export function ownAgentParts(agent: ast.Agent): AgentParts {
  const cached = ownPartsCache.get(agent);
  if (cached) return cached;
  const parts: AgentParts = { budgets: [], tools: [] };
  for (const setting of agent.settings) {
    if (ast.isBudget(setting)) parts.budgets.push(setting);
    else if (ast.isToolSetting(setting)) parts.tools.push(setting);
    else if (ast.isModelSetting(setting)) parts.model ??= setting;
    else if (ast.isRoleSetting(setting)) parts.role ??= setting;
    else if (ast.isFunctionSetting(setting)) parts.fn ??= setting;
    else if (ast.isFallbackSetting(setting)) parts.fallback ??= setting;
    else if (ast.isSamplingSetting(setting)) parts.sampling ??= setting;
    else if (ast.isMemorySetting(setting)) parts.memory ??= setting;
    else parts.output ??= setting;
  }
  ownPartsCache.set(agent, parts);
  return parts;
}

/**
 * An agent's settings with its template's underneath (`agent pro from debater`): its own
 * win kind by kind, budgets scope by scope. A model replaces the template's function and
 * the other way round, so an instance may change what runs it. A template cycle (COORD064)
 * stops at the first agent met again.
 */
export function agentParts(agent: ast.Agent, seen: Set<ast.Agent> = new Set()): AgentParts {
  const own = ownAgentParts(agent);
  seen.add(agent);
  const template = agent.template?.ref;
  if (!template || seen.has(template)) return own;
  const inherited = agentParts(template, seen);
  const runs = own.model || own.fn ? { model: own.model, fn: own.fn } : { model: inherited.model, fn: inherited.fn };
  const ownScopes = new Set(own.budgets.map(effectiveScope));
  return {
    ...runs,
    role: own.role ?? inherited.role,
    output: own.output ?? inherited.output,
    memory: own.memory ?? inherited.memory,
    budgets: [...inherited.budgets.filter((b) => !ownScopes.has(effectiveScope(b))), ...own.budgets],
    // An instance run by a function takes none of the template's model settings (a function has no model to fall back from, or tools to call).
    ...(own.fn ? { tools: own.tools } : modelSettings(own, inherited)),
  };
}

/** Fallback and sampling: the instance's own, else the template's; tools: the template's, each replaced by the instance's tool of its name, then the instance's others. */
function modelSettings(own: AgentParts, inherited: AgentParts): Pick<AgentParts, 'fallback' | 'sampling' | 'tools'> {
  const fallback = own.fallback ?? inherited.fallback;
  const sampling = own.sampling ?? inherited.sampling;
  const ownNames = new Set(own.tools.map((t) => t.name));
  return {
    ...(fallback ? { fallback } : {}),
    ...(sampling ? { sampling } : {}),
    tools: [...inherited.tools.filter((t) => !ownNames.has(t.name)), ...own.tools],
  };
}

/** The agent's template chain, nearest first, stopping before an agent met again (a cycle). */
export function templateChain(agent: ast.Agent): ast.Agent[] {
  const chain: ast.Agent[] = [];
  const seen = new Set<ast.Agent>([agent]);
  for (let next = agent.template?.ref; next && !seen.has(next); next = next.template?.ref) {
    chain.push(next);
    seen.add(next);
  }
  return chain;
}

/** Settings of a channel or a policy; the first of each kind wins. */
export interface ChannelParts {
  mode?: ast.ModeSetting;
  compress?: ast.CompressSetting;
  overflow?: ast.OverflowSetting;
  readout?: ast.ReadoutSetting;
  split?: ast.SplitSetting;
  budgets: ast.Budget[];
}

const channelPartsCache = new WeakMap<ast.ChannelSetting[], ChannelParts>();

/** Cached per block of settings, as `ownAgentParts` is: a policy's are read for every channel that uses it. Shared: callers must not change it. */
export function channelParts(settings: ast.ChannelSetting[]): ChannelParts {
  const cached = channelPartsCache.get(settings);
  if (cached) return cached;
  const parts: ChannelParts = { budgets: [] };
  for (const setting of settings) {
    if (ast.isBudget(setting)) parts.budgets.push(setting);
    else if (ast.isModeSetting(setting)) parts.mode ??= setting;
    else if (ast.isCompressSetting(setting)) parts.compress ??= setting;
    else if (ast.isOverflowSetting(setting)) parts.overflow ??= setting;
    else if (ast.isReadoutSetting(setting)) parts.readout ??= setting;
    else parts.split ??= setting;
  }
  channelPartsCache.set(settings, parts);
  return parts;
}

/** A channel's settings with its policy's underneath: the channel's own settings win. */
export function effectiveChannelParts(channel: ast.Channel): ChannelParts {
  const own = channelParts(channel.settings);
  const policy = channel.policy?.ref;
  if (!policy) return own;
  const inherited = channelParts(policy.settings);
  const ownScopes = new Set(own.budgets.map(effectiveScope));
  return {
    mode: own.mode ?? inherited.mode,
    compress: own.compress ?? inherited.compress,
    overflow: own.overflow ?? inherited.overflow,
    readout: own.readout ?? inherited.readout,
    split: own.split ?? inherited.split,
    budgets: [...inherited.budgets.filter((b) => !ownScopes.has(effectiveScope(b))), ...own.budgets],
  };
}

/** The flow's declared nodes and statements, by kind, in source order. */
export interface FlowParts {
  starts: ast.Start[];
  transitions: ast.Transition[];
  parallels: ast.ParallelNode[];
  maps: ast.MapNode[];
  humans: ast.HumanNode[];
  loops: ast.LoopLimit[];
}

export function flowParts(flow: ast.Flow): FlowParts {
  const parts: FlowParts = { starts: [], transitions: [], parallels: [], maps: [], humans: [], loops: [] };
  for (const item of flow.items) {
    if (ast.isStart(item)) parts.starts.push(item);
    else if (ast.isTransition(item)) parts.transitions.push(item);
    else if (ast.isParallelNode(item)) parts.parallels.push(item);
    else if (ast.isMapNode(item)) parts.maps.push(item);
    else if (ast.isLoopLimit(item)) parts.loops.push(item);
    else parts.humans.push(item);
  }
  return parts;
}

/** The workflow a node belongs to, if any. */
export function enclosingWorkflow(node: { $container?: unknown }): ast.Workflow | undefined {
  let current: unknown = node;
  while (current && typeof current === 'object') {
    if (ast.isWorkflow(current)) return current;
    current = (current as { $container?: unknown }).$container;
  }
  return undefined;
}

/** What a tool's `max N <unit> per <what>` limits: calls per turn, tokens per result, or nothing known. */
export function toolLimitKind(limit: ast.ToolLimit): 'calls' | 'tokens' | undefined {
  if ((limit.unit === 'calls' || limit.unit === 'call') && limit.per === 'turn') return 'calls';
  if ((limit.unit === 'tokens' || limit.unit === 'token') && limit.per === 'result') return 'tokens';
  return undefined;
}
