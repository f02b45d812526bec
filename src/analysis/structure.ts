import { DONE } from '../ir/schema.js';
import type { Check } from './context.js';

/**
 * References inside the IR that lowering normally guarantees: the start node, transition
 * and timeout targets, guard ids and agents. Checked anyway because `coord` also accepts
 * IR written by other tools, and every later check relies on them.
 */
export const checkStructure: Check = ({ ir, graph, report }) => {
  const first = ir.flow.nodes[0];
  if (!graph.hasStart) {
    report('COORD114', `the flow starts at \`${ir.flow.start}\`, which is not a node of the flow`, first?.loc);
  }
  const agents = new Set(ir.agents.map((agent) => agent.name));
  for (const node of ir.flow.nodes) {
    if (node.id === DONE || node.id === 'failed') {
      report('COORD116', `\`${node.id}\` is the name of a final state of every run and cannot name a node`, node.loc);
    }
    node.next.forEach((transition) => {
      if (transition.to !== DONE && !graph.nodes.has(transition.to)) {
        report('COORD106', `\`${node.id} -> ${transition.to}\`: \`${transition.to}\` is not a node of the flow`, transition.loc ?? node.loc);
      }
      if (transition.guard !== undefined && ir.flow.guards[transition.guard] === undefined) {
        report('COORD112', `\`${node.id} -> ${transition.to}\` uses guard \`${transition.guard}\`, which the flow does not define`, transition.loc ?? node.loc);
      }
    });
    if (node.kind === 'human' && node.onTimeout !== undefined && node.onTimeout !== DONE && !graph.nodes.has(node.onTimeout)) {
      report('COORD212', `the timeout of \`${node.id}\` goes to \`${node.onTimeout}\`, which is not a node of the flow`, node.loc);
    }
    if ((node.kind === 'agent' || node.kind === 'map') && !agents.has(node.agent)) {
      report('COORD111', `\`${node.id}\` runs agent \`${node.agent}\`, which the workflow does not declare`, node.loc);
    }
  }
};
