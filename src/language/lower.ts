import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { AstUtils, type AstNode, type Reference } from 'langium';
import * as ast from './generated/ast.js';
import { isBudget, isModeSetting, isReadoutSetting, isWindowSetting } from './generated/ast.js';
import { readNumber } from './numbers.js';
import { agentParts, effectiveChannelParts, effectiveScope, flowParts, templateChain, toolLimitKind, workflowParts } from './settings.js';
import { TIME_UNITS } from './units.js';
import {
  DONE,
  IR_VERSION,
  OutputFieldType,
  type Agent,
  type Channel,
  type Compress,
  type Conversation,
  type Expr,
  type FlowNode,
  type Literal,
  type OutputField,
  type SourceLoc,
  type Tool,
  type ToolSource,
  type Transition,
  type ValueRef,
  type WorkflowIR,
} from '../ir/schema.js';
import { DEFAULT_TOOL_LIMITS } from '../ir/tools.js';
import { parseModelRef } from '../ir/model-ref.js';
import { isSamplingName, SAMPLING_SETTINGS, type Sampling } from '../ir/sampling.js';

/**
 * Lowers a checked workflow to the IR. Total on input without errors: policies are merged
 * into channels, imported agents inlined, paths made absolute, guards collected in
 * `flow.guards` as g1, g2, … in source order.
 */
export function lowerWorkflow(workflow: ast.Workflow, source: { file: string; sha256: string }): WorkflowIR {
  const parts = workflowParts(workflow);
  const coordinator = parts.coordinators[0];
  const flow = parts.flows[0]!;
  const guards = new GuardTable();
  const flowIr = new FlowLowering(guards).lower(flow);
  return {
    irVersion: IR_VERSION,
    name: workflow.name,
    source,
    budget: parts.budgets[0] ? { total: amount(parts.budgets[0].amount) } : {},
    ...(coordinator ? { coordinator: lowerCoordinator(coordinator) } : {}),
    agents: usedAgents(workflow, parts.agents).map(lowerAgent),
    channels: parts.channels.map((channel) => lowerChannel(channel, guards)),
    ...(parts.conversations.length > 0 ? { conversations: parts.conversations.map(lowerConversation) } : {}),
    flow: { ...flowIr, guards: guards.table },
  };
}

/** The flow's guard table, g1, g2, … in source order: transitions' guards, then channels'. */
class GuardTable {
  readonly table: Record<string, Expr> = {};
  private count = 0;

  add(expr: ast.Expr): string {
    const id = `g${++this.count}`;
    this.table[id] = lowerExpr(expr);
    return id;
  }
}

function lowerCoordinator(coordinator: ast.Coordinator): NonNullable<WorkflowIR['coordinator']> {
  let model = 'builtin';
  let device: NonNullable<WorkflowIR['coordinator']>['device'] = 'auto';
  for (const setting of coordinator.settings) {
    if (setting.$type === 'ModelSetting') model = setting.value === 'builtin' ? 'builtin' : fromSource(setting, setting.value);
    else device = setting.value as typeof device;
  }
  return { model, device };
}

/** The workflow's own agents, then imported agents its channels and flow refer to, in order of first reference. */
function usedAgents(workflow: ast.Workflow, own: ast.Agent[]): ast.Agent[] {
  const agents = new Set<ast.Agent>(own);
  const add = (ref: Reference<ast.FlowNode> | Reference<ast.Agent> | Reference<ast.MessageSource> | undefined) => {
    const target = ref?.ref;
    if (target?.$type === 'Agent') agents.add(target);
  };
  const parts = workflowParts(workflow);
  for (const channel of parts.channels) {
    add(channel.from);
    add(channel.to);
  }
  for (const flow of parts.flows) {
    for (const item of flow.items) {
      if (item.$type === 'Start') add(item.node);
      else if (item.$type === 'Transition') {
        add(item.from);
        add(item.target.node);
      } else if (item.$type === 'ParallelNode') item.branches.forEach((b) => b.steps.forEach(add));
      else if (item.$type === 'MapNode') add(item.agent);
      else if (item.$type === 'HumanNode') add(item.timeout?.target?.node);
    }
  }
  return [...agents];
}

function lowerAgent(agent: ast.Agent): Agent {
  const parts = agentParts(agent);
  const budget: Agent['budget'] = {};
  for (const b of parts.budgets) {
    const scope = effectiveScope(b);
    if (scope === 'turn') budget.perTurn = amount(b.amount);
    if (scope === 'total') budget.total = amount(b.amount);
  }
  const base = {
    name: agent.name,
    ...(parts.role ? { role: parts.role.file !== undefined ? readFileSync(fromSource(parts.role, parts.role.file), 'utf8') : parts.role.value! } : {}),
    budget,
    ...(parts.output ? { output: parts.output.fields.map(lowerOutputField) } : {}),
    ...(parts.memory ? { memory: amount(parts.memory.amount) } : {}),
    ...(templateChain(agent).length > 0 ? { template: templateChain(agent).at(-1)!.name } : {}),
    loc: loc(agent),
  };
  if (parts.fn) return { ...base, kind: 'function', module: fromSource(parts.fn, parts.fn.path) };
  const sampling = parts.sampling ? lowerSampling(parts.sampling) : undefined;
  const tools = parts.tools.map(lowerTool);
  return {
    ...base,
    kind: 'llm',
    ...parseModelRef(parts.model!.value.trim())!,
    ...(tools.length > 0 ? { tools } : {}),
    ...(parts.fallback ? { fallback: parts.fallback.models.map((m) => parseModelRef(m.trim())!) } : {}),
    ...(sampling ? { sampling } : {}),
  };
}

