import type { Expr, FlowNode, HumanNode } from '../ir/schema.js';
import type { Check } from './context.js';
import { evaluate } from './guard-logic.js';

/**
 * An approval needs somewhere to go when the person says no (COORD209). (A choice with
 * too few options is the language's COORD063, checked before lowering.)
 */
export const checkHumanSteps: Check = ({ ir, report }) => {
  for (const node of ir.flow.nodes) {
    if (node.kind !== 'human') continue;
    if (refusalHasNoPath(node, ir.flow.guards)) {
      report('COORD209', `no transition out of \`${node.id}\` can be taken when the approval is refused, so a refusal fails the run`, node.loc, `Add \`${node.id} -> <node> when not ${node.id}.approved\`, or a transition without \`when\`.`);
    }
  }
};

/** An approval none of whose transitions can be taken once refused (COORD209, which COORD104 then leaves to it). */
export function refusalHasNoPath(node: FlowNode, guards: Record<string, Expr>): boolean {
  return node.kind === 'human' && node.ask === 'approval' && !canContinueAfterRejection(node, guards);
}

/** True when some transition's guard may hold with `approved` false (unknown atoms may go either way). */
function canContinueAfterRejection(node: HumanNode, guards: Record<string, Expr>): boolean {
  const approved = `${node.id}.approved`;

  return node.next.some((transition) => {
    if (transition.guard === undefined) return true;
    const guard = guards[transition.guard];
    if (!guard) return true;
    return evaluate(guard, (key) => (key === approved ? false : undefined)) !== false;
  });
}
