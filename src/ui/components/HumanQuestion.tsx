import { Box, Text } from 'ink';
import type { ViewModel } from '../view-model.js';

/** Lines of what the person decides on that the dashboard shows; the rest is in the run log and in plain mode. */
export const ABOUT_LINES = 12;

/** A human step waiting for an answer, as the dashboard shows it, with what it asks about. */
export function HumanQuestion({ waiting, draft }: { waiting: NonNullable<ViewModel['waiting']>; draft: string }) {
  const choices = waiting.ask === 'approval' ? ['yes', 'no'] : (waiting.options ?? []);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      {(waiting.about ?? []).map(({ from, text }) => {
        const lines = text.split('\n');
        const hidden = lines.length - ABOUT_LINES;
        return (
          <Box key={from} flexDirection="column" marginBottom={1}>
            <Text dimColor>from {from}:</Text>
            <Text>{lines.slice(0, ABOUT_LINES).join('\n')}</Text>
            {hidden > 0 ? <Text dimColor>… {hidden} more lines (the whole text: --no-tui, or the run log)</Text> : null}
          </Box>
        );
      })}
      <Text bold>{waiting.node} asks: {waiting.prompt}</Text>
      {choices.length > 0 ? <Text>{choices.map((c, i) => `${i + 1}) ${c}`).join('   ')}</Text> : draft ? <Text>› {draft}</Text> : <Text dimColor>type an answer, then Enter</Text>}
    </Box>
  );
}
