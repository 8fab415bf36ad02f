// The live list of firing alerts: severity colour, name, target, age, summary; `/` filters, arrows + Enter pick.
import { Box, Text, useInput, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Alert } from '../alerts/alert.js';
import { alertListLine, formatAlertTarget, truncate } from '../output/format.js';
import { Spinner } from './Spinner.js';
import { SYMBOLS, useTheme } from './theme.js';
import { useLatest } from './useLatest.js';
import { shown as safe } from './shown.js';

export interface AlertPickerProps {
  alerts: Alert[];
  /** Where the alerts come from, e.g. the AlertManager URL or the file name. */
  source: string;
  loading?: boolean;
  error?: string;
  isActive: boolean;
  width: number;
  maxRows: number;
  now?: number;
  onPick(alert: Alert): void;
  /** `p` switches to paste mode; absent when the list came from a file. */
  onPaste?(): void;
  /** Tells the app the filter field has focus. */
  onTextEntry?(active: boolean): void;
}

export function matchesFilter(alert: Alert, filter: string): boolean {
  if (!filter) return true;
  const haystack = [alert.name, alert.severity, formatAlertTarget(alert), alert.summary ?? '']
    .join(' ')
    .toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export function AlertPicker(props: AlertPickerProps) {
  const { alerts, isActive, width, maxRows, onPick, onPaste } = props;
  const theme = useTheme();
  const [filter, setFilter] = useState('');
  const [typing, setTyping] = useState(false);
  const { onTextEntry } = props;
  useEffect(() => {
    onTextEntry?.(typing);
  }, [typing, onTextEntry]);
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const visible = useMemo(() => alerts.filter((a) => matchesFilter(a, filter)), [alerts, filter]);
  // Selection follows the alert (by fingerprint), so alerts arriving or leaving do not move it.
  const found = visible.findIndex((a) => a.fingerprint === selectedKey);
  const selected = found >= 0 ? found : 0;

  const latest = useLatest({ typing, selected, visible, filter, onPick, onPaste });
  const onKey = useCallback(
    (input: string, key: Key) => {
      const { typing, selected, visible, filter, onPick, onPaste } = latest.current;
      if (typing) {
        if (key.return || key.escape) {
          latest.current.typing = false;
          return setTyping(false);
        }
        if (key.backspace || key.delete) return setFilter((f) => f.slice(0, -1));
        if (!key.ctrl && !key.meta && input && !key.upArrow && !key.downArrow)
          return setFilter((f) => f + input);
      }
      if (key.upArrow || key.downArrow) {
        const next = Math.min(
          Math.max(selected + (key.upArrow ? -1 : 1), 0),
          Math.max(visible.length - 1, 0),
        );
        latest.current.selected = next;
        return setSelectedKey(visible[next]?.fingerprint);
      }
      if (typing) return;
      if (key.return) {
        const alert = visible[selected];
        if (alert) onPick(alert);
        return;
      }
      if (input === '/') {
        latest.current.typing = true;
        return setTyping(true);
      }
      if (key.escape && filter) return setFilter('');
      if (input === 'p' && onPaste) return onPaste();
    },
    [latest],
  );
  useInput(onKey, { isActive });

  const rows = Math.max(1, maxRows);
  const start = Math.min(Math.max(0, selected - rows + 1), Math.max(0, visible.length - rows));
  const shown = visible.slice(start, start + rows);
  return (
    <Box flexDirection="column">
      <Text bold>
        Firing alerts <Text color={theme.tone('muted')}>from {props.source}</Text>{' '}
        {props.loading ? <Spinner /> : null}
      </Text>
      {props.error ? <Text color={theme.tone('fail')}>{safe(props.error)}</Text> : null}
      {typing || filter ? (
        <Text>
          /{filter}
          {typing ? <Text inverse> </Text> : null}
          <Text color={theme.tone('muted')}>
            {' '}
            {visible.length}/{alerts.length}
          </Text>
        </Text>
      ) : null}
      {visible.length === 0 && !props.loading ? (
        <Text color={theme.tone('muted')}>
          {alerts.length === 0 ? 'no firing alerts' : 'no alert matches the filter'}
        </Text>
      ) : null}
      {shown.map((alert, i) => {
        const isSelected = start + i === selected;
        const line = alertListLine(safe(alert), props.now);
        return (
          <Text key={alert.fingerprint} inverse={isSelected && theme.color}>
            {isSelected ? SYMBOLS.pointer : ' '}{' '}
            <Text color={theme.severity(alert.severity)}>{safe(alert.severity).slice(0, 4).padEnd(4)}</Text>{' '}
            {truncate(line, Math.max(10, width - 8))}
          </Text>
        );
      })}
      <Text color={theme.tone('accent')}>
        ↑↓ select · Enter triage · / filter{onPaste ? ' · p paste JSON' : ''} · ? keys
      </Text>
    </Box>
  );
}
