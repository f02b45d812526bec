import { exprText, literalText, refText } from '../ir/expr-text.js';
import type { Expr, FlowNode, SourceLoc, Transition, ValueRef } from '../ir/schema.js';
import type { Check, CheckContext } from './context.js';
import { resolveRef, typeOfPath, type FieldType, type RefTarget } from './outputs.js';

/**
 * Every value a guard reads must exist (COORD108), have run by the time the guard is
 * evaluated (COORD113 never, COORD107 not on every path), and be compared with a value
 * of its type (COORD109; a choice with one of its options, COORD211).
 */
export const checkGuards: Check = (context) => {
  const { ir } = context;
  for (const node of ir.flow.nodes) {
    for (const transition of node.next) {
      const guard = transition.guard === undefined ? undefined : ir.flow.guards[transition.guard];
      if (!guard) continue;
      for (const reading of readings(guard)) checkReference(context, node, transition, reading);
    }
  }
};

/** One value a guard reads, with the comparison it takes part in (none for a truthiness test). */
interface Reading {
  ref: ValueRef;
  compare?: Extract<Expr, { kind: 'compare' }>;
}

function readings(expr: Expr): Reading[] {
  switch (expr.kind) {
    case 'compare':
      return [{ ref: expr.left, compare: expr }];
    case 'truthy':
      return [{ ref: expr.ref }];
    case 'not':
      return readings(expr.arg);
    case 'and':
    case 'or':
      return expr.args.flatMap(readings);
  }
}

function checkReference(
  { reachable, dominators, canRunBefore, outputs, report }: CheckContext,
  node: FlowNode,
  transition: Transition,
  reading: Reading,
): void {
  const at: SourceLoc | undefined = transition.loc ?? node.loc;
  const where = `the guard of \`${node.id} -> ${transition.to}\``;
  const target = resolveRef(outputs, reading.ref.node);
  if (!target) {
    report('COORD108', `${where} reads \`${refText(reading.ref)}\`, but \`${reading.ref.node}\` is neither a node of the flow nor a step of a parallel branch`, at);
    return;
  }
  if (reachable.has(node.id)) {
    const runs = target.kind === 'node' ? target.id : target.parallel.id;
    const ranBefore = dominators.dominates(runs, node.id);
    const joinFirst = target.kind === 'step' && target.parallel.join === 'first';
    if (!ranBefore && !canRunBefore(runs, node.id)) {
      report('COORD113', `${where} reads \`${refText(reading.ref)}\`, but \`${runs}\` never runs before \`${node.id}\``, at);
    } else if (!ranBefore || joinFirst) {
      const why = joinFirst
        ? `\`${target.id}\` is a step of \`${runs}\`, which joins on the first branch to finish`
        : `some paths reach \`${node.id}\` without running \`${runs}\``;
      report('COORD107', `${where} reads \`${refText(reading.ref)}\`, which may not exist yet: ${why}`, at);
    }
  }
  if (target.fields === undefined) return;
  const pathType = typeOfPath(target, reading.ref);
  if (!pathType.ok) {
    report('COORD108', `${where} reads \`${refText(reading.ref)}\`: ${pathType.problem}`, at);
    return;
  }
  if (reading.compare) checkComparison(report, where, target, pathType.type, reading.compare, at);
}

function checkComparison(
  report: CheckContext['report'],
  where: string,
  target: RefTarget,
  type: FieldType | 'length',
  compare: Extract<Expr, { kind: 'compare' }>,
  at: SourceLoc | undefined,
): void {
  const text = `\`${exprText(compare)}\``;
  const literal = typeof compare.right;
  const equality = compare.op === '==' || compare.op === '!=';
  if (type.endsWith('[]')) {
    report('COORD109', `${where}: ${text} compares a list (${type}); compare its \`.length\` instead`, at);
  } else if (type === 'number' || type === 'length') {
    if (literal !== 'number') report('COORD109', `${where}: ${text} compares a number with ${literalText(compare.right)}`, at);
  } else if (literal !== type) {
    report('COORD109', `${where}: ${text} compares a ${type} with ${literalText(compare.right)}`, at);
  } else if (!equality) {
    report('COORD109', `${where}: ${text} orders ${type}s; only \`==\` and \`!=\` apply to a ${type}`, at);
  } else if (target.kind === 'node' && target.options && compare.left.path[0] === 'choice') {
    if (!target.options.includes(compare.right as string)) {
      const offered = target.options.map((option) => JSON.stringify(option)).join(', ');
      report('COORD211', `${where}: ${text} can never be decided by \`${target.id}\`, which offers ${offered}`, at);
    }
  }
}
