import { Box, Text } from 'ink';
import type { ViewModel } from '../view-model.js';
import { summaryLines } from '../text.js';

/** The final summary table (the plain printer's lines); it stays on screen after the run ends. */
export function Summary({ view }: { view: ViewModel }) {
  const lines = summaryLines(view);
  const outcome = lines.at(-1)!;
  return (
    <Box flexDirection="column" marginTop={1}>
      {lines.slice(0, -1).map((row, i) => (
        <Text key={i} bold={i === 0} wrap="truncate-end">
          {row}
        </Text>
      ))}
      <Text bold wrap="truncate-end">
        {outcome}
      </Text>
    </Box>
  );
}
