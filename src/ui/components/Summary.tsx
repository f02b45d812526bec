import { Box, Text } from 'ink';
import type { ViewModel } from '../view-model.js';
import { summaryLines } from '../text.js';

/** The final summary table; it stays on screen after the run ends. */
export function Summary({ view }: { view: ViewModel }) {
  const [title, ...rows] = summaryLines(view);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {rows.map((row, i) => (
        <Text key={i} wrap="truncate-end">
          {row}
        </Text>
      ))}
    </Box>
  );
}
