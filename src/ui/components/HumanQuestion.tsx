import { Box, Text } from 'ink';
import type { ViewModel } from '../view-model.js';

/** A human step waiting for an answer, as the dashboard shows it. */
export function HumanQuestion({ waiting, draft }: { waiting: NonNullable<ViewModel['waiting']>; draft: string }) {
  const choices = waiting.ask === 'approval' ? ['yes', 'no'] : (waiting.options ?? []);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{waiting.node} asks: {waiting.prompt}</Text>
      {choices.length > 0 ? <Text>{choices.map((c, i) => `${i + 1}) ${c}`).join('   ')}</Text> : draft ? <Text>› {draft}</Text> : <Text dimColor>type an answer, then Enter</Text>}
    </Box>
  );
}
