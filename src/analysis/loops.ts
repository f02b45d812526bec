import { DONE } from '../ir/schema.js';
import type { Check } from './context.js';
import { flowComponents, type FlowEdge, type FlowGraph } from './flow-graph.js';
import { stronglyConnectedComponents } from './scc.js';

/**
 * COORD103: a cycle with no `max` on any of its transitions, no transition into a node of a
 * `loop max`, and no LLM agent with a `total` budget on it (each of its turns costs that
 * total at least a token). Removing every bounded
 * transition leaves exactly the unbounded cycles as cycles, so one SCC pass finds them all.
 * Timeouts count as unbounded: a person who never answers could loop a run forever.
 * COORD115: a `max` on a transition between different SCCs can only ever be taken once.
 */
export const checkLoops: Check = ({ ir, graph, reachable, report }) => {
  const live = graph.hasStart ? reachable : new Set(graph.nodes.keys());
  // A `max`, an LLM agent's `total` at the node it goes to (FlowEdge.limit), or a `loop max` it is within bounds a transition.
  const unbounded = (edge: FlowEdge): boolean => edge.limit === undefined && edge.loop === undefined && edge.to !== DONE;
  const successors = (id: string): string[] =>
    (graph.outgoing.get(id) ?? []).filter(unbounded).map((edge) => edge.to);
  const loops = stronglyConnectedComponents(graph.nodes.keys(), successors);
  const loopOf = new Map<string, number>();
  loops.forEach((component, index) => {
    for (const id of component.nodes) loopOf.set(id, index);
  });
  // The unbounded transitions inside each loop, in graph order, gathered in one pass.
  const inside = new Map<number, FlowEdge[]>();
  for (const edge of graph.edges) {
    if (!unbounded(edge) || loopOf.get(edge.from) !== loopOf.get(edge.to)) continue;
    const index = loopOf.get(edge.from)!;
    const edges = inside.get(index);
    if (edges) edges.push(edge);
    else inside.set(index, [edge]);
  }
  loops.forEach((component, index) => {
    if (!component.cyclic || !component.nodes.some((id) => live.has(id))) return;
    const closing = backEdge(inside.get(index) ?? [], graph);
    const cycle = component.nodes.map((id) => `\`${id}\``).join(', ');
    const at = closing?.transition?.loc ?? graph.nodes.get(closing?.from ?? component.nodes[0]!)?.loc;
    report('COORD103', `the loop through ${cycle} has no \`max\` on any of its transitions, so a run could loop forever`, at);
  });

  const componentOf = flowComponents(graph);
  for (const edge of graph.edges) {
    if (edge.transition?.max === undefined) continue;
    if (edge.to !== DONE && componentOf.get(edge.from) === componentOf.get(edge.to)) continue;
    report('COORD115', `\`${edge.from} -> ${edge.to}\` is not on a loop, so \`max ${edge.transition.max}\` never limits it`, edge.transition.loc);
  }
};

/**
 * The transition to point at for a loop: one that goes back to a node written earlier in the
 * file (where people add `max`), else the last one written.
 */
function backEdge(edges: FlowEdge[], graph: FlowGraph): FlowEdge | undefined {
  const line = (edge: FlowEdge): number => edge.transition?.loc?.line ?? 0;
  const targetLine = (edge: FlowEdge): number => graph.nodes.get(edge.to)?.loc?.line ?? 0;
  const ranked = [...edges].sort(
    (a, b) => Number(targetLine(b) <= line(b)) - Number(targetLine(a) <= line(a)) || line(b) - line(a),
  );
  return ranked[0];
}
