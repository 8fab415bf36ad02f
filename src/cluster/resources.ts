// The Kubernetes resources kopilot's tools read — exactly these, so `kopilot mcp rbac` grants only them (no
// Secrets, no ConfigMaps): API path, namespaced or not, kind.
import { ClusterError } from './clusterError.js';

export interface ResourceType {
  /** Storage-style key: `<group or "core">/<plural>`, the same keys the sandbox store uses. */
  key: string;
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

const TABLE: Array<[string, string, string, string, boolean]> = [
  // group, version, plural, kind, namespaced
  ['', 'v1', 'pods', 'Pod', true],
  ['', 'v1', 'nodes', 'Node', false],
  ['', 'v1', 'events', 'Event', true],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false],
  ['apps', 'v1', 'deployments', 'Deployment', true],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
  ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true],
  ['metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true],
  ['metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false],
];

export const RESOURCES: Record<string, ResourceType> = Object.fromEntries(
  TABLE.map(([group, version, plural, kind, namespaced]) => {
    const key = `${group || 'core'}/${plural}`;
    return [key, { key, kind, group, version, plural, namespaced }];
  }),
);

export type ResourceKey = keyof typeof RESOURCES & string;

export function resourceType(key: string): ResourceType {
  const type = RESOURCES[key];
  if (!type) throw new Error(`kopilot does not read resource ${key}`);
  return type;
}

/** The REST path of a collection or one object: /api/v1/namespaces/ns/pods[/name]. */
/** One path segment; "." and ".." are refused, since a URL resolves them (even percent-encoded) and walks up. */
function segment(value: string, what: string): string {
  if (value === '.' || value === '..') {
    throw new ClusterError('BadRequest', `${what} ${JSON.stringify(value)} is not a Kubernetes name`);
  }
  return encodeURIComponent(value);
}

export function resourcePath(type: ResourceType, namespace?: string, name?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const ns = type.namespaced && namespace ? `/namespaces/${segment(namespace, 'namespace')}` : '';
  const one = name ? `/${segment(name, `${type.kind} name`)}` : '';
  return `${base}${ns}/${type.plural}${one}`;
}
