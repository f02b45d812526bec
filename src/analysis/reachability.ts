import { DONE } from '../ir/schema.js';
import type { Check } from './context.js';
import { nodesEndingTheFlow, reachingTo } from './flow-graph.js';

/** COORD101: nodes no run can reach. COORD102: reachable nodes from which no run can finish. */
export const checkReachability: Check = ({ ir, graph, reachable, report }) => {
  if (!graph.hasStart) return;
  const finishing = reachingTo(graph, nodesEndingTheFlow(graph));
  for (const node of ir.flow.nodes) {
    if (!reachable.has(node.id)) {
      report('COORD101', `\`${node.id}\` can never run: no path from \`${ir.flow.start}\` leads to it`, node.loc);
    } else if (!finishing.has(node.id)) {
      const exits = (graph.outgoing.get(node.id) ?? []).length;
      const why = exits === 0 ? 'it has no transitions' : 'every path from it stays away from `done`';
      report('COORD102', `a run that reaches \`${node.id}\` can never finish: ${why}`, node.loc, `Add \`${node.id} -> ${DONE}\`, or a transition to a node that reaches \`${DONE}\`.`);
    }
  }
};
