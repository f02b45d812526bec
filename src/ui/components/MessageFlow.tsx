import { Box, Text } from 'ink';
import type { MessageView } from '../view-model.js';
import { formatTokens } from '../text.js';

/** Recent messages: sender → receiver, mode, tokens delivered and saved against the full text. */
export function MessageFlow({ messages }: { messages: MessageView[] }) {
  return (
    <Box flexDirection="column">
      <Text bold>Messages</Text>
      {messages.length === 0 ? <Text dimColor>none yet</Text> : null}
      {messages.map((m) => (
        <Text key={m.seq} wrap="truncate-end">
          {`${m.from} → ${m.to}`.padEnd(28)} {m.mode.padEnd(7)} {formatTokens(m.delivered).padStart(6)} tok
          {m.tokens > m.delivered ? `  saved ${formatTokens(m.tokens - m.delivered)}` : ''}
          {m.simulated ? '  (sim)' : ''}
        </Text>
      ))}
    </Box>
  );
}
