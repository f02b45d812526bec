import { loopsByNode } from '../ir/loop-limits.js';
import type { Expr, FlowNode, Transition } from '../ir/schema.js';
import type { Check } from './context.js';
import { coversEveryCase } from './guard-logic.js';
import { refusalHasNoPath } from './human.js';

/**
 * Transitions are tried in order and the first whose guard holds (and whose `max` is not
 * used up) is taken. COORD105: a transition after others that always take over, an
 * unguarded unbounded one or unbounded ones whose guards cover every case. COORD104: no
 * transition is sure to be takeable, so the run may fail at the node.
 */
export const checkTransitions: Check = ({ ir, report }) => {
  const loops = loopsByNode(ir);
  // A `max`, or the `loop max` of the node it goes to, can run out: such a transition is not sure to be taken.
  const limited = (transition: Transition): boolean => transition.max !== undefined || loops.has(transition.to);
  for (const node of ir.flow.nodes) {
    if (node.next.length === 0) continue;
    const sure: Expr[] = [];
    let takeover: string | undefined;
    for (const transition of node.next) {
      if (takeover !== undefined) {
        report('COORD105', `\`${node.id} -> ${transition.to}\` is never taken: ${takeover}`, transition.loc ?? node.loc);
        continue;
      }
      if (limited(transition)) continue;
      if (transition.guard === undefined) {
        takeover = `\`${node.id} -> ${transition.to}\` before it has no guard and no \`max\`, so it always wins`;
        continue;
      }
      const guard = ir.flow.guards[transition.guard];
      if (!guard) continue;
      sure.push(guard);
      if (coversEveryCase(sure)) takeover = 'the unbounded transitions before it have guards that cover every case';
    }
    if (takeover === undefined && !refusalHasNoPath(node, ir.flow.guards)) reportNoFallback(node, report, limited);
  }
};

function reportNoFallback(node: FlowNode, report: Parameters<Check>[0]['report'], limited: (transition: Transition) => boolean): void {
  const boundedFallback = node.next.some((transition) => limited(transition) && transition.guard === undefined);
  const why = boundedFallback ? 'its unguarded transitions have a `max` that can run out' : 'every transition out of it has a guard';
  report('COORD104', `\`${node.id}\` may have no transition to take (${why}); the run then fails`, node.next.at(-1)?.loc ?? node.loc, `Add \`${node.id} -> <node>\` without \`when\` as its last transition.`);
}
