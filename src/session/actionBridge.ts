// The session's side of the action layer (src/session): plan a recommendation, record the decision, execute, undo.
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
import type { VerifyOptions } from '../actions/verify.js';
import { assertNever } from '../agent/events.js';
import { errorMessage } from '../errors.js';
import { initialExecution, type Decision, type ExecutionView, type PlanView } from './actionView.js';
import { progressAfter, startedExecution } from './executionProgress.js';
import { sessionPlanResult } from './planView.js';
import type { PlanResult } from './session.js';

export interface ActionBridgeOptions {
  kube: LoadedKubeconfig;
  settings: Pick<Settings, 'protectedNamespaces'>;
  /** Where decisions and writes are recorded, and the cooldown history is read from. */
  auditLog?: AuditLog;
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

export function createActionBridge(options: ActionBridgeOptions): ActionBridge {
  const cluster = new ActionCluster(options.kube.kubeConfig);
  const plans = new Map<string, Plan>();
  const inverses = new Map<string, ActionPlanResult>();
  const approvals = new Map<string, ReturnType<typeof approvePlan>>();
  // What the human overrode for each plan: its approval says so, and a plan rebuilt before the write keeps it.
  const overridesOf = new Map<string, PlanOverrides>();
  const remember = (result: ActionPlanResult, overrides: PlanOverrides | undefined) => {
    if (result.plan && overrides) overridesOf.set(result.plan.id, overrides);
    return sessionPlanResult(result, plans);
  };
  let alert: Alert | undefined;
  const context = (): Omit<PlanContext, 'cluster' | 'auditLog'> => ({
    alert,
    policy: { protectedNamespaces: options.settings.protectedNamespaces },
  });
  const auditLog = (): AuditLog => {
    if (!options.auditLog) throw new Error('this session has no audit log: nothing can be decided');
    return options.auditLog;
  };

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
        case 'rejected':
        case 'quit': {
          const record = await auditLog().append({
            kind: 'action_decision',
            ...planRecord(plan),
            outcome: decision.kind,
            ...(decision.kind === 'rejected' ? { reason: decision.reason } : {}),
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
      state = startedExecution();
      yield state;
      for await (const event of executePlan(plan, {
        approval: approvals.get(plan.id),
        cluster,
        auditLog: auditLog(),
        signal,
        planContext: { ...context(), overrides: overridesOf.get(plan.id) },
        verify: { ...options.verify, signal },
      })) {
        if ((event.type === 'verification_failed' || event.type === 'failed') && event.inverse)
          inverses.set(plan.id, event.inverse);
        const rebuilt =
          event.type === 'conflict' ? remember(event.rebuilt, overridesOf.get(plan.id)) : undefined;
        state = progressAfter(state, event, rebuilt);
        yield state;
      }
      if (!state.outcome)
        yield { ...state, outcome: 'failed', message: 'execution stopped before verification' };
    },

    async rollback(view) {
      const inverse = view.id ? inverses.get(view.id) : undefined;
      if (!inverse) return { ok: false, error: 'no inverse plan is available for this action' };
      return sessionPlanResult(inverse, plans);
    },
  };
}
