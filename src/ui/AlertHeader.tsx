// The alert being triaged: name, severity, namespace/object, age, summary and its runbook and source links.
import { Box, Text } from 'ink';
import type { Alert } from '../alerts/alert.js';
import { alertHeadlineDetail, truncate } from '../output/format.js';
import { useTheme } from './theme.js';
import { shown } from './shown.js';

export interface AlertHeaderProps {
  alert: Alert;
  now?: number;
  width?: number;
}

export function AlertHeader({ alert: untrusted, now, width = 80 }: AlertHeaderProps) {
  const alert = shown(untrusted);
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text wrap="truncate-end">
        <Text bold color={theme.severity(alert.severity)}>
          {alert.severity.toUpperCase()}
        </Text>{' '}
        <Text bold>{alert.name}</Text>
        {alertHeadlineDetail(alert, now)}
      </Text>
      {alert.summary ? <Text color={theme.tone('muted')}>{truncate(alert.summary, width * 2)}</Text> : null}
      {alert.runbookUrl ? (
        <Text color={theme.tone('accent')}>{truncate(`runbook ${alert.runbookUrl}`, width)}</Text>
      ) : null}
      {alert.generatorUrl ? (
        <Text color={theme.tone('muted')}>{truncate(`source ${alert.generatorUrl}`, width)}</Text>
      ) : null}
    </Box>
  );
}
