// A plan, a decision and an execution as every front end sees them (src/session): plain data, no cluster types.
import type { PlanOverrides } from '../actions/planTypes.js';
import type { RecommendationTarget } from '../proposal/recommendation.js';

export type { PlanOverrides };

export type RiskLevel = 'low' | 'medium' | 'high';

/** One field the plan changes, before → after, for the diff. */
export interface PlanChange {
  object: string;
  field: string;
  before: string;
  after: string;
}

/** The result of a check done before the human decides (server-side dry-run, node capacity, policy). */
export interface CheckView {
  ok: boolean;
  /** The check could not be made: shown as unknown, never as ok. */
  unknown?: boolean;
  summary: string;
}

/** How a check reads in text: ok, not ok, or unknown when it could not be made. */
export function checkVerdict(check: CheckView): 'ok' | 'not ok' | 'unknown' {
  return check.unknown ? 'unknown' : check.ok ? 'ok' : 'not ok';
}

export interface PlanView {
  /** The action layer's plan id, when the plan came from it. */
  id?: string;
  action: string;
  target: RecommendationTarget;
  summary: string;
  changes: PlanChange[];
  dryRun?: CheckView;
  capacity?: CheckView;
  risk: RiskLevel;
  destructive: boolean;
  protectedNamespace: boolean;
  /** Destructive, high-risk or protected-namespace plans are approved only by typing this text. */
  confirmationText?: string;
  warnings: string[];
  /** Set when policy refuses the plan outright: approval is not offered. */
  refused?: string;
  /** The refusal is one a human may override (by typing the target's name); the plan is then made again. */
  overridable?: keyof PlanOverrides;
  /** The kubeconfig context the action would run with. */
  context?: string;
  /** The API server of that context, so the report says which cluster. */
  server?: string;
  /** The same change as kubectl (or amtool) command lines to paste or run by hand; empty when none applies. */
  kubectl: string[];
  /** An action with nothing to write (escalate, collect diagnostics): approval runs no cluster write. */
  writes: boolean;
}

export type ExecutionPhase = 'dry-run' | 'apply' | 'rollout' | 'verify';
export type StepStatus = 'pending' | 'running' | 'ok' | 'failed' | 'skipped';

export interface ExecutionStep {
  phase: ExecutionPhase;
  status: StepStatus;
  detail?: string;
}

export interface ExecutionView {
  steps: ExecutionStep[];
  outcome?: 'verified' | 'failed';
  message?: string;
  auditId?: string;
  /** When verification failed and the inverse plan can be offered. */
  rollbackAvailable: boolean;
  /** The object changed after planning: nothing was written; this rebuilt plan needs a new decision. */
  rebuilt?: PlanView;
}

export const EXECUTION_PHASES: ExecutionPhase[] = ['dry-run', 'apply', 'rollout', 'verify'];

export function initialExecution(): ExecutionView {
  return { steps: EXECUTION_PHASES.map((phase) => ({ phase, status: 'pending' })), rollbackAvailable: false };
}

export function needsTypedConfirmation(plan: PlanView): boolean {
  return (
    plan.confirmationText !== undefined &&
    (plan.destructive || plan.risk === 'high' || plan.protectedNamespace)
  );
}

/** What the human decided at the approval step, as recorded in the audit log and the report. */
export type Decision =
  | { kind: 'approved'; parameters: Record<string, unknown>; edited: boolean; confirmation?: string }
  | { kind: 'rejected'; reason?: string }
  | { kind: 'quit' };
