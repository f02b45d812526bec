import type { ValidationAcceptor } from 'langium';
import type * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { didYouMean } from '../suggest.js';
import { SENTENCE_UNITS } from '../units.js';
import { positiveInteger } from './quantities.js';

/** `split N sentences`: N a positive whole number, counted in sentences. Any channel mode may split. */
export function checkSplit(split: ast.SplitSetting, accept: ValidationAcceptor): void {
  positiveInteger(accept, split, 'amount', 'a split');
  if (SENTENCE_UNITS.includes(split.unit)) return;
  report(
    accept,
    'COORD031',
    `unknown unit '${split.unit}': a split is counted in sentences`,
    { node: split, property: 'unit' },
    didYouMean(split.unit, SENTENCE_UNITS) ?? `write 'split ${split.amount} sentences'`,
  );
}
