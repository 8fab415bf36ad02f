// Per-node capacity the way the scheduler sees it: allocatable minus the requests of the pods bound there,
// plus live usage from metrics.k8s.io when the cluster has it, and why a node would refuse new pods.
import type { ClusterClient, KubeObject } from '../cluster/clusterClient.js';
import { ClusterError } from '../cluster/clusterError.js';
import { tryParseQuantity } from '../cluster/quantity.js';
import { holdsNodeResources, podResource } from './podFacts.js';

export type CapacityResource = 'cpu' | 'memory' | 'storage' | 'pods';

export interface Amounts {
  cpu: number;
  memory: number;
  storage: number;
  pods: number;
}

export interface NodeCapacity {
  name: string;
  node: KubeObject;
  ready: boolean;
  cordoned: boolean;
  /** Taints that keep ordinary pods away (NoSchedule/NoExecute), as "key=value:Effect". */
  blockingTaints: string[];
  taints: string[];
  pressure: string[];
  allocatable: Amounts;
  requested: Amounts;
  available: Amounts;
  usage?: { cpu?: number; memory?: number };
}

function amountsOf(list: Record<string, string> | undefined): Amounts {
  return {
    cpu: tryParseQuantity(list?.cpu) ?? 0,
    memory: tryParseQuantity(list?.memory) ?? 0,
    storage: tryParseQuantity(list?.['ephemeral-storage']) ?? 0,
    pods: tryParseQuantity(list?.pods) ?? 0,
  };
}

export function taintText(taint: KubeObject): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Reads nodes, pods and (when served) node metrics through the shared cache, and totals each node. */
export async function nodeCapacities(cluster: ClusterClient): Promise<NodeCapacity[]> {
  const [nodes, pods, metrics] = await Promise.all([
    cluster.list('core/nodes'),
    cluster.list('core/pods'),
    optionalList(cluster, 'metrics.k8s.io/nodes'),
  ]);
  const requested = requestsByNode(pods);
  const usage = new Map<string, { cpu?: number; memory?: number }>();
  for (const metric of metrics ?? []) {
    usage.set(metric.metadata.name, {
      cpu: tryParseQuantity(metric.usage?.cpu),
      memory: tryParseQuantity(metric.usage?.memory),
    });
  }
  return nodes.map((node) => capacityOf(node, requested, usage));
}

// Cached lists are shared arrays: sum each one once, however many calls read it within the TTL.
const requestSums = new WeakMap<KubeObject[], Map<string, Amounts>>();

/** Requests of the pods holding resources, summed per node. */
export function requestsByNode(pods: KubeObject[]): Map<string, Amounts> {
  const cached = requestSums.get(pods);
  if (cached) return cached;
  const requested = new Map<string, Amounts>();
  for (const pod of pods) {
    if (!holdsNodeResources(pod)) continue;
    const name = String(pod.spec.nodeName);
    const sum = requested.get(name) ?? { cpu: 0, memory: 0, storage: 0, pods: 0 };
    sum.cpu += podResource(pod.spec, 'cpu', 'requests');
    sum.memory += podResource(pod.spec, 'memory', 'requests');
    sum.storage += podResource(pod.spec, 'ephemeral-storage', 'requests');
    sum.pods += 1;
    requested.set(name, sum);
  }
  requestSums.set(pods, requested);
  return requested;
}

function capacityOf(
  node: KubeObject,
  requested: Map<string, Amounts>,
  usage: Map<string, { cpu?: number; memory?: number }>,
): NodeCapacity {
  const allocatable = amountsOf(node.status?.allocatable ?? node.status?.capacity);
  const req = requested.get(node.metadata.name) ?? { cpu: 0, memory: 0, storage: 0, pods: 0 };
  const conditions: KubeObject[] = node.status?.conditions ?? [];
  const taints: KubeObject[] = node.spec?.taints ?? [];
  return {
    name: node.metadata.name,
    node,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    cordoned: Boolean(node.spec?.unschedulable),
    blockingTaints: taints
      .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
      .filter((t) => t.key !== 'node.kubernetes.io/unschedulable')
      .map(taintText),
    taints: taints.map(taintText),
    pressure: conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => String(c.type)),
    allocatable,
    requested: req,
    available: {
      cpu: allocatable.cpu - req.cpu,
      memory: allocatable.memory - req.memory,
      storage: allocatable.storage - req.storage,
      pods: allocatable.pods - req.pods,
    },
    usage: usage.get(node.metadata.name),
  };
}

/** Why new ordinary pods would not land on this node, or undefined when they can. */
export function refusal(node: NodeCapacity): string | undefined {
  if (!node.ready) return 'NotReady';
  if (node.cordoned) return 'cordoned';
  if (node.blockingTaints.length) return `tainted ${node.blockingTaints.join(', ')}`;
  return undefined;
}

/** A list that may legitimately be missing (metrics-server absent or forbidden): undefined instead of an error. */
export async function optionalList(
  cluster: ClusterClient,
  resource: string,
): Promise<KubeObject[] | undefined> {
  try {
    return await cluster.list(resource);
  } catch (error) {
    if (error instanceof ClusterError && ['NotFound', 'Forbidden', 'BadRequest'].includes(error.reason)) {
      return undefined;
    }
    throw error;
  }
}
