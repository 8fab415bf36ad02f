// How one finished thing looks once it has moved into <Static>: the alert, a tool call, a model turn, a note.
import { Box, Text } from 'ink';
import type { TriageState } from '../session/triageState.js';
import { AlertHeader } from './AlertHeader.js';
import { ToolCallRow } from './ToolCallRow.js';
import type { StaticItem } from './useTriageRun.js';
import { tailLines } from './ModelStream.js';
import { useTheme } from './theme.js';
import { shownLine } from './shown.js';

export interface StaticItemViewProps {
  item: StaticItem;
  state: TriageState;
  width: number;
}

/** A finished model turn keeps at most this many lines in the scrollback. */
const TURN_LINES = 20;

export function StaticItemView({ item, state, width }: StaticItemViewProps) {
  const theme = useTheme();
  switch (item.kind) {
    case 'alert':
      return <AlertHeader alert={item.alert} width={width} />;
    case 'call': {
      const call = state.toolCalls.find((c) => c.id === item.callId);
      return call ? <ToolCallRow call={call} index={item.index} width={width} /> : null;
    }
    case 'turn': {
      const { lines, hidden } = tailLines(item.text, width - 4, TURN_LINES);
      return (
        <Box flexDirection="column" marginLeft={2} marginY={1}>
          <Text color={theme.tone('muted')}>
            {shownLine(item.model || 'model')} (turn {item.turn})
            {hidden > 0 ? ` … ${hidden} earlier lines` : ''}
          </Text>
          {lines.map((line, i) => (
            <Text key={i}>{line}</Text>
          ))}
        </Box>
      );
    }
    case 'note':
      return <Text color={theme.tone(item.tone)}>! {shownLine(item.text)}</Text>;
  }
}
