import type { Expr, Literal, Operand, ValueRef } from './schema.js';

/**
 * Guard expressions rendered back to .coord source text, for messages and graphs.
 * Parenthesises only where the grammar's precedence (or < and < not) needs it, so
 * the text parses back to the same expression.
 */
export function refText(ref: ValueRef): string {
  return [ref.node, ...ref.path].join('.');
}

export function literalText(value: Literal): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function operandText(value: Operand): string {
  return typeof value === 'object' ? refText(value) : literalText(value);
}

const PRECEDENCE: Record<Expr['kind'], number> = { or: 1, and: 2, not: 3, compare: 4, truthy: 4 };

export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case 'compare':
      return `${refText(expr.left)} ${expr.op} ${operandText(expr.right)}`;
    case 'truthy':
      return refText(expr.ref);
    case 'not':
      return `not ${operand(expr.arg, PRECEDENCE.not)}`;
    case 'and':
      return expr.args.map((arg) => operand(arg, PRECEDENCE.and + 1)).join(' and ');
    case 'or':
      return expr.args.map((arg) => operand(arg, PRECEDENCE.or + 1)).join(' or ');
  }
}

function operand(expr: Expr, minimum: number): string {
  const text = exprText(expr);
  return PRECEDENCE[expr.kind] < minimum ? `(${text})` : text;
}

/** Every value reference an expression reads, in source order. */
export function exprRefs(expr: Expr): ValueRef[] {
  switch (expr.kind) {
    case 'compare':
      return typeof expr.right === 'object' ? [expr.left, expr.right] : [expr.left];
    case 'truthy':
      return [expr.ref];
    case 'not':
      return exprRefs(expr.arg);
    case 'and':
    case 'or':
      return expr.args.flatMap(exprRefs);
  }
}
