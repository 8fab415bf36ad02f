// The tool calls still running (finished ones live in <Static>), with the expanded result of the selected call.
import { Box, Text } from 'ink';
import type { ToolCallView } from '../session/triageState.js';
import { ToolCallRow } from './ToolCallRow.js';
import { useTheme } from './theme.js';
import { shownLine } from './shown.js';

export interface ToolCallListProps {
  calls: ToolCallView[];
  /** Index of each call in the whole list, so numbers stay stable when finished calls move to <Static>. */
  firstIndex?: number;
  width: number;
  selectedId?: string;
}

export function ToolCallList({ calls, firstIndex = 0, width, selectedId }: ToolCallListProps) {
  if (calls.length === 0) return null;
  return (
    <Box flexDirection="column">
      {calls.map((call, i) => (
        <ToolCallRow
          key={call.id}
          call={call}
          index={firstIndex + i}
          width={width}
          selected={call.id === selectedId}
        />
      ))}
    </Box>
  );
}

export interface ToolResultViewProps {
  call: ToolCallView;
  index: number;
  maxLines: number;
  width: number;
}

/** A call's full result, sliced to the room left on screen. */
export function ToolResultView({ call, index, maxLines, width }: ToolResultViewProps) {
  const theme = useTheme();
  const lines = (call.text ?? '(no result yet)').split('\n').map(shownLine);
  const shown = lines.slice(0, Math.max(1, maxLines));
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.tone('muted')} width={width}>
      <Text bold>
        #{index + 1} {call.tool} {shownLine(JSON.stringify(call.arguments))}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {hidden > 0 ? <Text color={theme.tone('muted')}>… {hidden} more lines</Text> : null}
    </Box>
  );
}
