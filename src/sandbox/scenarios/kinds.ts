// The object kinds a scenario's cluster.yaml may hold, and the ObjectStore resource key each is stored under.

export interface ScenarioKind {
  apiVersion: string;
  kind: string;
  /** ObjectStore key: `<group or "core">/<plural>`. */
  resource: string;
  namespaced: boolean;
}

const KINDS: ScenarioKind[] = [
  { apiVersion: 'v1', kind: 'Namespace', resource: 'core/namespaces', namespaced: false },
  { apiVersion: 'v1', kind: 'Node', resource: 'core/nodes', namespaced: false },
  { apiVersion: 'v1', kind: 'Pod', resource: 'core/pods', namespaced: true },
  { apiVersion: 'v1', kind: 'Event', resource: 'core/events', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', resource: 'core/services', namespaced: true },
  { apiVersion: 'v1', kind: 'Endpoints', resource: 'core/endpoints', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', resource: 'core/configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', resource: 'core/secrets', namespaced: true },
  { apiVersion: 'v1', kind: 'ResourceQuota', resource: 'core/resourcequotas', namespaced: true },
  { apiVersion: 'v1', kind: 'LimitRange', resource: 'core/limitranges', namespaced: true },
  { apiVersion: 'v1', kind: 'PersistentVolume', resource: 'core/persistentvolumes', namespaced: false },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    resource: 'core/persistentvolumeclaims',
    namespaced: true,
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'apps/deployments', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', resource: 'apps/replicasets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'apps/statefulsets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', resource: 'apps/daemonsets', namespaced: true },
  {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    resource: 'apps/controllerrevisions',
    namespaced: true,
  },
  { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'batch/cronjobs', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', resource: 'batch/jobs', namespaced: true },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    resource: 'storage.k8s.io/storageclasses',
    namespaced: false,
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'autoscaling/horizontalpodautoscalers',
    namespaced: true,
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    resource: 'policy/poddisruptionbudgets',
    namespaced: true,
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    resource: 'networking.k8s.io/networkpolicies',
    namespaced: true,
  },
  {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    resource: 'metrics.k8s.io/pods',
    namespaced: true,
  },
  {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'NodeMetrics',
    resource: 'metrics.k8s.io/nodes',
    namespaced: false,
  },
];

const BY_TYPE = new Map(KINDS.map((k) => [`${k.apiVersion} ${k.kind}`, k]));

export function scenarioKind(apiVersion: string, kind: string): ScenarioKind | undefined {
  return BY_TYPE.get(`${apiVersion} ${kind}`);
}

/** The kind by name alone (for `expect.target.kind`, which names no apiVersion). */
export function scenarioKindByName(kind: string): ScenarioKind | undefined {
  return KINDS.find((k) => k.kind === kind);
}

/** "v1 Pod, apps/v1 Deployment, …" for error messages. */
export function supportedKindsText(): string {
  return KINDS.map((k) => `${k.apiVersion} ${k.kind}`).join(', ');
}

/** Load order: namespaces and nodes before what lives in them, owners before what they own, events last. */
export const LOAD_ORDER: readonly string[] = [
  'core/namespaces',
  'core/nodes',
  'core/configmaps',
  'core/secrets',
  'core/services',
  'core/endpoints',
  'core/resourcequotas',
  'core/limitranges',
  'storage.k8s.io/storageclasses',
  'core/persistentvolumes',
  'core/persistentvolumeclaims',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'apps/controllerrevisions',
  'apps/replicasets',
  'batch/cronjobs',
  'batch/jobs',
  'core/pods',
  'autoscaling/horizontalpodautoscalers',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/networkpolicies',
  'metrics.k8s.io/nodes',
  'metrics.k8s.io/pods',
  'core/events',
];
