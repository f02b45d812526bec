import type { CompareOp, Expr, ValueRef } from '../../src/ir/schema.js';

/** Outputs recorded so far in a run, by flow node id. */
export type Outputs = Record<string, unknown>;

/**
 * The value a reference names: `planner.questions.length` walks the planner's output
 * into `questions`, then takes its length. `length` works on arrays and strings; a
 * numeric step indexes an array. A missing step yields undefined, never an error,
 * so a guard on an output that was not produced is simply false.
 */
export function resolveRef(outputs: Outputs, ref: ValueRef): unknown {
  let value: unknown = outputs[ref.node];
  for (const step of ref.path) {
    if (value === undefined || value === null) return undefined;
    if (step === 'length' && (Array.isArray(value) || typeof value === 'string')) {
      value = value.length;
    } else if (Array.isArray(value) && /^\d+$/.test(step)) {
      value = value[Number(step)];
    } else if (typeof value === 'object' && Object.hasOwn(value, step)) {
      value = (value as Record<string, unknown>)[step];
    } else {
      return undefined;
    }
  }
  return value;
}

export function evaluateGuard(expr: Expr, outputs: Outputs): boolean {
  switch (expr.kind) {
    case 'truthy':
      return truthy(resolveRef(outputs, expr.ref));
    case 'not':
      return !evaluateGuard(expr.arg, outputs);
    case 'and':
      return expr.args.every((arg) => evaluateGuard(arg, outputs));
    case 'or':
      return expr.args.some((arg) => evaluateGuard(arg, outputs));
    case 'compare':
      return compare(resolveRef(outputs, expr.left), expr.op, typeof expr.right === 'object' ? resolveRef(outputs, expr.right) : expr.right);
  }
}

/** Empty arrays and empty strings are false, as a person reading `when reviewer.issues` expects. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/**
 * Values of different types are never equal and never ordered; `!=` is true between them.
 * A value not produced (undefined) equals nothing, not even another missing value.
 */
function compare(left: unknown, op: CompareOp, right: unknown): boolean {
  if (op === 'contains') return contains(left, right);
  const sameType = left !== undefined && typeof left === typeof right;
  switch (op) {
    case '==':
      return sameType && left === right;
    case '!=':
      return !sameType || left !== right;
    default: {
      if (!sameType || (typeof left !== 'number' && typeof left !== 'string')) return false;
      const l = left as number | string;
      const r = right as number | string;
      if (op === '<') return l < r;
      if (op === '<=') return l <= r;
      if (op === '>') return l > r;
      return l >= r;
    }
  }
}

/** Case-sensitive, as `==` is: a string holds the substring, a list holds an element equal to it. */
function contains(container: unknown, part: unknown): boolean {
  if (typeof container === 'string') return typeof part === 'string' && container.includes(part);
  if (Array.isArray(container)) return part !== undefined && container.some((item) => item === part);
  return false;
}
