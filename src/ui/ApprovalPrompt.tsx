// The decision: a approve, r reject (with an optional reason), e edit parameters, d details, q quit;
// destructive, high-risk and protected-namespace plans are approved only by typing the target's name, and so is
// overriding (o) a refusal a human may override (target unrelated to the alert, capacity short).
import { Box, Text, useInput, type Key } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { needsTypedConfirmation, type PlanView } from '../session/actionView.js';
import { formatParameters } from '../output/format.js';
import { parseParameterText } from '../output/editParameters.js';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';
import { useLatest } from './useLatest.js';
import { shownLine } from './shown.js';

export interface ApprovalPromptProps {
  plan?: PlanView;
  parameters: Record<string, unknown>;
  isActive: boolean;
  /** Shown under the prompt, e.g. why edited parameters were refused. */
  message?: string;
  /** With the typed text when the plan needed a typed confirmation. */
  onApprove(confirmation?: string): void;
  onReject(reason?: string): void;
  onEdit(parameters: Record<string, unknown>): void;
  onDetails(): void;
  onQuit(): void;
  /** The human typed the target's name to override the plan's refusal: plan again without it. */
  onOverride?(): void;
  /** Tells the app a text field has focus, so its own keys (?, x, q) stay out of the way. */
  onTextEntry?(active: boolean): void;
}

type Mode = 'menu' | 'confirm' | 'reason' | 'edit' | 'override';

const OVERRIDE_WHAT = {
  unrelatedTarget: 'the target is not related to the alert',
  capacity: 'the nodes lack the capacity',
} as const;

export function ApprovalPrompt(props: ApprovalPromptProps) {
  const { plan, parameters, isActive, onApprove, onReject, onEdit, onDetails, onQuit } = props;
  const theme = useTheme();
  const [mode, setMode] = useState<Mode>('menu');
  const { onTextEntry } = props;
  useEffect(() => {
    onTextEntry?.(mode !== 'menu');
  }, [mode, onTextEntry]);
  useEffect(() => () => onTextEntry?.(false), [onTextEntry]);
  const [note, setNote] = useState<string | undefined>();
  const canApprove = plan !== undefined && plan.refused === undefined && plan.dryRun?.ok !== false;

  // Keys can arrive before the effect that re-subscribes a new handler: read the latest props through a ref.
  const canOverride = plan?.overridable !== undefined && props.onOverride !== undefined;
  const latest = useLatest({ canApprove, canOverride, plan, onApprove, onDetails, onQuit });
  const onMenuKey = useCallback(
    (input: string, _key: Key) => {
      const { canApprove, canOverride, plan, onApprove, onDetails, onQuit } = latest.current;
      setNote(undefined);
      if (input === 'a') {
        if (!canApprove) {
          return setNote(
            canOverride
              ? 'cannot approve a refused plan: o overrides the refusal (you type the name)'
              : 'cannot approve: the plan was refused or its dry-run failed',
          );
        }
        if (plan && needsTypedConfirmation(plan)) return setMode('confirm');
        return onApprove(undefined);
      }
      if (input === 'r') return setMode('reason');
      if (input === 'e') return setMode('edit');
      if (input === 'd') return onDetails();
      if (input === 'q') return onQuit();
      if (input === 'o' && canOverride) return setMode('override');
    },
    [latest],
  );
  useInput(onMenuKey, { isActive: isActive && mode === 'menu' });

  const back = useCallback(() => setMode('menu'), []);
  const confirm = useCallback(
    (typed: string) => {
      if (typed.trim() === plan?.confirmationText) return onApprove(typed.trim());
      setMode('menu');
      setNote(`"${typed}" does not match ${plan?.confirmationText ?? ''}: not approved`); // shown escaped below
    },
    [plan, onApprove],
  );
  const { onOverride } = props;
  const override = useCallback(
    (typed: string) => {
      setMode('menu');
      if (typed.trim() === plan?.target.name) return onOverride?.();
      setNote(`"${typed}" does not match ${plan?.target.name ?? ''}: the refusal stands`);
    },
    [plan, onOverride],
  );
  const reject = useCallback((reason: string) => onReject(reason.trim() || undefined), [onReject]);
  const edit = useCallback(
    (text: string) => {
      const parsed = parseParameterText(text);
      setMode('menu');
      if (!parsed.ok) return setNote(`not changed: ${parsed.error}`);
      onEdit(parsed.parameters);
    },
    [onEdit],
  );

  return (
    <Box flexDirection="column" marginTop={1}>
      {mode === 'menu' ? (
        <Text>
          <Text bold color={canApprove ? theme.tone('ok') : theme.tone('muted')}>
            [a]
          </Text>{' '}
          approve{'  '}
          <Text bold color={theme.tone('fail')}>
            [r]
          </Text>{' '}
          reject{'  '}
          <Text bold>[e]</Text> edit{'  '}
          <Text bold>[d]</Text> details{'  '}
          <Text bold>[q]</Text> quit
          {canOverride ? (
            <Text>
              {'  '}
              <Text bold color={theme.tone('warn')}>
                [o]
              </Text>{' '}
              override
            </Text>
          ) : null}
        </Text>
      ) : null}
      {mode === 'override' && plan?.overridable ? (
        <Box flexDirection="column">
          <Text color={theme.tone('warn')}>
            Refused because {OVERRIDE_WHAT[plan.overridable]}. Overriding is recorded in the audit log; the
            plan is checked and dry-run again.
          </Text>
          <TextInput
            label={`Type ${shownLine(plan.target.name)} to override:`}
            isActive={isActive}
            onSubmit={override}
            onCancel={back}
          />
        </Box>
      ) : null}
      {mode === 'confirm' && plan ? (
        <Box flexDirection="column">
          <Text color={theme.tone('warn')}>
            This action is{' '}
            {plan.destructive
              ? 'destructive'
              : plan.risk === 'high'
                ? 'high-risk'
                : 'in a protected namespace'}
            .
          </Text>
          <TextInput
            label={`Type ${shownLine(plan.confirmationText ?? '')} to approve:`}
            isActive={isActive}
            onSubmit={confirm}
            onCancel={back}
          />
        </Box>
      ) : null}
      {mode === 'reason' ? (
        <TextInput
          label="Reject. Reason (optional, Enter):"
          isActive={isActive}
          onSubmit={reject}
          onCancel={back}
        />
      ) : null}
      {mode === 'edit' ? (
        <TextInput
          label="Parameters:"
          initial={formatParameters(parameters)}
          isActive={isActive}
          onSubmit={edit}
          onCancel={back}
        />
      ) : null}
      {note ? <Text color={theme.tone('warn')}>{shownLine(note)}</Text> : null}
      {props.message ? <Text color={theme.tone('warn')}>{shownLine(props.message)}</Text> : null}
    </Box>
  );
}
