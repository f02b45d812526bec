import type { Budget, MemorySetting, ReadoutSetting } from './generated/ast.js';
import { readNumber } from './numbers.js';

/** The token count a budget statement means, when it is a valid positive whole number. */
export function budgetValue(budget: Budget | ReadoutSetting | MemorySetting): number | undefined {
  const reading = readNumber(budget.amount);
  return reading.ok && reading.value > 0 && Number.isInteger(reading.value) ? reading.value : undefined;
}
