// What the Deployment controller reads off a Deployment and its ReplicaSets: spec and status shapes, revisions,
// replica counts, and the maxSurge/maxUnavailable fenceposts of a rolling update.
import type { KubeObject } from '../store.js';
import type { Condition, LabelSelector } from './podState.js';
import type { PodTemplate } from './podTemplate.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

export interface DeploymentSpec {
  replicas?: number;
  paused?: boolean;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  strategy?: {
    type?: string;
    rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
  };
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

export function specOf(d: KubeObject): DeploymentSpec {
  return (d.spec ?? {}) as DeploymentSpec;
}

export function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

export function replicasOf(rs: KubeObject): number {
  return (rs.spec as { replicas?: number } | undefined)?.replicas ?? 0;
}

export function statusOf(rs: KubeObject | undefined): { replicas: number; ready: number; available: number } {
  const s = (rs?.status ?? {}) as { replicas?: number; readyReplicas?: number; availableReplicas?: number };
  return { replicas: s.replicas ?? 0, ready: s.readyReplicas ?? 0, available: s.availableReplicas ?? 0 };
}

/** maxSurge rounds up, maxUnavailable rounds down; both zero would deadlock, so maxUnavailable becomes 1. */
export function fenceposts(
  spec: DeploymentSpec,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  if (spec.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: desired };
  const rolling = spec.strategy?.rollingUpdate ?? {};
  const resolve = (value: number | string | undefined, roundUp: boolean): number => {
    const v = value ?? '25%';
    if (typeof v === 'number') return v;
    const match = /^(\d+)%$/.exec(v);
    if (!match) return Number(v) || 0;
    const exact = (Number(match[1]) * desired) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  };
  const maxSurge = resolve(rolling.maxSurge, true);
  let maxUnavailable = resolve(rolling.maxUnavailable, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}
