// The model's words as they stream, bounded to a number of terminal lines so the live region never scrolls.
import { Box, Text } from 'ink';
import { useTheme } from './theme.js';
import { Spinner } from './Spinner.js';
import { shownLine } from './shown.js';

export interface ModelStreamProps {
  text: string;
  maxLines: number;
  width: number;
  model?: string;
  streaming: boolean;
}

/** Wraps text at width and keeps only the last maxLines lines (what a person reads is the newest). */
export function tailLines(
  text: string,
  width: number,
  maxLines: number,
): { lines: string[]; hidden: number } {
  const wrapped: string[] = [];
  const w = Math.max(10, width);
  for (const raw of text.split('\n').map(shownLine)) {
    if (raw.length === 0) {
      wrapped.push('');
      continue;
    }
    for (let i = 0; i < raw.length; i += w) wrapped.push(raw.slice(i, i + w));
  }
  while (wrapped.length > 0 && wrapped[0]?.trim() === '') wrapped.shift();
  const keep = Math.max(1, maxLines);
  if (wrapped.length <= keep) return { lines: wrapped, hidden: 0 };
  return { lines: wrapped.slice(-keep), hidden: wrapped.length - keep };
}

export function ModelStream({ text, maxLines, width, model, streaming }: ModelStreamProps) {
  const theme = useTheme();
  const { lines, hidden } = tailLines(text, width - 2, maxLines - 1);
  return (
    <Box flexDirection="column">
      <Text color={theme.tone('muted')}>
        {streaming ? <Spinner /> : null}
        {streaming ? ' ' : ''}
        {shownLine(model ?? 'model')}
        {hidden > 0 ? ` (… ${hidden} earlier lines)` : ''}
      </Text>
      {lines.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );
}
