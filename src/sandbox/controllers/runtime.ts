// What every simulated controller shares: the store, the clock, the rules, work queues and a pod index.
import type { SandboxClock } from '../clock.js';
import { objectKey, type KubeObject, type ObjectStore } from '../store.js';
import type { LoadedStatus } from './loadedStatus.js';
import { OwnerIndex } from './ownerIndex.js';

export { OwnerIndex };
import type { Simulation } from './simulation.js';

export type QueueName =
  'deployment' | 'replicaset' | 'statefulset' | 'daemonset' | 'schedule' | 'kubelet' | 'pdb' | 'hpa' | 'pvc';

export const PODS = 'core/pods';
export const NODES = 'core/nodes';
export const DEPLOYMENTS = 'apps/deployments';
export const REPLICASETS = 'apps/replicasets';
export const STATEFULSETS = 'apps/statefulsets';
export const DAEMONSETS = 'apps/daemonsets';
export const PDBS = 'policy/poddisruptionbudgets';
export const HPAS = 'autoscaling/horizontalpodautoscalers';
export const PVCS = 'core/persistentvolumeclaims';
export const STORAGECLASSES = 'storage.k8s.io/storageclasses';
export const PVS = 'core/persistentvolumes';
export const POD_METRICS = 'metrics.k8s.io/pods';
export const NODE_METRICS = 'metrics.k8s.io/nodes';
export const QUOTAS = 'core/resourcequotas';

export interface ControllerContext {
  store: ObjectStore;
  clock: SandboxClock;
  simulation: Simulation;
  /** Pods by owner and node. */
  pods: OwnerIndex;
  /** ReplicaSets by owning Deployment. */
  replicaSets: OwnerIndex;
  /** Workloads whose status is still the loaded snapshot's. */
  loadedStatus: LoadedStatus;
  /** Marks an object (`ns/name`, or `/name` when cluster-scoped) for a controller's next pass. */
  enqueue(queue: QueueName, key: string): void;
  /** Asks for a controller pass at a clock time (timers of the simulated kubelet, deadlines). */
  wakeAt(queue: QueueName, key: string, atMs: number): void;
}

export function keyOf(object: KubeObject): string {
  return objectKey(object.metadata.namespace, object.metadata.name);
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash) || undefined, name: key.slice(slash + 1) };
}
