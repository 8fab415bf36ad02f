// The remediation action definitions: typed parameters, risk, what each changes and how to revert it.
import { z } from 'zod';
import { tryParseQuantity } from '../cluster/quantity.js';

export const ACTION_TYPES = [
  'increase_resources',
  'scale_workload',
  'restart_workload',
  'restart_pod',
  'rollback_deployment',
  'patch_hpa',
  'cordon_node',
  'uncordon_node',
  'drain_node',
  'remove_taint',
  'expand_pvc',
  'relax_pdb',
  'silence_alert',
  'collect_diagnostics',
  'escalate',
] as const;

export type ActionType = (typeof ACTION_TYPES)[number];
export type RiskLevel = 'low' | 'medium' | 'high';

/** The kinds an action can target; `Alert` is the alert itself (silences), not a cluster object. */
export const ACTION_TARGET_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'HorizontalPodAutoscaler',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
  'Node',
  'Alert',
  'ResourceQuota',
  'Namespace',
  'Service',
  'Job',
  'CronJob',
  'NetworkPolicy',
  'Ingress',
] as const;
export type ActionTargetKind = (typeof ACTION_TARGET_KINDS)[number];

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

/** Numbers a small model writes as text ("5") are numbers; anything else is left for zod to reject. */
const numberFromText = (value: unknown): unknown =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

const count = (what: string) =>
  z.preprocess(
    numberFromText,
    z
      .number({ error: `${what} must be a whole number, e.g. 5` })
      .int(`${what} must be a whole number, e.g. 5`),
  );

