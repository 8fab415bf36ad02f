// The `?` overlay: every key, in the words of the step it belongs to.
import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

const KEYS: Array<[string, string]> = [
  ['↑ ↓ Enter', 'pick an alert'],
  ['/', 'filter alerts'],
  ['p', 'paste alert JSON'],
  ['x', 'show a tool result (↑↓ to move, x to close)'],
  ['a', 'approve the plan (typed name for risky ones)'],
  ['r', 'reject, with an optional reason'],
  ['e', 'edit parameters (checked and dry-run again)'],
  ['d', 'details: all evidence and alternatives'],
  ['o', 'override a refusal (unrelated target, capacity): type the name'],
  ['b', 'roll back after a failed verification'],
  ['Ctrl+C', 'cancel the running step; twice quits'],
  ['Esc', 'back'],
  ['q', 'quit'],
  ['?', 'close this help'],
];

export function KeyHelp() {
  const theme = useTheme();
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.tone('accent')} paddingX={1}>
      <Text bold>Keys</Text>
      {KEYS.map(([key, what]) => (
        <Text key={key}>
          <Text bold>{key.padEnd(10)}</Text> {what}
        </Text>
      ))}
    </Box>
  );
}
