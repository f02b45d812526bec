import { loopsByNode } from '../ir/loop-limits.js';
import { DONE, type LoopLimit } from '../ir/schema.js';
import type { Check } from './context.js';
import type { FlowEdge, FlowGraph, FlowShape } from './flow-graph.js';

/**
 * The flow with each `loop max N { … }` as one node, for the bound. Every transition into one
 * of a loop's nodes is taken at most N times in all, so in this view the loop's nodes are one
 * node, entered only through a gate: each such transition goes to the gate, and the gate to the
 * loop's node with `max N`. A visit of the loop's node is a visit of one of its nodes, so their
 * visits together are bounded by N (plus one when the flow starts there), where the flow
 * graph could only bound each transition by N on its own. A timeout is not counted by the
 * loop, so it goes to the loop's node directly, with no limit.
 */
export interface LoopView {
  shape: FlowShape;
  /** The view's node for a flow node: its loop's, or its own. */
  groupOf: (node: string) => string;
  /** The flow nodes of each loop's node in the view. */
  members: Map<string, string[]>;
  /** The gates: nodes of the view that run nothing. */
  gates: Set<string>;
}

export function collapseLoops(graph: FlowGraph): LoopView {
  const loops = loopsByNode(graph.ir);
  for (const id of [...loops.keys()]) if (!graph.nodes.has(id)) loops.delete(id);
  if (loops.size === 0) return { shape: graph, groupOf: (node) => node, members: new Map(), gates: new Set() };

  const groupId = (loop: LoopLimit) => `loop { ${loop.nodes.filter((node) => graph.nodes.has(node)).join(', ')} }`;
  const gateId = (loop: LoopLimit) => `${groupId(loop)} (entry)`;
  const groupOf = (node: string): string => {
    const loop = loops.get(node);
    return loop ? groupId(loop) : node;
  };
  const members = new Map<string, string[]>();
  const nodes = new Map<string, string[]>();
  for (const id of graph.nodes.keys()) {
    const group = groupOf(id);
    nodes.set(group, [...(nodes.get(group) ?? []), id]);
    if (loops.has(id)) members.set(group, nodes.get(group)!);
  }
  const gates = new Set<string>();
  const edges: FlowEdge[] = [];
  for (const loop of new Set(loops.values())) {
    const gate = gateId(loop);
    gates.add(gate);
    nodes.set(gate, []);
    edges.push({ id: loop.id, from: gate, to: groupId(loop), limit: loop.max });
  }
  // Each visit of the loop's node leaves it once: its nodes' transitions to one same node, none
  // with a limit of its own, are one way out, not one each (which would count its visits twice).
  const free = new Set<string>();
  for (const edge of graph.edges) {
    const from = groupOf(edge.from);
    const to = edge.to === DONE ? DONE : edge.loop !== undefined ? gateId(loops.get(edge.to)!) : groupOf(edge.to);
    if (edge.limit === undefined && members.has(from)) {
      if (free.has(`${from}\0${to}`)) continue;
      free.add(`${from}\0${to}`);
    }
    edges.push({ ...edge, from, to });
  }
  const outgoing = new Map<string, FlowEdge[]>([...nodes.keys()].map((id) => [id, []]));
  for (const edge of edges) outgoing.get(edge.from)!.push(edge);
  return { shape: { nodes, edges, outgoing, start: groupOf(graph.start), hasStart: graph.hasStart }, groupOf, members, gates };
}

/**
 * COORD130: a node named by two loop limits, or twice by one (a transition would count
 * against two limits, or the text says what it does not mean).
 * COORD131: a loop limit that limits nothing: a node it names is not in the flow, or no
 * transition goes into its nodes (not said of one whose nodes COORD130 reported already).
 */
export const checkLoopLimits: Check = ({ ir, graph, report }) => {
  const seen = new Map<string, LoopLimit>();
  for (const loop of ir.flow.loops ?? []) {
    const named = new Set<string>();
    let repeated = false;
    for (const node of loop.nodes) {
      const earlier = seen.get(node);
      repeated ||= named.has(node) || earlier !== undefined;
      if (named.has(node)) report('COORD130', `\`${node}\` is named twice in this \`loop max ${loop.max}\``, loop.loc);
      else if (earlier) report('COORD130', `\`${node}\` is already in the \`loop max ${earlier.max}\`${earlier.loc ? ` at line ${earlier.loc.line}` : ''}; a transition into it would count against both`, loop.loc);
      named.add(node);
      seen.set(node, earlier ?? loop);
    }
    const outside = loop.nodes.filter((node) => !graph.nodes.has(node));
    if (outside.length > 0) {
      const list = outside.map((node) => `\`${node}\``).join(', ');
      report('COORD131', `${list} ${outside.length === 1 ? 'is' : 'are'} not in the flow, so this \`loop max ${loop.max}\` does not limit ${outside.length === 1 ? 'it' : 'them'}`, loop.loc);
    } else if (!repeated && !graph.edges.some((edge) => edge.loop === loop.id)) {
      report('COORD131', `no transition goes into the nodes of this \`loop max ${loop.max}\`, so it limits nothing`, loop.loc);
    }
  }
};
