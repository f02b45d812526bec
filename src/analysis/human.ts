import type { HumanNode } from '../ir/schema.js';
import type { Check } from './context.js';
import { evaluate } from './guard-logic.js';

/**
 * An approval needs somewhere to go when the person says no (COORD209). (A choice with
 * too few options is the language's COORD063, checked before lowering.)
 */
export const checkHumanSteps: Check = ({ ir, report }) => {
  for (const node of ir.flow.nodes) {
    if (node.kind !== 'human') continue;
    if (node.ask === 'approval' && !canContinueAfterRejection(node, ir.flow.guards)) {
      report('COORD209', `no transition out of \`${node.id}\` can be taken when the approval is refused, so a refusal fails the run`, node.loc, `Add \`${node.id} -> <node> when not ${node.id}.approved\`, or a transition without \`when\`.`);
    }
  }
};

/** True when some transition's guard may hold with `approved` false (unknown atoms may go either way). */
function canContinueAfterRejection(node: HumanNode, guards: Record<string, Parameters<typeof evaluate>[0]>): boolean {
  const approved = `${node.id}.approved`;

  return node.next.some((transition) => {
    if (transition.guard === undefined) return true;
    const guard = guards[transition.guard];
    if (!guard) return true;
    return evaluate(guard, (key) => (key === approved ? false : undefined)) !== false;
  });
}
