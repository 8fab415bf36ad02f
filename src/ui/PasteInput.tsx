// Paste mode: alert JSON as it comes from a terminal (bracketed paste), validated as it arrives, errors inline.
import { Box, Text, useInput, type Key } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useLatest } from './useLatest.js';
import type { Alert } from '../alerts/alert.js';
import { truncate } from '../output/format.js';
import { SYMBOLS, useTheme } from './theme.js';
import type { AlertParseResult } from '../session/session.js';

export interface PasteInputProps {
  parse(text: string): AlertParseResult;
  isActive: boolean;
  width: number;
  maxLines: number;
  onSubmit(alerts: Alert[]): void;
  onCancel(): void;
}

// eslint-disable-next-line no-control-regex -- the bracketed-paste markers start with ESC
const PASTE_MARKERS = /\u001b?\[20[01]~/g;

export function PasteInput({ parse, isActive, width, maxLines, onSubmit, onCancel }: PasteInputProps) {
  const theme = useTheme();
  const [text, setTextState] = useState('');
  const result = useMemo(() => (text.trim() ? parse(text) : undefined), [text, parse]);
  // A paste and the Enter after it can arrive before a re-render: the handler works on a ref.
  const textRef = useRef('');
  const setText = useCallback((next: (t: string) => string) => {
    textRef.current = next(textRef.current);
    setTextState(textRef.current);
  }, []);
  const latest = useLatest({ parse, onSubmit, onCancel });

  const onKey = useCallback(
    (input: string, key: Key) => {
      const { parse, onSubmit, onCancel } = latest.current;
      const parsed = () => (textRef.current.trim() ? parse(textRef.current) : undefined);
      if (key.escape && !input.replace(PASTE_MARKERS, '')) return onCancel();
      if (key.ctrl && input === 'd') {
        const result = parsed();
        if (result?.ok) onSubmit(result.alerts);
        return;
      }
      if (key.ctrl && input === 'u') return setText(() => '');
      if (key.return && input.length <= 1) {
        const result = parsed();
        if (result?.ok) return onSubmit(result.alerts);
        return setText((t) => `${t}\n`);
      }
      if (key.backspace || key.delete) return setText((t) => t.slice(0, -1));
      if (key.ctrl || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      const chunk = input.replace(PASTE_MARKERS, '').replace(/\r\n?/g, '\n');
      if (chunk) setText((t) => t + chunk);
    },
    [latest, setText],
  );
  useInput(onKey, { isActive });

  const lines = text.split('\n');
  const shown = lines.slice(-Math.max(1, maxLines));
  return (
    <Box flexDirection="column">
      <Text bold>Paste alert JSON (webhook payload, API v2 alert(s), or labels/annotations)</Text>
      <Box flexDirection="column" borderStyle="single" borderColor={theme.tone('muted')}>
        {lines.length > shown.length ? (
          <Text color={theme.tone('muted')}>… {lines.length - shown.length} lines above</Text>
        ) : null}
        {shown.map((line, i) => (
          <Text key={i}>{truncate(line, Math.max(10, width - 4)) || ' '}</Text>
        ))}
      </Box>
      {result === undefined ? <Text color={theme.tone('muted')}>waiting for JSON…</Text> : null}
      {result && !result.ok ? (
        <Text color={theme.tone('fail')}>
          {SYMBOLS.fail} {result.error}
        </Text>
      ) : null}
      {result?.ok ? (
        <Text color={theme.tone('ok')}>
          {SYMBOLS.ok} {result.alerts.length} alert{result.alerts.length === 1 ? '' : 's'}:{' '}
          {result.alerts.map((a) => a.name).join(', ')} — Enter to continue
        </Text>
      ) : null}
      <Text color={theme.tone('accent')}>Enter continue when valid · Ctrl+U clear · Esc back</Text>
    </Box>
  );
}
