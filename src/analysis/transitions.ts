import type { Expr } from '../ir/schema.js';
import type { Check } from './context.js';
import { coversEveryCase } from './guard-logic.js';

/**
 * COORD104: no transition out of a node is sure to be takeable (all guarded or bounded,
 * and the unbounded guards do not cover every case). COORD105: transitions after an
 * unguarded, unbounded one, which always wins.
 */
export const checkTransitions: Check = ({ ir, report }) => {
  for (const node of ir.flow.nodes) {
    if (node.next.length === 0) continue;
    const fallback = node.next.findIndex((transition) => transition.guard === undefined && transition.max === undefined);
    if (fallback >= 0) {
      const winner = node.next[fallback]!;
      for (const shadowed of node.next.slice(fallback + 1)) {
        report('COORD105', `\`${node.id} -> ${shadowed.to}\` is never taken: \`${node.id} -> ${winner.to}\` before it has no guard and no \`max\`, so it always wins`, shadowed.loc ?? node.loc);
      }
      continue;
    }
    const guards = node.next
      .filter((transition) => transition.max === undefined && transition.guard !== undefined)
      .map((transition) => ir.flow.guards[transition.guard!])
      .filter((guard): guard is Expr => guard !== undefined);
    if (coversEveryCase(guards)) continue;
    const bounded = node.next.some((transition) => transition.max !== undefined && transition.guard === undefined);
    const why = bounded ? 'its unguarded transitions have a `max` that can run out' : 'every transition out of it has a guard';
    report('COORD104', `\`${node.id}\` may have no transition to take (${why}); the run then fails`, node.next.at(-1)?.loc ?? node.loc, `Add \`${node.id} -> <node>\` without \`when\` as its last transition.`);
  }
};
