// After approval: dry-run → apply → rollout → verified (or failed, with the rollback offer) and the audit id.
import { Box, Text, useInput } from 'ink';
import { useCallback } from 'react';
import type { ExecutionView } from '../session/actionView.js';
import { Spinner } from './Spinner.js';
import { SYMBOLS, useTheme } from './theme.js';
import { useLatest } from './useLatest.js';
import { shown } from './shown.js';

export interface ExecutionProgressProps {
  execution: ExecutionView;
  isActive: boolean;
  onRollback?(): void;
  onDone?(): void;
}

const LABELS = { 'dry-run': 'dry-run', apply: 'apply', rollout: 'rollout', verify: 'verify' } as const;

export function ExecutionProgress({
  execution: untrusted,
  isActive,
  onRollback,
  onDone,
}: ExecutionProgressProps) {
  const execution = shown(untrusted);
  const theme = useTheme();
  const finished = execution.outcome !== undefined;
  const latest = useLatest({ rollbackAvailable: execution.rollbackAvailable, onRollback, onDone });
  const onKey = useCallback(
    (input: string) => {
      const { rollbackAvailable, onRollback, onDone } = latest.current;
      if (input === 'b' && rollbackAvailable) onRollback?.();
      if (input === 'q' || input === '\r') onDone?.();
    },
    [latest],
  );
  useInput(onKey, { isActive: isActive && finished });
  return (
    <Box flexDirection="column" marginTop={1}>
      {execution.steps.map((step) => (
        <Text key={step.phase}>
          {step.status === 'running' ? (
            <Spinner />
          ) : step.status === 'ok' ? (
            <Text color={theme.tone('ok')}>{SYMBOLS.ok}</Text>
          ) : step.status === 'failed' ? (
            <Text color={theme.tone('fail')}>{SYMBOLS.fail}</Text>
          ) : (
            <Text color={theme.tone('muted')}>{SYMBOLS.pending}</Text>
          )}{' '}
          {LABELS[step.phase].padEnd(8)}
          <Text color={theme.tone('muted')}>{step.detail ? ` ${step.detail}` : ''}</Text>
        </Text>
      ))}
      {execution.outcome === 'verified' ? (
        <Text bold color={theme.tone('ok')}>
          {SYMBOLS.ok} verified{execution.message ? `: ${execution.message}` : ''}
        </Text>
      ) : null}
      {execution.outcome === 'failed' ? (
        <Text bold color={theme.tone('fail')}>
          {SYMBOLS.fail} failed{execution.message ? `: ${execution.message}` : ''}
        </Text>
      ) : null}
      {execution.auditId ? <Text color={theme.tone('muted')}>audit record {execution.auditId}</Text> : null}
      {finished ? (
        <Text color={theme.tone('accent')}>
          {execution.rollbackAvailable ? '[b] roll back (asks for approval)  ' : ''}[q] quit
        </Text>
      ) : null}
    </Box>
  );
}
