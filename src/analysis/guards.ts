import { closest } from '../language/suggest.js';
import { exprText, literalText, refText } from '../ir/expr-text.js';
import type { Expr, FlowNode, SourceLoc, ValueRef } from '../ir/schema.js';
import type { Check, CheckContext } from './context.js';
import { resolveRef, typeOfPath, type FieldType, type RefTarget } from './outputs.js';

/**
 * Every value a guard reads must exist (COORD108), have run by the time the guard is
 * evaluated (COORD113 never, COORD107 not on every path), and be compared with a value
 * of its type (COORD109; a choice with one of its options, COORD211; a field of listed
 * values with one of them, COORD117). A channel's `when` is a guard evaluated when its
 * sender has just run.
 */
export const checkGuards: Check = (context) => {
  const { ir } = context;
  for (const node of ir.flow.nodes) {
    for (const transition of node.next) {
      const guard = transition.guard === undefined ? undefined : ir.flow.guards[transition.guard];
      if (!guard) continue;
      const site: GuardSite = { node, where: `the guard of \`${node.id} -> ${transition.to}\``, at: transition.loc ?? node.loc };
      for (const reading of readings(guard)) checkReference(context, site, reading);
    }
  }
  for (const channel of ir.channels) {
    const guard = channel.when === undefined ? undefined : ir.flow.guards[channel.when];
    const node = context.outputs.nodes.get(channel.from);
    if (!guard || !node) continue;
    const site: GuardSite = { node, where: `the \`when\` of channel ${channel.id}`, at: channel.loc };
    for (const reading of readings(guard)) checkReference(context, site, reading);
  }
};

/** Where a guard is evaluated: after `node` has run. */
interface GuardSite {
  node: FlowNode;
  where: string;
  at: SourceLoc | undefined;
}

/** One value a guard reads, with the comparison it takes part in (none for a truthiness test or a right-hand value). */
interface Reading {
  ref: ValueRef;
  compare?: Extract<Expr, { kind: 'compare' }>;
}

function readings(expr: Expr): Reading[] {
  switch (expr.kind) {
    case 'compare':
      return typeof expr.right === 'object' ? [{ ref: expr.left, compare: expr }, { ref: expr.right }] : [{ ref: expr.left, compare: expr }];
    case 'truthy':
      return [{ ref: expr.ref }];
    case 'not':
      return readings(expr.arg);
    case 'and':
    case 'or':
      return expr.args.flatMap(readings);
  }
}

function checkReference({ reachable, dominators, canRunBefore, outputs, report }: CheckContext, { node, where, at }: GuardSite, reading: Reading): void {
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
  if (!reading.compare) return;
  const compare = reading.compare;
  if (typeof compare.right === 'object') {
    const other = typeOfRef(outputs, compare.right);
    if (other !== undefined) checkTwoValues(report, where, pathType.type, other, compare, at);
  } else if (compare.op === 'contains') {
    checkContains(report, where, pathType.type, compare, at);
  } else {
    checkComparison(report, where, target, pathType.type, compare, at);
  }
}

/** The type a reference denotes, when it is known (its own problems are reported as a reading of their own). */
function typeOfRef(outputs: CheckContext['outputs'], ref: ValueRef): FieldType | 'length' | undefined {
  const target = resolveRef(outputs, ref.node);
  if (!target?.fields) return undefined;
  const pathType = typeOfPath(target, ref);
  return pathType.ok ? pathType.type : undefined;
}

/** `a.verdict == b.verdict`: two values of one type; lists only through `contains`. */
function checkTwoValues(report: CheckContext['report'], where: string, left: FieldType | 'length', right: FieldType | 'length', compare: Extract<Expr, { kind: 'compare' }>, at: SourceLoc | undefined): void {
  const text = `\`${exprText(compare)}\``;
  const base = (type: FieldType | 'length') => (type === 'length' ? 'number' : type);
  if (compare.op === 'contains') {
    if (left !== 'string' && !left.endsWith('[]')) report('COORD109', `${where}: ${text} looks inside a ${base(left)}; \`contains\` applies to a string or a list`, at);
    else if ((left === 'string' ? 'string' : left.slice(0, -2)) !== base(right)) report('COORD109', `${where}: ${text} looks for a ${base(right)} in a ${left}`, at);
  } else if (left.endsWith('[]') || right.endsWith('[]')) {
    report('COORD109', `${where}: ${text} compares a list; compare its \`.length\` instead`, at);
  } else if (base(left) !== base(right)) {
    report('COORD109', `${where}: ${text} compares a ${base(left)} with a ${base(right)}`, at);
  } else if (compare.op !== '==' && compare.op !== '!=' && base(left) !== 'number') {
    report('COORD109', `${where}: ${text} orders ${base(left)}s; only \`==\` and \`!=\` apply to a ${base(left)}`, at);
  }
}

/** `critic.text contains "APPROVE"`: a substring of a string, or an element of a list of its type. */
function checkContains(report: CheckContext['report'], where: string, type: FieldType | 'length', compare: Extract<Expr, { kind: 'compare' }>, at: SourceLoc | undefined): void {
  const text = `\`${exprText(compare)}\``;
  const element = type === 'string' ? 'string' : type.endsWith('[]') ? type.slice(0, -2) : undefined;
  if (element === undefined) {
    report('COORD109', `${where}: ${text} looks inside a ${type === 'length' ? 'number' : type}; \`contains\` applies to a string or a list`, at);
  } else if (typeof compare.right !== element) {
    report('COORD109', `${where}: ${text} looks for ${literalText(compare.right as string)} in a ${type}, whose ${type === 'string' ? 'parts are strings' : `elements are ${element}s`}`, at);
  }
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
  const right = compare.right as Exclude<typeof compare.right, object>;
  const literal = typeof right;
  const equality = compare.op === '==' || compare.op === '!=';
  if (type.endsWith('[]')) {
    report('COORD109', `${where}: ${text} compares a list (${type}); compare its \`.length\` instead`, at);
  } else if (type === 'number' || type === 'length') {
    if (literal !== 'number') report('COORD109', `${where}: ${text} compares a number with ${literalText(right)}`, at);
  } else if (literal !== type) {
    report('COORD109', `${where}: ${text} compares a ${type} with ${literalText(right)}`, at);
  } else if (!equality) {
    report('COORD109', `${where}: ${text} orders ${type}s; only \`==\` and \`!=\` apply to a ${type}`, at);
  } else if (target.kind === 'node' && target.options && compare.left.path[0] === 'choice') {
    if (!target.options.includes(right as string)) {
      const offered = target.options.map((option) => JSON.stringify(option)).join(', ');
      report('COORD211', `${where}: ${text} can never be decided by \`${target.id}\`, which offers ${offered}`, at);
    }
  } else {
    const values = target.values?.[compare.left.path[0]!];
    if (values && compare.left.path.length === 1 && !values.includes(right as string)) {
      const near = closest(right as string, values);
      const listed = values.map((value) => JSON.stringify(value)).join(' | ');
      // The same "did you mean" hint as a misspelt name's (src/language/suggest.ts), so editors offer the same fix.
      const hint = near === undefined ? undefined : `did you mean '${near}'?`;
      report('COORD117', `${where}: ${text} compares with a value \`${refText(compare.left)}\` never takes; it is one of ${listed}`, at, hint);
    }
  }
}
