// The bridge from the approval screen to the action layer (src/actions): plan, record the decision, execute, undo.
import type { Alert } from '../alerts/alert.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { LoadedKubeconfig } from '../cluster/kubeconfig.js';
import type { Settings } from '../config/settings.js';
import { approvePlan, rejectPlan } from '../actions/approval.js';
import { executePlan } from '../actions/execute.js';
import { ActionCluster } from '../actions/kube.js';
import { planAction, planRecord, type PlanContext } from '../actions/plan.js';
import type { Plan, PlanOverrides, PlanResult as ActionPlanResult } from '../actions/planTypes.js';
import { overrideFor } from '../actions/policy.js';
import type { VerifyOptions } from '../actions/verify.js';
import { assertNever } from '../agent/events.js';
import {
  initialExecution,
  type Decision,
  type ExecutionPhase,
  type ExecutionView,
  type PlanView,
  type StepStatus,
} from '../output/actionView.js';
import type { PlanResult } from '../output/session.js';
import { errorMessage } from '../errors.js';

export interface ActionBridgeOptions {
  kube: LoadedKubeconfig;
  settings: Settings;
  auditLog: AuditLog;
  /** How verification waits between looks (the demo advances the sandbox clock). */
  verify?: VerifyOptions;
}

export interface ActionBridge {
  /** The alert under triage: plans must target its object or something related to it. */
  setAlert(alert: Alert | undefined): void;
  plan(recommendation: Recommendation, signal: AbortSignal, overrides?: PlanOverrides): Promise<PlanResult>;
  /** Records the decision on a plan from the action layer; undefined when the view is not one of its plans. */
  decide(decision: Decision, plan: PlanView | undefined): Promise<string | undefined>;
  execute(plan: PlanView, signal: AbortSignal): AsyncIterable<ExecutionView>;
  rollback(plan: PlanView, signal: AbortSignal): Promise<PlanResult>;
}

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
    writes,
  };
}

function fromActionResult(result: ActionPlanResult, plans: Map<string, Plan>): PlanResult {
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

export function createActionBridge(options: ActionBridgeOptions): ActionBridge {
  const cluster = new ActionCluster(options.kube.kubeConfig);
  const plans = new Map<string, Plan>();
  const inverses = new Map<string, ActionPlanResult>();
  const approvals = new Map<string, ReturnType<typeof approvePlan>>();
  // What the human overrode for each plan: its approval says so, and a plan rebuilt before the write keeps it.
  const overridesOf = new Map<string, PlanOverrides>();
  const remember = (result: ActionPlanResult, overrides: PlanOverrides | undefined) => {
    if (result.plan && overrides) overridesOf.set(result.plan.id, overrides);
    return fromActionResult(result, plans);
  };
  let alert: Alert | undefined;
  const context = (): Omit<PlanContext, 'cluster' | 'auditLog'> => ({
    alert,
    policy: { protectedNamespaces: options.settings.protectedNamespaces },
  });

  return {
    setAlert(next) {
      alert = next;
    },

    async plan(recommendation, _signal, overrides) {
      try {
        const result = await planAction(recommendation, {
          ...context(),
          overrides,
          cluster,
          auditLog: options.auditLog,
        });
        return remember(result, overrides);
      } catch (error) {
        return { ok: false, error: errorMessage(error) };
      }
    },

    async decide(decision, view) {
      const plan = view?.id ? plans.get(view.id) : undefined;
      if (!plan) return undefined;
      switch (decision.kind) {
        case 'approved': {
          // executePlan writes the approval to the audit log itself, right before the first request.
          approvals.set(
            plan.id,
            approvePlan(plan, {
              confirmation: decision.confirmation,
              overrideUnrelated: overridesOf.get(plan.id)?.unrelatedTarget,
            }),
          );
          return plan.id;
        }
        case 'rejected': {
          const record = await options.auditLog.append({
            kind: 'action_decision',
            ...planRecord(plan),
            outcome: 'rejected',
            reason: decision.reason,
            by: rejectPlan(plan).by,
          });
          return record.id;
        }
        case 'quit': {
          const record = await options.auditLog.append({
            kind: 'action_decision',
            ...planRecord(plan),
            outcome: 'quit',
            by: rejectPlan(plan).by,
          });
          return record.id;
        }
        default:
          return assertNever(decision);
      }
    },

    async *execute(view, signal) {
      const plan = view.id ? plans.get(view.id) : undefined;
      let state = initialExecution();
      if (!plan) {
        yield {
          ...state,
          outcome: 'failed',
          message: 'this plan is not known to the action layer; plan again',
        };
        return;
      }
      state = setStep(state, 'dry-run', 'running');
      yield state;
      for await (const event of executePlan(plan, {
        approval: approvals.get(plan.id),
        cluster,
        auditLog: options.auditLog,
        signal,
        planContext: { ...context(), overrides: overridesOf.get(plan.id) },
        verify: { ...options.verify, signal },
      })) {
        switch (event.type) {
          case 'refused':
            state = {
              ...setStep(state, 'dry-run', 'failed', event.message),
              outcome: 'failed',
              message: event.message,
            };
            break;
          case 'conflict': {
            const rebuilt = remember(event.rebuilt, overridesOf.get(plan.id));
            state = {
              ...setStep(state, runningPhase(state), 'failed', 'the object changed after planning'),
              outcome: 'failed',
              message: rebuilt.ok
                ? event.message
                : `${event.message}; planning again failed: ${rebuilt.error}`,
              ...(rebuilt.ok ? { rebuilt: rebuilt.plan } : {}),
            };
            break;
          }
          case 'dry_run':
            state = setStep(state, 'dry-run', event.ok ? 'running' : 'failed', event.message);
            if (!event.ok) state = { ...state, outcome: 'failed', message: event.message };
            break;
          case 'applying':
            state = setStep(setStep(state, 'dry-run', 'ok'), 'apply', 'running', event.description);
            state = { ...state, auditId: event.auditId };
            break;
          case 'applied':
            state = setStep(state, 'apply', 'ok', event.message);
            break;
          case 'verifying':
            state = setStep(setStep(state, 'dry-run', 'ok'), 'apply', 'ok');
            state = setStep(state, 'rollout', 'running', event.message);
            break;
          case 'verified':
            state = setStep(setStep(state, 'rollout', 'ok'), 'verify', 'ok', event.message);
            state = { ...state, outcome: 'verified', message: event.message };
            break;
          case 'verification_failed': {
            state = setStep(setStep(state, 'rollout', 'failed'), 'verify', 'failed', event.message);
            if (event.inverse) inverses.set(plan.id, event.inverse);
            state = {
              ...state,
              outcome: 'failed',
              message: event.message,
              rollbackAvailable: Boolean(event.inverse?.ok),
            };
            break;
          }
          case 'failed': {
            state = setStep(state, runningPhase(state), 'failed', event.message);
            if (event.inverse) inverses.set(plan.id, event.inverse);
            state = {
              ...state,
              outcome: 'failed',
              message: event.message,
              rollbackAvailable: Boolean(event.inverse?.ok),
            };
            break;
          }
          default:
            assertNever(event);
        }
        yield state;
      }
      if (!state.outcome)
        yield { ...state, outcome: 'failed', message: 'execution stopped before verification' };
    },

    async rollback(view) {
      const inverse = view.id ? inverses.get(view.id) : undefined;
      if (!inverse) return { ok: false, error: 'no inverse plan is available for this action' };
      return fromActionResult(inverse, plans);
    },
  };
}
