// PodDisruptionBudgets: their status (currentHealthy, desiredHealthy, disruptionsAllowed, expectedPods) and the
// eviction API's decision, which refuses with 429 when an eviction would break a budget.
import type { SandboxClock } from '../clock.js';
import { isoSeconds, type KubeObject, type ObjectStore } from '../store.js';
import {
  controllerOf,
  isActive,
  isReady,
  matchesSelector,
  phaseOf,
  sameJson,
  setCondition,
  type Condition,
  type LabelSelector,
} from './podState.js';
import { DEPLOYMENTS, PDBS, PODS, REPLICASETS, STATEFULSETS } from './runtime.js';

export interface BudgetStatus {
  observedGeneration: number;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods?: Record<string, string>;
  conditions: Condition[];
}

export type EvictionResult =
  | { ok: true; dryRun: boolean }
  | {
      ok: false;
      status: 404 | 429 | 500;
      reason: string;
      message: string;
      causes?: Array<{ reason: string; message: string }>;
    };

interface PdbSpec {
  selector?: LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: string;
}

/** A budget's status computed from the pods it selects now. */
export function budgetStatus(store: ObjectStore, clock: SandboxClock, pdb: KubeObject): BudgetStatus {
  const spec = (pdb.spec ?? {}) as PdbSpec;
  const namespace = pdb.metadata.namespace;
  const pods = store
    .list(PODS, namespace)
    .filter((p) => isActive(p) && matchesSelector(p.metadata.labels, spec.selector));
  const currentHealthy = pods.filter(isReady).length;
  const scale = expectedScale(store, pods);
  let expectedPods: number;
  let desiredHealthy: number;
  if (spec.maxUnavailable !== undefined) {
    expectedPods = scale;
    desiredHealthy = Math.max(0, expectedPods - resolve(spec.maxUnavailable, expectedPods, true));
  } else if (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%')) {
    expectedPods = scale;
    desiredHealthy = resolve(spec.minAvailable, expectedPods, true);
  } else {
    expectedPods = pods.length;
    desiredHealthy = spec.minAvailable === undefined ? 0 : resolve(spec.minAvailable, expectedPods, true);
  }
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const previous = (pdb.status ?? {}) as Partial<BudgetStatus>;
  const now = isoSeconds(clock.now());
  const conditions = setCondition(
    previous.conditions ?? [],
    disruptionsAllowed > 0
      ? {
          type: 'DisruptionAllowed',
          status: 'True',
          reason: 'SufficientPods',
          message: '',
          observedGeneration: pdb.metadata.generation ?? 1,
        }
      : {
          type: 'DisruptionAllowed',
          status: 'False',
          reason: 'InsufficientPods',
          message: '',
          observedGeneration: pdb.metadata.generation ?? 1,
        },
    now,
  );
  return {
    observedGeneration: pdb.metadata.generation ?? 1,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions,
  };
}

/** Writes a budget's status when it changed. */
export function syncBudget(
  store: ObjectStore,
  clock: SandboxClock,
  namespace: string | undefined,
  name: string,
): void {
  const pdb = store.get(PDBS, namespace, name);
  if (!pdb) return;
  const status = budgetStatus(store, clock, pdb);
  const previous = (pdb.status ?? {}) as Partial<BudgetStatus>;
  if (previous.disruptedPods) status.disruptedPods = previous.disruptedPods;
  if (sameJson(previous, status)) return;
  store.mutate(PDBS, namespace, name, (draft) => {
    draft.status = status;
  });
}

/**
 * The eviction subresource: deletes the pod unless that would leave a PodDisruptionBudget short of
 * healthy pods (429 TooManyRequests, as the API server answers `kubectl drain`).
 */
export function evictPod(
  store: ObjectStore,
  clock: SandboxClock,
  namespace: string,
  name: string,
  options: { dryRun?: boolean } = {},
): EvictionResult {
  const dryRun = options.dryRun === true;
  const pod = store.get(PODS, namespace, name);
  if (!pod) return { ok: false, status: 404, reason: 'NotFound', message: `pods "${name}" not found` };
  const phase = phaseOf(pod);
  if (phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp)
    return remove(store, pod, dryRun);
  const budgets = store
    .list(PDBS, namespace)
    .filter((pdb) => matchesSelector(pod.metadata.labels, (pdb.spec as PdbSpec | undefined)?.selector));
  if (budgets.length > 1) {
    return {
      ok: false,
      status: 500,
      reason: 'InternalError',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    };
  }
  const pdb = budgets[0];
  if (!pdb) return remove(store, pod, dryRun);
  const status = budgetStatus(store, clock, pdb);
  // A pod that is not running yet never counts against the budget; an unready one only while the budget holds.
  const policy = (pdb.spec as PdbSpec | undefined)?.unhealthyPodEvictionPolicy;
  const unhealthy = !isReady(pod);
  if (
    phase === 'Pending' ||
    (unhealthy && (policy === 'AlwaysAllow' || status.currentHealthy >= status.desiredHealthy))
  ) {
    return remove(store, pod, dryRun);
  }
  if (status.disruptionsAllowed <= 0) {
    return {
      ok: false,
      status: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: [
        {
          reason: 'DisruptionBudget',
          message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
        },
      ],
    };
  }
  if (dryRun) return { ok: true, dryRun };
  store.mutate(PDBS, namespace, pdb.metadata.name, (draft) => {
    const previous = (draft.status ?? {}) as Partial<BudgetStatus>;
    draft.status = {
      ...status,
      disruptionsAllowed: status.disruptionsAllowed - 1,
      disruptedPods: { ...(previous.disruptedPods ?? {}), [name]: isoSeconds(clock.now()) },
    };
  });
  return remove(store, pod, dryRun);
}

function remove(store: ObjectStore, pod: KubeObject, dryRun: boolean): EvictionResult {
  if (!dryRun) store.delete(PODS, pod.metadata.namespace, pod.metadata.name);
  return { ok: true, dryRun };
}

/** How many pods the budget's pods' controllers want in total (a pod without one counts as one). */
function expectedScale(store: ObjectStore, pods: KubeObject[]): number {
  const seen = new Set<string>();
  let total = 0;
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      total += 1;
      continue;
    }
    let kind = ref.kind;
    let name = ref.name;
    if (kind === 'ReplicaSet') {
      const rs = store.get(REPLICASETS, pod.metadata.namespace, name);
      const top = rs ? controllerOf(rs) : undefined;
      if (top?.kind === 'Deployment') {
        kind = 'Deployment';
        name = top.name;
      }
    }
    const id = `${kind}/${name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const resource =
      kind === 'Deployment'
        ? DEPLOYMENTS
        : kind === 'ReplicaSet'
          ? REPLICASETS
          : kind === 'StatefulSet'
            ? STATEFULSETS
            : undefined;
    const owner = resource ? store.get(resource, pod.metadata.namespace, name) : undefined;
    const replicas = (owner?.spec as { replicas?: number } | undefined)?.replicas;
    total += replicas ?? pods.filter((p) => controllerOf(p)?.name === ref.name).length;
  }
  return total;
}

function resolve(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
