// The human's decision on a plan: who decided (OS user and kube user), what they typed, written to the audit log.
import { userInfo } from 'node:os';
import type { AuditLog, AuditRecord } from '../audit/auditLog.js';
import { planRecord } from './plan.js';
import type { Approval, Decision, Plan } from './planTypes.js';

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export interface DecideOptions {
  /** The phrase the human typed for a protected namespace. */
  confirmation?: string;
  overrideUnrelated?: boolean;
  /** The parameters were edited by the human before approval; recorded as an `edited` decision. */
  edited?: boolean;
  now?: Date;
}

/**
 * The approval object executePlan requires. Only the interactive approval step calls this; non-interactive
 * runs have no way to answer, so they never get one.
 */
export function approvePlan(plan: Plan, options: DecideOptions = {}): Approval {
  return {
    planId: plan.id,
    outcome: 'approved',
    by: { osUser: osUser(), kubeUser: plan.context.kubeUser },
    at: (options.now ?? new Date()).toISOString(),
    ...(options.confirmation !== undefined ? { confirmation: options.confirmation } : {}),
    ...(options.overrideUnrelated ? { overrideUnrelated: true } : {}),
    ...(options.edited ? { edited: true } : {}),
  };
}

export function rejectPlan(plan: Plan, now = new Date()): Decision {
  return {
    planId: plan.id,
    outcome: 'rejected',
    by: { osUser: osUser(), kubeUser: plan.context.kubeUser },
    at: now.toISOString(),
  };
}

/** Records a decision (approved, rejected, edited) with the plan it answers. */
export function recordDecision(log: AuditLog, plan: Plan, decision: Decision): Promise<AuditRecord> {
  return log.append({
    kind: 'action_decision',
    ...planRecord(plan),
    outcome: decision.edited && decision.outcome === 'approved' ? 'edited' : decision.outcome,
    approved: decision.outcome === 'approved',
    by: decision.by,
    decidedAt: decision.at,
    confirmationTyped: decision.confirmation !== undefined,
  });
}

/** Why an approval does not let this plan run, or undefined when it does. */
export function approvalProblem(plan: Plan, approval: Approval | undefined): string | undefined {
  if (!approval) return 'no approval: nothing runs without an explicit approval from the human';
  if (approval.planId !== plan.id) return `the approval is for plan ${approval.planId}, not ${plan.id}`;
  if (approval.outcome !== 'approved') return `the plan was ${String(approval.outcome)}, not approved`;
  if (plan.confirmation && approval.confirmation?.trim() !== plan.confirmation.phrase) {
    return `${plan.confirmation.reason}; the typed confirmation did not match`;
  }
  const refused = plan.findings.find((f) => f.level === 'refuse');
  if (refused) return `the plan is refused: ${refused.message}`;
  return undefined;
}
