// The bridge from the approval screen to the action layer (src/actions): plan, record the decision, execute.
import type { Recommendation } from '../agent/recommendation.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { LoadedKubeconfig } from '../cluster/kubeconfig.js';
import type { Settings } from '../config/settings.js';
import type { Decision, ExecutionView, PlanView } from '../output/actionView.js';
import type { PlanResult } from '../output/session.js';

export interface ActionBridgeOptions {
  kube: LoadedKubeconfig;
  settings: Settings;
  auditLog: AuditLog;
}

export interface ActionBridge {
  plan(recommendation: Recommendation, signal: AbortSignal): Promise<PlanResult>;
  /** Records the decision through the action layer; undefined when it has no record of its own for it. */
  decide(
    decision: Decision,
    plan: PlanView | undefined,
    by: { osUser: string; kubeUser: string },
  ): Promise<string | undefined>;
  execute(plan: PlanView, signal: AbortSignal): AsyncIterable<ExecutionView>;
  rollback(plan: PlanView, signal: AbortSignal): Promise<PlanResult>;
}

const NOT_BUILT = 'action planning and execution are not built yet (issue #7)';

export function createActionBridge(_options: ActionBridgeOptions): ActionBridge {
  return {
    plan: async () => ({ ok: false, error: NOT_BUILT }),
    decide: async () => undefined,
    // eslint-disable-next-line require-yield -- refuses before yielding anything
    async *execute() {
      throw new Error(NOT_BUILT);
    },
    rollback: async () => ({ ok: false, error: NOT_BUILT }),
  };
}
