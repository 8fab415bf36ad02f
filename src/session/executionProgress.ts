// Folds the action layer's execution events into the progress every front end shows (src/session): an ExecutionView.
import type { ActionEvent } from '../actions/events.js';
import { assertNever } from '../agent/events.js';
import { initialExecution, type ExecutionPhase, type ExecutionView, type StepStatus } from './actionView.js';
import type { PlanResult } from './session.js';

function setStep(
  view: ExecutionView,
  phase: ExecutionPhase,
  status: StepStatus,
  detail?: string,
): ExecutionView {
  return {
    ...view,
    steps: view.steps.map((step) =>
      step.phase === phase ? { ...step, status, ...(detail !== undefined ? { detail } : {}) } : step,
    ),
  };
}

function runningPhase(view: ExecutionView): ExecutionPhase {
  return view.steps.find((s) => s.status === 'running')?.phase ?? 'dry-run';
}

/** The progress once the executor has the plan: the dry run is the first step. */
export function startedExecution(): ExecutionView {
  return setStep(initialExecution(), 'dry-run', 'running');
}

/** The progress after one event; `rebuilt` is the plan made again after a conflict. Pure. */
export function progressAfter(state: ExecutionView, event: ActionEvent, rebuilt?: PlanResult): ExecutionView {
  switch (event.type) {
    case 'refused':
      return {
        ...setStep(state, 'dry-run', 'failed', event.message),
        outcome: 'failed',
        message: event.message,
      };
    case 'conflict':
      return {
        ...setStep(state, runningPhase(state), 'failed', 'the object changed after planning'),
        outcome: 'failed',
        message:
          rebuilt && !rebuilt.ok
            ? `${event.message}; planning again failed: ${rebuilt.error}`
            : event.message,
        ...(rebuilt?.ok ? { rebuilt: rebuilt.plan } : {}),
      };
    case 'dry_run': {
      const next = setStep(state, 'dry-run', event.ok ? 'running' : 'failed', event.message);
      return event.ok ? next : { ...next, outcome: 'failed', message: event.message };
    }
    case 'applying':
      return {
        ...setStep(setStep(state, 'dry-run', 'ok'), 'apply', 'running', event.description),
        auditId: event.auditId,
      };
    case 'applied':
      return setStep(state, 'apply', 'ok', event.message);
    case 'verifying':
      return setStep(
        setStep(setStep(state, 'dry-run', 'ok'), 'apply', 'ok'),
        'rollout',
        'running',
        event.message,
      );
    case 'verified':
      return {
        ...setStep(setStep(state, 'rollout', 'ok'), 'verify', 'ok', event.message),
        outcome: 'verified',
        message: event.message,
      };
    case 'verification_failed':
      return {
        ...setStep(setStep(state, 'rollout', 'failed'), 'verify', 'failed', event.message),
        outcome: 'failed',
        message: event.message,
        rollbackAvailable: Boolean(event.inverse?.ok),
      };
    case 'failed':
      return {
        ...setStep(state, runningPhase(state), 'failed', event.message),
        outcome: 'failed',
        message: event.message,
        rollbackAvailable: Boolean(event.inverse?.ok),
      };
    default:
      return assertNever(event);
  }
}
