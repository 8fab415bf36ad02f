// What an action can point at: the object kinds it may target, and a target as the plan names it.
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

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

export interface ActionTarget {
  kind: ActionTargetKind;
  /** Absent for Nodes and for the alert itself. */
  namespace?: string;
  name: string;
}
