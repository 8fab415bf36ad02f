// One tool call: spinner while running, then ✓ or ✗, its duration and the one-line finding.
import { Box, Text } from 'ink';
import type { ToolCallView } from '../session/triageState.js';
import { formatDuration, truncate } from '../output/format.js';
import { Spinner } from './Spinner.js';
import { SYMBOLS, useTheme } from './theme.js';
import { shownLine } from './shown.js';

export interface ToolCallRowProps {
  call: ToolCallView;
  index: number;
  width: number;
  selected?: boolean;
}

export function ToolCallRow({ call, index, width, selected = false }: ToolCallRowProps) {
  // Only what the row shows is made safe (the finding through truncate): never the whole result text, per render.
  const tool = shownLine(call.tool);
  const theme = useTheme();
  const mark =
    call.status === 'running' ? (
      <Spinner />
    ) : (
      <Text color={theme.tone(call.status === 'ok' ? 'ok' : 'fail')}>
        {call.status === 'ok' ? SYMBOLS.ok : SYMBOLS.fail}
      </Text>
    );
  const head = `${selected ? SYMBOLS.pointer : ' '}${String(index + 1).padStart(2)} `;
  const duration = call.durationMs === undefined ? '' : ` ${formatDuration(call.durationMs)}`;
  const repeated = call.repeated ? ' (reused)' : '';
  const left = `${tool}${duration}${repeated}`;
  const finding = call.status === 'running' ? 'running…' : (call.finding ?? '');
  const room = Math.max(10, width - head.length - left.length - 5);
  return (
    <Box>
      <Text>{head}</Text>
      {mark}
      <Text>
        {' '}
        <Text bold={selected}>{tool}</Text>
        <Text color={theme.tone('muted')}>
          {duration}
          {repeated}
        </Text>
        {'  '}
        <Text color={call.status === 'failed' ? theme.tone('fail') : undefined}>
          {truncate(finding, room)}
        </Text>
      </Text>
    </Box>
  );
}