function lowerTool(tool: ast.ToolSetting): Tool {
  const limits = { ...DEFAULT_TOOL_LIMITS };
  for (const limit of tool.limits) {
    const kind = toolLimitKind(limit);
    if (kind === 'calls') limits.callsPerTurn = amount(limit.amount);
    if (kind === 'tokens') limits.resultTokens = amount(limit.amount);
  }
  return { name: tool.name, source: lowerToolSource(tool.source), limits, loc: loc(tool) };
}

function lowerToolSource(source: ast.ToolSource): ToolSource {
  if (ast.isFunctionSetting(source)) return { kind: 'function', module: fromSource(source, source.path) };
  const [first = '', ...rest] = source.targets;
  if (source.transport === 'http') return { kind: 'mcp-http', url: first };
  return { kind: 'mcp-stdio', command: first, args: rest, cwd: nodePath.dirname(AstUtils.getDocument(source).uri.fsPath) };
}

function lowerSampling(setting: ast.SamplingSetting): Sampling {
  const sampling: Sampling = {};
  for (const option of setting.options) {
    if (isSamplingName(option.name)) sampling[SAMPLING_SETTINGS[option.name].field] ??= amount(option.value);
  }
  return sampling;
}

function lowerConversation(conversation: ast.Conversation): Conversation {
  const budget: Conversation['budget'] = {};
  for (const b of conversation.settings.filter(isBudget)) {
    const scope = effectiveScope(b);
    if (scope === 'message') budget.perMessage = amount(b.amount);
    if (scope === 'run') budget.perRun = amount(b.amount);
    if (scope === 'member') budget.perMember = amount(b.amount);
  }
  const window = conversation.settings.find(isWindowSetting)!;
  const mode = conversation.settings.find(isModeSetting);
  const readout = conversation.settings.find(isReadoutSetting);
  return {
    id: conversation.name,
    members: conversation.members.map((m) => m.$refText),
    window: amount(window.amount),
    mode: (mode?.value ?? 'text') as Conversation['mode'],
    ...(readout ? { readout: amount(readout.amount) } : {}),
    budget,
    loc: loc(conversation),
  };
}

function lowerOutputField(field: ast.OutputField): OutputField {
  if (field.values.length > 0) return { name: field.name, type: 'string', values: [...field.values] };
  return { name: field.name, type: OutputFieldType.parse(`${field.type}${field.array ? '[]' : ''}`) };
}

function lowerChannel(channel: ast.Channel, guards: GuardTable): Channel {
  const parts = effectiveChannelParts(channel);
  const budget: Channel['budget'] = {};
  for (const b of parts.budgets) {
    const scope = effectiveScope(b);
    if (scope === 'message') budget.perMessage = amount(b.amount);
    if (scope === 'run') budget.perRun = amount(b.amount);
  }
  return {
    id: `${channel.from.$refText}->${channel.to.$refText}`,
    from: channel.from.$refText,
    to: channel.to.$refText,
    mode: (parts.mode?.value ?? 'text') as Channel['mode'],
    ...(channel.policy ? { policy: channel.policy.$refText } : {}),
    budget,
    ...(parts.readout ? { readout: amount(parts.readout.amount) } : {}),
    ...(parts.split ? { split: { sentences: amount(parts.split.amount) } } : {}),
    compress: lowerCompress(parts.compress),
    overflow: (parts.overflow?.value ?? 'fail') as Channel['overflow'],
    ...(channel.guard ? { when: guards.add(channel.guard) } : {}),
    loc: loc(channel),
  };
}

function lowerCompress(compress: ast.CompressSetting | undefined): Compress {
  if (!compress || compress.method === 'none') return { method: 'none' };
  const squeeze: Extract<Compress, { method: 'squeeze' }> = { method: 'squeeze' };
  for (const option of compress.options) {
    if (option.$type === 'TargetOption') squeeze.target = amount(option.value);
    else if (option.$type === 'LevelOption') squeeze.level = amount(option.value);
    else squeeze.via = option.value;
  }
  return squeeze;
}

/** Builds the flow's nodes in order of first mention, and its guard table. */
class FlowLowering {
  private readonly nodes = new Map<string, FlowNode>();

  constructor(private readonly guards: GuardTable) {}

