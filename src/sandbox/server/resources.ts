// The API resources the sandbox serves: group, version, kind, scope, verbs, short names and subresources.

/** One served resource, as discovery describes it and as the router finds it. */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** Storage key in the ObjectStore (`core/pods`, `apps/deployments`). */
  storeKey: string;
  subresources: SubresourceType[];
  /** When set, objects are stored under another resource and converted (events.k8s.io views core events). */
  view?: 'events.k8s.io';
}

export interface SubresourceType {
  name: string; // 'status', 'scale', 'log', 'eviction'
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
}

const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_ONLY = ['get', 'list'];

const status = (kind: string): SubresourceType => ({
  name: 'status',
  kind,
  verbs: ['get', 'patch', 'update'],
});
const scale: SubresourceType = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
};

function resource(
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    verbs: READ_WRITE,
    storeKey: `${group || 'core'}/${plural}`,
    subresources: [],
    ...extra,
  };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  resource('', 'v1', 'namespaces', 'Namespace', false, {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('Namespace')],
  }),
  resource('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], subresources: [status('Node')] }),
  resource('', 'v1', 'pods', 'Pod', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      status('Pod'),
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    ],
  }),
  resource('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  resource('', 'v1', 'services', 'Service', true, {
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('Service')],
  }),
  resource('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  resource('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  resource('', 'v1', 'secrets', 'Secret', true),
  resource('', 'v1', 'resourcequotas', 'ResourceQuota', true, {
    shortNames: ['quota'],
    subresources: [status('ResourceQuota')],
  }),
  resource('', 'v1', 'limitranges', 'LimitRange', true, { shortNames: ['limits'] }),
  resource('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, {
    shortNames: ['pvc'],
    subresources: [status('PersistentVolumeClaim')],
  }),
  resource('', 'v1', 'persistentvolumes', 'PersistentVolume', false, {
    shortNames: ['pv'],
    subresources: [status('PersistentVolume')],
  }),
  resource('events.k8s.io', 'v1', 'events', 'Event', true, {
    shortNames: ['ev'],
    storeKey: 'core/events',
    view: 'events.k8s.io',
  }),
  resource('apps', 'v1', 'deployments', 'Deployment', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [status('Deployment'), scale],
  }),
  resource('apps', 'v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [status('ReplicaSet'), scale],
  }),
  resource('apps', 'v1', 'statefulsets', 'StatefulSet', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [status('StatefulSet'), scale],
  }),
  resource('apps', 'v1', 'daemonsets', 'DaemonSet', true, {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [status('DaemonSet')],
  }),
  resource('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  resource('batch', 'v1', 'jobs', 'Job', true, {
    categories: ['all'],
    subresources: [status('Job')],
  }),
  resource('batch', 'v1', 'cronjobs', 'CronJob', true, {
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [status('CronJob')],
  }),
  resource('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, { shortNames: ['sc'] }),
  resource('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('HorizontalPodAutoscaler')],
  }),
  resource('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, {
    shortNames: ['pdb'],
    subresources: [status('PodDisruptionBudget')],
  }),
  resource('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
  resource('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true, { verbs: READ_ONLY, singular: '' }),
  resource('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false, { verbs: READ_ONLY, singular: '' }),
];

/** API groups in the order discovery lists them (core first, as a real server does). */
export const API_GROUPS: ReadonlyArray<{ name: string; version: string }> = [
  { name: 'apps', version: 'v1' },
  { name: 'events.k8s.io', version: 'v1' },
  { name: 'autoscaling', version: 'v2' },
  { name: 'batch', version: 'v1' },
  { name: 'policy', version: 'v1' },
  { name: 'storage.k8s.io', version: 'v1' },
  { name: 'networking.k8s.io', version: 'v1' },
  { name: 'metrics.k8s.io', version: 'v1beta1' },
];

const byPath = new Map<string, ResourceType>(
  RESOURCE_TYPES.map((r) => [`${r.group}/${r.version}/${r.plural}`, r] as const),
);

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return byPath.get(`${group}/${version}/${plural}`);
}

export function resourcesOf(group: string, version: string): ResourceType[] {
  return RESOURCE_TYPES.filter((r) => r.group === group && r.version === version);
}

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The resource the store holds a kind under, for objects stored directly (not views). */
export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind && !r.view);
}
