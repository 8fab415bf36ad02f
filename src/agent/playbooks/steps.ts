// Evidence steps, typed against each tool's zod input: a step passing an argument its tool does not take fails tsc.
import type { Alert } from '../../alerts/alert.js';
import type { ToolArguments, ToolName } from '../../mcp/tools/index.js';
import type { ResolvedTarget } from './target.js';

export interface EvidenceStep {
  tool: ToolName;
  /** The call's arguments from the alert's target, or undefined when the target lacks what the call needs. */
  args: (target: ResolvedTarget, alert: Alert) => Record<string, unknown> | undefined;
}

/** Argument names in R (each branch of it) that the tool's input S does not have. */
type UnknownArguments<R, S> = R extends object ? Exclude<keyof R, keyof S> : never;

/**
 * One evidence step: `step('get_events', (t) => ({ namespace: t.namespace, object_name: t.pod }))`. TypeScript does
 * not check returned object literals for extra properties, so an argument the tool does not take makes the call
 * demand a third parameter naming it, which no caller passes: the step fails tsc.
 */
export function step<T extends ToolName, R extends ToolArguments<T> | undefined>(
  tool: T,
  args: (target: ResolvedTarget, alert: Alert) => R,
  ...unknownArguments: [UnknownArguments<R, ToolArguments<T>>] extends [never]
    ? []
    : [notArgumentsOfTool: UnknownArguments<R, ToolArguments<T>>]
): EvidenceStep {
  void unknownArguments;
  return { tool, args: (target, alert) => withoutUndefined(args(target, alert)) };
}

/** Optional arguments left undefined are left out, so identical calls compare equal. */
function withoutUndefined(args: object | undefined): Record<string, unknown> | undefined {
  if (!args) return undefined;
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}

// Steps, named in the on-call engineer's words; each returns undefined when its target part is unknown.
export const podStatus = step('get_pod_status', (t) =>
  t.namespace && t.pod ? { namespace: t.namespace, pod_name: t.pod } : undefined,
);

export const nodeCapacity = (resource: 'memory' | 'cpu' | 'storage' | 'pods'): EvidenceStep =>
  step('check_node_capacity', () => ({ resource_type: resource }));

export const deploymentHistory = step('get_deployment_history', (t) =>
  t.namespace && t.workload && t.workloadKind === 'Deployment'
    ? { namespace: t.namespace, deployment: t.workload, hours_back: 24 }
    : undefined,
);

export const relatedAlerts = step('list_related_alerts', (t) => ({ namespace: t.namespace }));

export const hpaStatus = step('get_hpa_status', (t) => {
  const name = t.kind === 'HorizontalPodAutoscaler' ? t.name : t.workload;
  return t.namespace && name ? { namespace: t.namespace, hpa_name: name } : undefined;
});

export const quotas = step('check_resource_quotas', (t) =>
  t.namespace ? { namespace: t.namespace } : undefined,
);

/** The namespace's events with those about the alert's pod or workload and its owners first; a node's own. */
export const events = step('get_events', (t) =>
  t.namespace
    ? { namespace: t.namespace, related_to: t.pod ?? t.workload ?? t.name }
    : t.node
      ? { object_name: t.node }
      : undefined,
);

export const previousLogs = step('get_pod_logs', (t) =>
  t.namespace && t.pod
    ? { namespace: t.namespace, pod_name: t.pod, previous: true, tail: 100, container: t.container }
    : undefined,
);

export const problemPods = step('list_pods', (t) =>
  t.namespace ? { namespace: t.namespace, problems_only: true } : undefined,
);

export const workload = step('get_workload', (t) =>
  t.namespace && t.workload ? { namespace: t.namespace, kind: t.workloadKind, name: t.workload } : undefined,
);

export const nodeStatus = step('get_node_status', (t) => (t.node ? { node_name: t.node } : undefined));

export const pdbStatus = step('get_pdb_status', (t) =>
  t.namespace ? { namespace: t.namespace } : undefined,
);

export const pvcStatus = step('get_pvc_status', (t) =>
  t.namespace && t.kind === 'PersistentVolumeClaim' && t.name
    ? { namespace: t.namespace, pvc_name: t.name }
    : undefined,
);
