import { Box, Text } from 'ink';

export const KEYS: Array<[string, string]> = [
  ['q', 'stop the run gracefully (state is saved; `coord resume` continues it)'],
  ['p', 'pause or resume between turns'],
  ['?', 'show or hide this help'],
];

export function Help() {
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      {KEYS.map(([key, what]) => (
        <Text key={key}>
          <Text bold>{key}</Text> {what}
        </Text>
      ))}
    </Box>
  );
}
