import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import { readNumber } from '../numbers.js';
import { report } from '../report.js';
import { didYouMean } from '../suggest.js';
import { TOKEN_UNITS } from '../units.js';

/**
 * Reads the number in `node[property]` and reports why it is unusable as a positive whole
 * number (budget, bound, count, duration). Returns the value when it is usable.
 */
export function positiveInteger<N extends AstNode>(
  accept: ValidationAcceptor,
  node: N,
  property: Properties<N>,
  what: string,
): number | undefined {
  const text = (node as unknown as Record<string, unknown>)[property as string];
  if (typeof text !== 'string') return undefined;
  const reading = readNumber(text);
  if (!reading.ok) {
    report(accept, reading.code, `${what}: ${reading.message}`, { node, property });
    return undefined;
  }
  if (reading.value <= 0) {
    report(accept, 'COORD030', `${what} must be positive, not ${text}`, { node, property });
    return undefined;
  }
  if (!Number.isInteger(reading.value)) {
    report(accept, 'COORD034', `${what} must be a whole number, not ${text}`, { node, property });
    return undefined;
  }
  return reading.value;
}

/** Reports a token quantity's unit when it is not `token`/`tokens`; true when it is. */
export function checkTokenUnit<N extends AstNode & { unit: string }>(accept: ValidationAcceptor, node: N): boolean {
  if (TOKEN_UNITS.includes(node.unit)) return true;
  report(accept, 'COORD031', `unknown unit '${node.unit}': budgets are counted in tokens`, { node, property: 'unit' as Properties<N> }, didYouMean(node.unit, TOKEN_UNITS));
  return false;
}
