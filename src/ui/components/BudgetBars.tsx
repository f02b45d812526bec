import { Box, Text } from 'ink';
import { budgetLevel, type BudgetView } from '../view-model.js';
import { budgetLine } from '../text.js';

const COLORS = { ok: 'green', warn: 'yellow', danger: 'red' } as const;

/** One bar per budget (run, agents, channels): used / limit, coloured at 70% and 90%. */
export function BudgetBars({ budgets, width, color }: { budgets: BudgetView[]; width: number; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold>Budgets</Text>
      {budgets.map((b) => (
        <Text key={b.key} {...(color ? { color: COLORS[budgetLevel(b.used, b.limit)] } : {})} wrap="truncate-end">
          {budgetLine(b, width)}
        </Text>
      ))}
    </Box>
  );
}
