// The status line: model, kube context, elapsed time, tokens, and the keys that apply right now.
import { Box, Text } from 'ink';
import { formatDuration, formatTokens, truncate } from '../output/format.js';
import { useTheme } from './theme.js';
import { shownLine } from './shown.js';

export interface FooterProps {
  model: string;
  context?: string;
  elapsedMs: number;
  promptTokens: number;
  evalTokens?: number;
  hint: string;
  notice?: string;
  width: number;
}

export function Footer({
  model,
  context,
  elapsedMs,
  promptTokens,
  evalTokens,
  hint,
  notice,
  width,
}: FooterProps) {
  const theme = useTheme();
  const tokens = `${formatTokens(promptTokens)} in${evalTokens !== undefined ? ` / ${formatTokens(evalTokens)} out` : ''}`;
  const status = `${model} · ctx ${context ?? 'default'} · ${formatDuration(elapsedMs)} · ${tokens}`;
  return (
    <Box flexDirection="column" marginTop={1}>
      {notice ? (
        <Text color={theme.tone('warn')} wrap="wrap">
          {shownLine(notice)}
        </Text>
      ) : null}
      <Text color={theme.tone('muted')}>{truncate(status, width)}</Text>
      <Text color={theme.tone('accent')}>{truncate(hint, width)}</Text>
    </Box>
  );
}