  lower(flow: ast.Flow): Omit<WorkflowIR['flow'], 'guards'> {
    const parts = flowParts(flow);
    for (const item of flow.items) {
      if (item.$type === 'Start') this.mention(item.node.ref!, item);
      else if (item.$type === 'Transition') this.transition(item);
      else if (item.$type !== 'LoopLimit') this.declare(item);
    }
    const lowered: Omit<WorkflowIR['flow'], 'guards'> = { start: parts.starts[0]!.node.$refText, nodes: [...this.nodes.values()] };
    // A loop limit names nodes without making them part of the flow (analysis reports one that is not).
    if (parts.loops.length > 0) {
      lowered.loops = parts.loops.map((limit, index) => ({ id: `loop#${index + 1}`, nodes: limit.nodes.map((node) => node.$refText), max: amount(limit.max), loc: loc(limit) }));
    }
    return lowered;
  }

  private transition(item: ast.Transition): void {
    const from = this.mention(item.from.ref!, item);
    if (!item.target.done) this.mention(item.target.node!.ref!, item);
    const transition: Transition = { to: targetId(item.target), loc: loc(item) };
    if (item.guard) transition.guard = this.guards.add(item.guard);
    if (item.max !== undefined) transition.max = amount(item.max);
    from.next.push(transition);
  }

  /** The node for a flow node reference; an agent becomes an agent node the first time it is named. */
  private mention(target: ast.FlowNode, at: AstNode): FlowNode {
    const existing = this.nodes.get(target.name);
    if (existing) return existing;
    if (target.$type !== 'Agent') return this.declare(target);
    const node: FlowNode = { kind: 'agent', id: target.name, agent: target.name, next: [], loc: loc(at) };
    this.nodes.set(target.name, node);
    return node;
  }

  private declare(item: ast.ParallelNode | ast.MapNode | ast.HumanNode): FlowNode {
    const existing = this.nodes.get(item.name);
    if (existing) return existing;
    const node = lowerDeclaredNode(item);
    this.nodes.set(item.name, node);
    if (item.$type === 'HumanNode' && item.timeout?.target?.node?.ref) this.mention(item.timeout.target.node.ref, item);
    return node;
  }
}

function lowerDeclaredNode(item: ast.ParallelNode | ast.MapNode | ast.HumanNode): FlowNode {
  switch (item.$type) {
    case 'ParallelNode':
      return {
        kind: 'parallel',
        id: item.name,
        branches: item.branches.map((b, i) => ({ id: `b${i + 1}`, steps: b.steps.map((s) => s.$refText) })),
        join: (item.join ?? 'all') as 'all' | 'first',
        next: [],
        loc: loc(item),
      };
    case 'MapNode':
      return {
        kind: 'map',
        id: item.name,
        agent: item.agent.$refText,
        over: lowerRef(item.over),
        max: amount(item.max!),
        concurrency: item.concurrency === undefined ? 1 : amount(item.concurrency),
        onItemFailure: (item.onFailure ?? 'fail') as 'fail' | 'drop',
        next: [],
        loc: loc(item),
      };
    case 'HumanNode': {
      const timeout = item.timeout;
      return {
        kind: 'human',
        id: item.name,
        ask: item.ask as 'approval' | 'choice' | 'text',
        prompt: item.prompt,
        ...(item.options.length > 0 ? { options: item.options } : {}),
        ...(timeout ? { timeoutMs: amount(timeout.amount) * TIME_UNITS[timeout.unit]! } : {}),
        ...(timeout?.target ? { onTimeout: targetId(timeout.target) } : {}),
        next: [],
        loc: loc(item),
      };
    }
  }
}

export function lowerExpr(expr: ast.Expr): Expr {
  switch (expr.$type) {
    case 'Or':
      return { kind: 'or', args: expr.args.map(lowerExpr) };
    case 'And':
      return { kind: 'and', args: expr.args.map(lowerExpr) };
    case 'Not':
      return { kind: 'not', arg: lowerExpr(expr.arg) };
    case 'Group':
      return lowerExpr(expr.inner);
    case 'Comparison':
      if (expr.op === undefined) return { kind: 'truthy', ref: lowerRef(expr.left) };
      return { kind: 'compare', left: lowerRef(expr.left), op: expr.op, right: expr.right ? lowerLiteral(expr.right) : lowerRef(expr.other!) };
  }
}

function lowerRef(ref: ast.ValueRef): ValueRef {
  return { node: ref.node.$refText, path: [...ref.path] };
}

function lowerLiteral(literal: ast.Literal): Literal {
  if (literal.text !== undefined) return literal.text;
  if (literal.bool !== undefined) return literal.bool === 'true';
  return amount(literal.number ?? '0');
}

function targetId(target: ast.Target): string {
  return target.done ? DONE : target.node!.$refText;
}

/** A number that the checks accepted. */
function amount(text: string): number {
  const reading = readNumber(text);
  if (!reading.ok) throw new Error(`lowering reached an unchecked number '${text}'`);
  return reading.value;
}

function fromSource(node: AstNode, written: string): string {
  const file = AstUtils.getDocument(node).uri.fsPath;
  return nodePath.resolve(nodePath.dirname(file), written);
}

function loc(node: AstNode): SourceLoc {
  const range = node.$cstNode!.range;
  return {
    file: AstUtils.getDocument(node).uri.fsPath,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
