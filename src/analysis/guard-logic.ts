import { operandText, refText } from '../ir/expr-text.js';
import type { Expr } from '../ir/schema.js';

/**
 * Propositional reasoning about guards, treating each comparison as an opaque atom.
 * A comparison and its negated operator share one atom (`x > 0` is the negation of
 * `x <= 0`), which is enough to see the `when c` / `when not c` patterns people write.
 */
const NEGATED_OP = { '<=': '>', '>=': '<', '!=': '==' } as const;

type Atom = { key: string; negated: boolean };

function atomOf(expr: Extract<Expr, { kind: 'compare' | 'truthy' }>): Atom {
  if (expr.kind === 'truthy') return { key: refText(expr.ref), negated: false };
  const op = expr.op;
  // `x == true` is `x`, `x != true` is `not x`, and so on.
  if (typeof expr.right === 'boolean' && (op === '==' || op === '!=')) {
    return { key: refText(expr.left), negated: (op === '==') !== expr.right };
  }
  if (op === '<=' || op === '>=' || op === '!=') {
    return { key: `${refText(expr.left)} ${NEGATED_OP[op]} ${operandText(expr.right)}`, negated: true };
  }
  return { key: `${refText(expr.left)} ${op} ${operandText(expr.right)}`, negated: false };
}

function atoms(expr: Expr, into: Set<string>): Set<string> {
  switch (expr.kind) {
    case 'compare':
    case 'truthy':
      into.add(atomOf(expr).key);
      break;
    case 'not':
      atoms(expr.arg, into);
      break;
    case 'and':
    case 'or':
      for (const arg of expr.args) atoms(arg, into);
  }
  return into;
}

/** Three-valued evaluation: `undefined` where an atom's value is unknown. */
export function evaluate(expr: Expr, value: (key: string) => boolean | undefined): boolean | undefined {
  switch (expr.kind) {
    case 'compare':
    case 'truthy': {
      const atom = atomOf(expr);
      const v = value(atom.key);
      return v === undefined ? undefined : v !== atom.negated;
    }
    case 'not': {
      const v = evaluate(expr.arg, value);
      return v === undefined ? undefined : !v;
    }
    case 'and': {
      const vs = expr.args.map((arg) => evaluate(arg, value));
      if (vs.includes(false)) return false;
      return vs.includes(undefined) ? undefined : true;
    }
    case 'or': {
      const vs = expr.args.map((arg) => evaluate(arg, value));
      if (vs.includes(true)) return true;
      return vs.includes(undefined) ? undefined : false;
    }
  }
}

/** Above this many atoms we stop enumerating and assume the guards are not exhaustive. */
const MAX_ATOMS = 12;

/** Whether at least one of the guards holds whatever the atoms' values (a tautology of their `or`). */
export function coversEveryCase(guards: Expr[]): boolean {
  if (guards.length === 0) return false;
  const keys = [...guards.reduce((into, guard) => atoms(guard, into), new Set<string>())];
  if (keys.length > MAX_ATOMS) return false;
  for (let assignment = 0; assignment < 1 << keys.length; assignment++) {
    const value = (key: string): boolean => (assignment & (1 << keys.indexOf(key))) !== 0;
    if (!guards.some((guard) => evaluate(guard, value) === true)) return false;
  }
  return true;
}
