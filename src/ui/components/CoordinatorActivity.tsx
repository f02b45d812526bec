import { Box, Text } from 'ink';
import type { ViewModel } from '../view-model.js';

/** Messages the coordinator wrote (segments, and the gate's route on hybrid channels), readout sizes. */
export function CoordinatorActivity({ coordinator }: { coordinator: ViewModel['coordinator'] }) {
  if (coordinator.steps.length === 0 && coordinator.readouts.length === 0) return null;
  return (
    <Box flexDirection="column">
      <Text bold>Coordinator</Text>
      {coordinator.steps.map((s) => (
        <Text key={s.seq} wrap="truncate-end">
          write {s.channel.padEnd(24)} {String(s.segments).padStart(3)} seg {s.gate ?? ''}
        </Text>
      ))}
      {coordinator.readouts.map((r, i) => (
        <Text key={`${r.agent}-${i}`} wrap="truncate-end">
          readout → {r.agent}: {r.tokens}/{r.limit} tok
        </Text>
      ))}
    </Box>
  );
}
