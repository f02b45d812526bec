import { refText } from '../ir/expr-text.js';
import type { Check } from './context.js';
import { resolveRef, typeOfPath } from './outputs.js';

/**
 * A `map` runs its agent once per item of a list that an earlier node produced: the
 * reference must be a list field (COORD206) of a node that has run by then (COORD207
 * never, COORD208 not on every path); a concurrency above `max` is never reached (COORD213).
 */
export const checkMaps: Check = ({ ir, reachable, dominators, canRunBefore, outputs, report }) => {
  for (const node of ir.flow.nodes) {
    if (node.kind !== 'map') continue;
    const over = `\`${node.id}\` maps over \`${refText(node.over)}\``;
    if (node.concurrency > node.max) {
      report('COORD213', `\`${node.id}\` runs at most ${node.max} items, so \`concurrency ${node.concurrency}\` is never reached`, node.loc);
    }
    const target = resolveRef(outputs, node.over.node);
    if (!target) {
      report('COORD206', `${over}, but \`${node.over.node}\` is neither a node of the flow nor a step of a parallel branch`, node.loc);
      continue;
    }
    if (target.fields !== undefined) {
      const type = typeOfPath(target, node.over);
      if (!type.ok) report('COORD206', `${over}: ${type.problem}`, node.loc);
      else if (!type.type.endsWith('[]')) report('COORD206', `${over}, which is a ${type.type === 'length' ? 'number' : type.type}, not a list`, node.loc);
    }
    if (!reachable.has(node.id)) continue;
    const runs = target.kind === 'node' ? target.id : target.parallel.id;
    const joinFirst = target.kind === 'step' && target.parallel.join === 'first';
    // A node that runs on every path to the map can run before it: no walk needed to know.
    const ranBefore = runs !== node.id && dominators.dominates(runs, node.id);
    if (runs === node.id || (!ranBefore && !canRunBefore(runs, node.id))) {
      report('COORD207', `${over}, but \`${runs}\` never runs before \`${node.id}\``, node.loc);
    } else if (!ranBefore || joinFirst) {
      const why = joinFirst
        ? `\`${target.id}\` is a step of \`${runs}\`, which joins on the first branch to finish`
        : `some paths reach \`${node.id}\` without running \`${runs}\``;
      report('COORD208', `${over}, which may not exist yet: ${why}`, node.loc);
    }
  }
};