/** A Kubernetes quantity such as 12Gi, 512Mi, 500m or 2; "12GB" and "12 Gi" are refused with the fix. */
const quantity = (kind: 'memory' | 'cpu' | 'storage') => {
  const example = kind === 'cpu' ? '500m or 2' : '12Gi or 512Mi';
  return z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .refine((text) => (tryParseQuantity(text) ?? 0) > 0, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a Kubernetes ${kind} quantity; write it like ${example}`,
    });
};

const percentOrCount = (what: string) =>
  z.preprocess(
    numberFromText,
    z.union([z.number().int().min(0), z.string().regex(/^\d{1,3}%$/)], {
      error: `${what} must be a whole number (e.g. 1) or a percentage (e.g. "50%")`,
    }),
  );

/** Go-style durations AlertManager accepts for a silence: "30m", "2h", "1h30m". */
const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === '') return undefined;
  const [, h, m, s] = match;
  return (parseInt(h ?? '0', 10) * 3600 + parseInt(m ?? '0', 10) * 60 + parseInt(s ?? '0', 10)) * 1000;
}

const increaseResources = z
  .object({
    container: z.string().min(1).optional().describe('container name; may be left out when the pod has one'),
    memory_limit: quantity('memory').optional().describe('new memory limit, e.g. "12Gi"'),
    memory_request: quantity('memory').optional().describe('new memory request, e.g. "10Gi"'),
    cpu_limit: quantity('cpu').optional().describe('new CPU limit, e.g. "2" or "1500m"'),
    cpu_request: quantity('cpu').optional().describe('new CPU request, e.g. "500m"'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.memory_limit && !p.memory_request && !p.cpu_limit && !p.cpu_request) {
      ctx.addIssue({
        code: 'custom',
        message:
          'give at least one of memory_limit, memory_request, cpu_limit, cpu_request, e.g. {"memory_limit":"12Gi","memory_request":"10Gi"}',
      });
    }
    for (const res of ['memory', 'cpu'] as const) {
      const limit = tryParseQuantity(p[`${res}_limit`]);
      const request = tryParseQuantity(p[`${res}_request`]);
      if (limit !== undefined && request !== undefined && request > limit) {
        ctx.addIssue({
          code: 'custom',
          message: `${res}_request ${p[`${res}_request`]} is above ${res}_limit ${p[`${res}_limit`]}; a request cannot exceed its limit`,
        });
      }
    }
  });

const scaleWorkload = z
  .object({
    replicas: count('replicas').pipe(z.number().min(0).max(1000)).describe('new replica count, e.g. 5'),
  })
  .strict();

const noParameters = z.object({}).strict();

const rollbackDeployment = z
  .object({
    revision: count('revision')
      .pipe(z.number().min(1))
      .optional()
      .describe('revision to go back to; the previous one when left out'),
  })
  .strict();

const patchHpa = z
  .object({
    min_replicas: count('min_replicas').pipe(z.number().min(1)).optional().describe('new minReplicas'),
    max_replicas: count('max_replicas').pipe(z.number().min(1)).optional().describe('new maxReplicas'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.min_replicas === undefined && p.max_replicas === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'give min_replicas or max_replicas, e.g. {"max_replicas":10}',
      });
    }
    if (p.min_replicas !== undefined && p.max_replicas !== undefined && p.min_replicas > p.max_replicas) {
      ctx.addIssue({
        code: 'custom',
        message: `min_replicas ${p.min_replicas} is above max_replicas ${p.max_replicas}`,
      });
    }
  });

const drainNode = z
  .object({
    grace_period_seconds: count('grace_period_seconds')
      .pipe(z.number().min(0).max(3600))
      .optional()
      .describe('seconds each evicted pod gets to stop; the pod’s own setting when left out'),
  })
  .strict();

const removeTaint = z
  .object({
    key: z.string({ error: 'key is the taint key to remove, e.g. "node.kubernetes.io/unreachable"' }).min(1),
    effect: z
      .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], {
        error: 'effect must be NoSchedule, PreferNoSchedule or NoExecute',
      })
      .optional()
      .describe('only the taint with this effect; every effect of the key when left out'),
  })
  .strict();

const expandPvc = z
  .object({ size: quantity('storage').describe('new storage request, larger than today, e.g. "20Gi"') })
  .strict();

const relaxPdb = z
  .object({
    min_available: percentOrCount('min_available').optional().describe('new minAvailable, e.g. 1 or "50%"'),
    max_unavailable: percentOrCount('max_unavailable')
      .optional()
      .describe('new maxUnavailable, e.g. 1 or "50%"'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.min_available === undefined) === (p.max_unavailable === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of min_available or max_unavailable, e.g. {"max_unavailable":1}',
      });
    }
  });

const silenceAlert = z
  .object({
    duration: z
      .string()
      .default('1h')
      .refine((d) => {
        const ms = durationMs(d);
        return ms !== undefined && ms > 0 && ms <= 24 * 3600 * 1000;
      }, 'duration must be like "30m", "2h" or "1h30m", at most 24h')
      .describe('how long the silence lasts, e.g. "2h" (default 1h, at most 24h)'),
    comment: z.string().max(500).optional().describe('why; kopilot adds the triage id'),
  })
  .strict();

const collectDiagnostics = z
  .object({
    tail_lines: count('tail_lines')
      .pipe(z.number().min(1).max(5000))
      .default(200)
      .describe('log lines per container (default 200)'),
  })
  .strict();

const escalate = z
  .object({
    summary: z.string().max(2000).optional().describe('what a human should look at and why'),
  })
  .strict();

export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  type: ActionType;
  /** One line for the model and the recommendation card. */
  summary: string;
  parameters: S;
  /** A valid parameters object, shown to the model. */
  example: Record<string, unknown>;
  risk: RiskLevel;
  /** Removes or interrupts something running (pods restarted or evicted, alerts hidden). */
  destructive: boolean;
  targetKinds: readonly ActionTargetKind[];
  /** Whether it writes to the cluster (silences write to AlertManager, diagnostics to local disk). */
  writes: 'cluster' | 'alertmanager' | 'local' | 'nothing';
  /** Adds load the cluster must have room for: capacity is checked before approval. */
  addsLoad: boolean;
  changes: string;
  revert: string;
}

function define<T extends ActionType, S extends z.ZodType>(
  definition: ActionDefinition<S> & { type: T },
): ActionDefinition<S> & { type: T } {
  return definition;
}

export const actionCatalogue = {
  increase_resources: define({
    type: 'increase_resources',
    summary: "raise a container's memory/CPU requests or limits (rolling restart of the workload)",
    parameters: increaseResources,
    example: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
    risk: 'medium',
    destructive: false,
    targetKinds: [...WORKLOADS, 'Pod'],
    writes: 'cluster',
    addsLoad: true,
    changes: "the workload's pod template: spec.template.spec.containers[].resources; pods are replaced",
    revert: 'increase_resources back to the previous values, or rollback_deployment',
  }),
  scale_workload: define({
    type: 'scale_workload',
    summary: 'change the replica count of a Deployment or StatefulSet',
    parameters: scaleWorkload,
    example: { replicas: 5 },
    risk: 'medium',
    destructive: false,
    targetKinds: ['Deployment', 'StatefulSet', 'Pod'],
    writes: 'cluster',
    addsLoad: true,
    changes: 'spec.replicas',
    revert: 'scale_workload back to the previous replica count',
  }),
  restart_workload: define({
    type: 'restart_workload',
    summary: 'rolling restart of a Deployment, StatefulSet or DaemonSet (like kubectl rollout restart)',
    parameters: noParameters,
    example: {},
    risk: 'medium',
    destructive: true,
    targetKinds: [...WORKLOADS, 'Pod'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'the pod-template annotation kubectl.kubernetes.io/restartedAt; every pod is replaced in turn',
    revert: 'none needed; pods already replaced cannot be brought back',
  }),
  restart_pod: define({
    type: 'restart_pod',
    summary: 'delete one pod that a controller owns so it is recreated',
    parameters: noParameters,
    example: {},
    risk: 'low',
    destructive: true,
    targetKinds: ['Pod'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'deletes the pod; its controller creates a replacement',
    revert: 'none needed; the controller recreates the pod',
  }),
  rollback_deployment: define({
    type: 'rollback_deployment',
    summary: 'roll a Deployment back to the previous (or a named) revision',
    parameters: rollbackDeployment,
    example: { revision: 3 },
    risk: 'medium',
    destructive: false,
    targetKinds: ['Deployment', 'Pod'],
    writes: 'cluster',
    addsLoad: false,
    changes: "the Deployment's pod template is replaced by the revision's; pods are replaced",
    revert: 'rollback_deployment to the revision that was current before',
  }),
  patch_hpa: define({
    type: 'patch_hpa',
    summary: "change a HorizontalPodAutoscaler's minReplicas/maxReplicas",
    parameters: patchHpa,
    example: { max_replicas: 10 },
    risk: 'low',
    destructive: false,
    targetKinds: ['HorizontalPodAutoscaler'],
    writes: 'cluster',
    addsLoad: true,
    changes: 'spec.minReplicas and/or spec.maxReplicas',
    revert: 'patch_hpa back to the previous bounds',
  }),
  cordon_node: define({
    type: 'cordon_node',
    summary: 'mark a node unschedulable; running pods stay',
    parameters: noParameters,
    example: {},
    risk: 'low',
    destructive: false,
    targetKinds: ['Node'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'spec.unschedulable = true',
    revert: 'uncordon_node',
  }),
  uncordon_node: define({
    type: 'uncordon_node',
    summary: 'mark a node schedulable again',
    parameters: noParameters,
    example: {},
    risk: 'low',
    destructive: false,
    targetKinds: ['Node'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'spec.unschedulable = false',
    revert: 'cordon_node',
  }),
  drain_node: define({
    type: 'drain_node',
    summary: 'cordon a node and evict its pods, honouring PodDisruptionBudgets (DaemonSet pods stay)',
    parameters: drainNode,
    example: {},
    risk: 'high',
    destructive: true,
    targetKinds: ['Node'],
    writes: 'cluster',
    addsLoad: true,
    changes: 'spec.unschedulable = true, then one eviction per pod not owned by a DaemonSet',
    revert: 'uncordon_node; evicted pods are recreated elsewhere by their controllers',
  }),
  remove_taint: define({
    type: 'remove_taint',
    summary: 'remove a taint from a node',
    parameters: removeTaint,
    example: { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
    risk: 'medium',
    destructive: false,
    targetKinds: ['Node'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'spec.taints loses the matching taint(s)',
    revert: 'add the taint back (the plan shows it)',
  }),
  expand_pvc: define({
    type: 'expand_pvc',
    summary: 'grow a PersistentVolumeClaim (cannot be shrunk afterwards)',
    parameters: expandPvc,
    example: { size: '20Gi' },
    risk: 'medium',
    destructive: false,
    targetKinds: ['PersistentVolumeClaim'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'spec.resources.requests.storage',
    revert: 'none: a volume cannot shrink',
  }),
  relax_pdb: define({
    type: 'relax_pdb',
    summary: 'loosen a PodDisruptionBudget so evictions can proceed',
    parameters: relaxPdb,
    example: { max_unavailable: 1 },
    risk: 'high',
    destructive: false,
    targetKinds: ['PodDisruptionBudget'],
    writes: 'cluster',
    addsLoad: false,
    changes: 'spec.minAvailable or spec.maxUnavailable',
    revert: 'relax_pdb back to the previous value',
  }),
  silence_alert: define({
    type: 'silence_alert',
    summary: 'silence the alert in AlertManager for a while (the cluster is not changed)',
    parameters: silenceAlert,
    example: { duration: '2h', comment: 'known issue, fix rolling out' },
    risk: 'medium',
    destructive: true,
    targetKinds: ['Alert', ...WORKLOADS, 'Pod', 'Node', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler'],
    writes: 'alertmanager',
    addsLoad: false,
    changes: "an AlertManager silence matching the alert's labels",
    revert: 'expire the silence',
  }),
  collect_diagnostics: define({
    type: 'collect_diagnostics',
    summary: 'save describe, events and logs of the target to a local folder (the cluster is not changed)',
    parameters: collectDiagnostics,
    example: { tail_lines: 200 },
    risk: 'low',
    destructive: false,
    targetKinds: [
      ...WORKLOADS,
      'Pod',
      'Node',
      'PersistentVolumeClaim',
      'HorizontalPodAutoscaler',
      'ReplicaSet',
    ],
    writes: 'local',
    addsLoad: false,
    changes: 'nothing in the cluster; writes a bundle folder on this machine',
    revert: 'delete the folder',
  }),
  escalate: define({
    type: 'escalate',
    summary: 'change nothing; hand a summary to a human (when no action is safe or evidence is unclear)',
    parameters: escalate,
    example: { summary: 'node worker-02 NotReady, cause unknown' },
    risk: 'low',
    destructive: false,
    targetKinds: ACTION_TARGET_KINDS,
    writes: 'nothing',
    addsLoad: false,
    changes: 'nothing',
    revert: 'nothing to revert',
  }),
} as const satisfies { [K in ActionType]: { type: K } };

export type ActionParameters = { [K in ActionType]: z.output<(typeof actionCatalogue)[K]['parameters']> };
export type IncreaseResourcesParameters = ActionParameters['increase_resources'];
export type ScaleWorkloadParameters = ActionParameters['scale_workload'];
export type RollbackDeploymentParameters = ActionParameters['rollback_deployment'];
export type PatchHpaParameters = ActionParameters['patch_hpa'];
export type DrainNodeParameters = ActionParameters['drain_node'];
export type RemoveTaintParameters = ActionParameters['remove_taint'];
export type ExpandPvcParameters = ActionParameters['expand_pvc'];
export type RelaxPdbParameters = ActionParameters['relax_pdb'];
export type SilenceAlertParameters = ActionParameters['silence_alert'];
export type CollectDiagnosticsParameters = ActionParameters['collect_diagnostics'];
export type EscalateParameters = ActionParameters['escalate'];

export function isActionType(value: string): value is ActionType {
  return (ACTION_TYPES as readonly string[]).includes(value);
}
