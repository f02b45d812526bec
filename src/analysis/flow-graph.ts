import { loopsByNode } from '../ir/loop-limits.js';
import { DONE, type FlowNode, type Transition, type WorkflowIR } from '../ir/schema.js';
import { stronglyConnectedComponents, type Component } from './scc.js';

/** One way out of a node: an IR transition, or a human step's timeout. */
export interface FlowEdge {
  /** "<from>#<index>" for transitions (as the compiled machine names them), "<from>#timeout" for timeouts. */
  id: string;
  from: string;
  to: string;
  /** Position in the node's `next`; absent for a timeout. */
  index?: number;
  transition?: Transition;
  /**
   * The most times a run can take this edge, when something bounds it: its `max`; and, into a
   * node that runs an LLM agent with a `total` budget, that total, since every turn is charged
   * at least a token (its prompt) against it. Absent when nothing does.
   */
  limit?: number;
  /** The id of the `loop max N { … }` this transition counts against: it goes into one of its nodes. */
  loop?: string;
}

/**
 * What walking the flow needs: its nodes by id, edges and start. The flow graph has it, and
 * so does its view with each loop limit as one node (loop-limits.ts), which the bound walks.
 */
export interface FlowShape {
  nodes: ReadonlyMap<string, unknown>;
  edges: FlowEdge[];
  outgoing: Map<string, FlowEdge[]>;
  /** `flow.start`. */
  start: string;
  /** Whether `start` names a node. */
  hasStart: boolean;
}

/**
 * The flow as a graph over top-level nodes, built once and shared by every check.
 * Edges whose target is neither a node nor `done` are left out (COORD106 reports them),
 * so every check can trust that an edge's target exists.
 */
export interface FlowGraph extends FlowShape {
  ir: WorkflowIR;
  nodes: Map<string, FlowNode>;
  incoming: Map<string, FlowEdge[]>;
}

export function transitionId(from: string, index: number): string {
  return `${from}#${index}`;
}

export function timeoutId(from: string): string {
  return `${from}#timeout`;
}

export function buildFlowGraph(ir: WorkflowIR): FlowGraph {
  const nodes = new Map(ir.flow.nodes.map((node) => [node.id, node]));
  const turnsLimit = turnLimits(ir, nodes);
  const loops = loopsByNode(ir);
  const edges: FlowEdge[] = [];
  const outgoing = new Map<string, FlowEdge[]>();
  const incoming = new Map<string, FlowEdge[]>();
  for (const node of ir.flow.nodes) {
    outgoing.set(node.id, []);
    incoming.set(node.id, []);
  }
  const add = (edge: FlowEdge): void => {
    if (edge.to !== DONE && !nodes.has(edge.to)) return;
    const limit = Math.min(edge.transition?.max ?? Infinity, turnsLimit.get(edge.to) ?? Infinity);
    if (Number.isFinite(limit)) edge.limit = limit;
    const loop = edge.transition && loops.get(edge.to);
    if (loop) edge.loop = loop.id;
    edges.push(edge);
    outgoing.get(edge.from)?.push(edge);
    incoming.get(edge.to)?.push(edge);
  };
  for (const node of ir.flow.nodes) {
    node.next.forEach((transition, index) =>
      add({ id: transitionId(node.id, index), from: node.id, to: transition.to, index, transition }),
    );
    if (node.kind === 'human' && node.timeoutMs !== undefined) {
      add({ id: timeoutId(node.id), from: node.id, to: node.onTimeout ?? DONE });
    }
  }
  return { ir, nodes, edges, outgoing, incoming, start: ir.flow.start, hasStart: nodes.has(ir.flow.start) };
}

/**
 * For each node that runs an LLM agent with a `total` budget on every visit (an agent node,
 * or a `join all` region with it in a branch), the least such total: how often the node can
 * run at most. A function agent's turn may cost nothing, a map may get no items, and a
 * `join first` region may stop a branch before its turn, so none of them is counted.
 */
function turnLimits(ir: WorkflowIR, nodes: Map<string, FlowNode>): Map<string, number> {
  const totals = new Map(ir.agents.filter((agent) => agent.kind === 'llm' && agent.budget.total !== undefined).map((agent) => [agent.name, agent.budget.total!]));
  const limits = new Map<string, number>();
  for (const [id, node] of nodes) {
    const agents = node.kind === 'agent' ? [node.agent] : node.kind === 'parallel' && node.join === 'all' ? node.branches.flatMap((branch) => branch.steps) : [];
    const least = Math.min(...agents.map((agent) => totals.get(agent) ?? Infinity));
    if (Number.isFinite(least)) limits.set(id, least);
  }
  return limits;
}

/** Nodes reachable from `from` (included) following edges forwards; `done` is never included. */
export function reachableFrom(graph: FlowGraph, from: Iterable<string>): Set<string> {
  return walk(from, graph.outgoing, (edge) => (edge.to === DONE ? undefined : edge.to));
}

/** Nodes from which some node of `to` is reachable (included), following edges backwards. */
export function reachingTo(graph: FlowGraph, to: Iterable<string>): Set<string> {
  return walk(to, graph.incoming, (edge) => edge.from);
}

function walk(seeds: Iterable<string>, edgesOf: Map<string, FlowEdge[]>, step: (edge: FlowEdge) => string | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = [...seeds];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of edgesOf.get(id) ?? []) {
      const next = step(edge);
      if (next !== undefined && !seen.has(next)) stack.push(next);
    }
  }
  return seen;
}

/** Nodes with an edge straight to `done`. */
export function nodesEndingTheFlow(graph: FlowGraph): string[] {
  return graph.edges.filter((edge) => edge.to === DONE).map((edge) => edge.from);
}

const componentsOf = new WeakMap<FlowShape, Map<string, Component>>();

/**
 * Each node's strongly connected component over every transition (a run that leaves one
 * never comes back): computed once per graph, as the checks and the bound all need it.
 */
export function flowComponents(graph: FlowShape): Map<string, Component> {
  const known = componentsOf.get(graph);
  if (known) return known;
  const successors = (id: string): string[] =>
    (graph.outgoing.get(id) ?? []).filter((edge) => edge.to !== DONE).map((edge) => edge.to);
  const componentOf = new Map<string, Component>();
  for (const component of stronglyConnectedComponents(graph.nodes.keys(), successors)) {
    for (const id of component.nodes) componentOf.set(id, component);
  }
  componentsOf.set(graph, componentOf);
  return componentOf;
}
