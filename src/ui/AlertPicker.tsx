// The live list of firing alerts, most severe and oldest first: `/` filters, arrows + Enter pick, q quits.
import { Box, Text, useInput, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Alert } from '../alerts/alert.js';
import { sortForOnCall } from '../alerts/alertTable.js';
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
  /** `q` outside the filter field. */
  onQuit?(): void;
  /** Esc with no filter: back to where the list came from (the live list after a paste). */
  onBack?(): void;
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
  const { alerts, isActive, width, maxRows, onPick, onPaste, onQuit, onBack } = props;
  const theme = useTheme();
  const [filter, setFilterState] = useState('');
  const [typing, setTyping] = useState(false);
  const { onTextEntry } = props;
  useEffect(() => {
    onTextEntry?.(typing);
  }, [typing, onTextEntry]);
  // The selection is an alert (by fingerprint), never a row: alerts arriving, leaving or re-sorting do not move it.
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const sorted = useMemo(() => sortForOnCall(alerts), [alerts]);
  const visible = useMemo(() => sorted.filter((a) => matchesFilter(a, filter)), [sorted, filter]);
  const key = selectedKey ?? visible[0]?.fingerprint;
  const found = visible.findIndex((a) => a.fingerprint === key);
  // The chosen alert resolved: nothing is selected until the engineer chooses again, so Enter cannot hit a neighbour.
  const lastChosen = useRef<{ alert: Alert; index: number } | undefined>(undefined);
  const resolved =
    found < 0 && selectedKey !== undefined && !sorted.some((a) => a.fingerprint === selectedKey);
  if (found >= 0 && visible[found]) lastChosen.current = { alert: visible[found], index: found };
  const selected = found >= 0 ? found : resolved ? -1 : 0;
  // The first row shown is chosen as soon as it is drawn, so an alert arriving above it does not take its place.
  useEffect(() => {
    if (selectedKey === undefined && visible[0]) setSelectedKey(visible[0].fingerprint);
  }, [selectedKey, visible]);

  const latest = useLatest({ typing, selected, visible, filter, onPick, onPaste, onQuit, onBack });
  const setFilter = useCallback(
    (next: (f: string) => string) => {
      const value = next(latest.current.filter);
      latest.current.filter = value;
      setFilterState(value);
      // A new filter chooses its first match.
      setSelectedKey(undefined);
    },
    [latest],
  );
  const startTyping = useCallback(() => {
    latest.current.typing = true;
    setTyping(true);
  }, [latest]);
  const onKey = useCallback(
    (input: string, key: Key) => {
      const { typing, selected, visible, filter, onPick, onPaste, onQuit, onBack } = latest.current;
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
        const from = selected >= 0 ? selected : (lastChosen.current?.index ?? 0) - (key.downArrow ? 1 : 0);
        const next = Math.min(Math.max(from + (key.upArrow ? -1 : 1), 0), Math.max(visible.length - 1, 0));
        latest.current.selected = next;
        return setSelectedKey(visible[next]?.fingerprint);
      }
      if (typing) return;
      if (key.return) {
        const alert = selected >= 0 ? visible[selected] : undefined;
        if (alert) onPick(alert);
        return;
      }
      // A fast typist's `/crash` arrives as one chunk: the slash opens the field and the rest is the filter.
      if (input.startsWith('/')) {
        startTyping();
        const rest = input.slice(1);
        if (rest) setFilter((f) => f + rest);
        return;
      }
      if (key.escape) {
        if (filter) return setFilter(() => '');
        return onBack?.();
      }
      if (input === 'p' && onPaste) return onPaste();
      if (input === 'q' && onQuit) return onQuit();
    },
    [latest, setFilter, startTyping],
  );
  useInput(onKey, { isActive });

  const rows = Math.max(1, maxRows - (resolved ? 1 : 0));
  const anchor = selected >= 0 ? selected : (lastChosen.current?.index ?? 0);
  const start = Math.min(Math.max(0, anchor - rows + 1), Math.max(0, visible.length - rows));
  const shown = visible.slice(start, start + rows);
  const gone = resolved ? lastChosen.current?.alert : undefined;
  return (
    <Box flexDirection="column">
      <Text bold>
        Firing alerts <Text color={theme.tone('muted')}>from {safe(props.source)}</Text>{' '}
        {props.loading ? <Spinner /> : null}
      </Text>
      {props.error ? <Text color={theme.tone('fail')}>{safe(props.error)}</Text> : null}
      {typing || filter ? (
        <Text>
          /{safe(filter)}
          {typing ? <Text inverse> </Text> : null}
          <Text color={theme.tone('muted')}>
            {' '}
            {visible.length}/{alerts.length}
          </Text>
        </Text>
      ) : null}
      {gone ? (
        <Text color={theme.tone('warn')}>
          {truncate(`${gone.name} on ${formatAlertTarget(gone)} resolved — ↑↓ to choose another`, width)}
        </Text>
      ) : null}
      {visible.length === 0 && !props.loading ? (
        <Text color={theme.tone('muted')}>{emptyListText(alerts.length, props.error, Boolean(onPaste))}</Text>
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
        ↑↓ select · Enter triage · / filter{onPaste ? ' · p paste JSON' : ''}
        {onBack ? ' · Esc live list' : ''} · ? keys{onQuit ? ' · q quit' : ''}
      </Text>
    </Box>
  );
}

/** What an empty list says: with the source down, how to go on without it. */
function emptyListText(total: number, error: string | undefined, canPaste: boolean): string {
  if (total > 0) return 'no alert matches the filter';
  if (!error) return 'no firing alerts';
  return `no alerts to show: ${canPaste ? 'press p to paste alert JSON, or ' : ''}run kopilot triage --alert FILE`;
}
