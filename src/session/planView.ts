// The action layer's plan as the approval screen, the report and the JSON show it (src/session): a PlanView.
import type { Plan, PlanResult as ActionPlanResult } from '../actions/planTypes.js';
import { overrideFor } from '../actions/policy.js';
import type { PlanView } from './actionView.js';
import type { PlanResult } from './session.js';

/** The action layer's plan as the approval screen shows it. */
export function planView(plan: Plan, refusal?: string): PlanView {
  const finding = (check: string) => plan.findings.filter((f) => f.check === check);
  const dryRun = finding('dry_run');
  const capacity = finding('capacity');
  const refusedBy = plan.findings.find((f) => f.level === 'refuse');
  const writes = plan.steps.some(
    (s) => s.kind === 'patch' || s.kind === 'delete_pod' || s.kind === 'evict_pod',
  );
  return {
    id: plan.id,
    action: plan.action,
    target: {
      kind: plan.target.kind,
      name: plan.target.name,
      ...(plan.target.namespace ? { namespace: plan.target.namespace } : {}),
    },
    summary: plan.summary,
    changes: plan.changes,
    dryRun: dryRun.length
      ? { ok: dryRun.every((f) => f.level !== 'refuse'), summary: dryRun.map((f) => f.message).join('; ') }
      : undefined,
    capacity: capacity.length
      ? {
          ok: capacity.every((f) => f.level !== 'refuse' && !f.unknown),
          ...(capacity.some((f) => f.unknown) ? { unknown: true } : {}),
          summary: capacity.map((f) => f.message).join('; '),
        }
      : undefined,
    risk: plan.risk,
    destructive: plan.destructive,
    protectedNamespace: plan.findings.some((f) => f.check === 'protected_namespace' && f.level === 'confirm'),
    confirmationText: plan.confirmation?.phrase ?? plan.target.name,
    warnings: plan.findings
      .filter((f) => (f.level === 'warning' || f.level === 'confirm') && f.check !== 'capacity')
      .map((f) => f.message),
    refused: refusal ?? refusedBy?.message,
    ...((refusal ?? refusedBy) ? { overridable: overrideFor(plan.findings) } : {}),
    context: plan.context.name,
    server: plan.context.server,
    kubectl: plan.kubectl,
    writes,
  };
}

/** The planner's answer as a session result; every plan it built is kept in `plans` for decide and execute. */
export function sessionPlanResult(result: ActionPlanResult, plans: Map<string, Plan>): PlanResult {
  if (result.ok) {
    plans.set(result.plan.id, result.plan);
    return { ok: true, plan: planView(result.plan) };
  }
  // A refusal that still built a plan shows its diff next to the reason; approval is not offered.
  if (result.plan) {
    plans.set(result.plan.id, result.plan);
    return { ok: true, plan: planView(result.plan, result.message) };
  }
  return { ok: false, error: result.message };
}
