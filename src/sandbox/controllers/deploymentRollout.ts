// The Deployment controller's ReplicaSet moves: creating the new ReplicaSet of a template, numbering revisions,
// scaling new up and old down within maxSurge/maxUnavailable, and pruning history past revisionHistoryLimit.
import type { KubeObject } from '../store.js';
import { recordEvent } from './events.js';
import { ownerReferenceTo } from './podState.js';
import { podTemplateHash } from './podTemplate.js';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  REVISION,
  REVISION_HISTORY,
  replicasOf,
  revisionOf,
  statusOf,
  type DeploymentSpec,
  type DeploymentStatus,
} from './deploymentModel.js';
import { DEPLOYMENTS, REPLICASETS, type ControllerContext } from './runtime.js';

export function createNewReplicaSet(
  ctx: ControllerContext,
  d: KubeObject,
  ns: string,
  spec: DeploymentSpec,
  existing: KubeObject[],
  revision: number,
  maxSurge: number,
): KubeObject {
  const desired = spec.replicas ?? 1;
  let collisionCount = (d.status as DeploymentStatus | undefined)?.collisionCount ?? 0;
  let hash = podTemplateHash(spec.template, collisionCount);
  while (ctx.store.get(REPLICASETS, ns, `${d.metadata.name}-${hash}`)) {
    collisionCount += 1;
    hash = podTemplateHash(spec.template, collisionCount);
  }
  const template = structuredClone(spec.template ?? {});
  template.metadata = { ...(template.metadata ?? {}) };
  template.metadata.labels = { ...(template.metadata.labels ?? {}), 'pod-template-hash': hash };
  const selector = structuredClone(spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
  // A rolling update starts the new ReplicaSet at what the surge allows; a brand new Deployment at full size.
  const current = existing.reduce((sum, rs) => sum + replicasOf(rs), 0);
  const initial =
    spec.strategy?.type === 'Recreate'
      ? existing.some((rs) => replicasOf(rs) > 0)
        ? 0
        : desired
      : Math.max(0, Math.min(desired, desired + maxSurge - current));
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (k === REVISION || k === 'kubectl.kubernetes.io/last-applied-configuration') continue;
    annotations[k] = v;
  }
  annotations[REVISION] = String(revision);
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(desired + maxSurge);
  const rs = ctx.store.create(REPLICASETS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: ns,
      labels: { ...(template.metadata.labels ?? {}) },
      annotations,
      ownerReferences: [ownerReferenceTo(d)],
    },
    spec: {
      replicas: initial,
      ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
      selector,
      template,
    },
    status: { replicas: 0 },
  });
  if (collisionCount !== ((d.status as DeploymentStatus | undefined)?.collisionCount ?? 0)) {
    ctx.store.mutate(DEPLOYMENTS, d.metadata.namespace, d.metadata.name, (draft) => {
      draft.status = { ...((draft.status as object | undefined) ?? {}), collisionCount };
    });
  }
  if (initial > 0) {
    recordEvent(ctx.store, ctx.clock, {
      about: d,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${rs.metadata.name} from 0 to ${initial}`,
      component: 'deployment-controller',
    });
  }
  return rs;
}

export function bumpRevision(ctx: ControllerContext, rs: KubeObject, revision: number): KubeObject {
  const previous = rs.metadata.annotations?.[REVISION];
  return ctx.store.mutate(REPLICASETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
    const annotations = { ...(draft.metadata.annotations ?? {}) };
    if (previous) {
      const history = annotations[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? `${history},${previous}` : previous;
    }
    annotations[REVISION] = String(revision);
    draft.metadata.annotations = annotations;
  });
}

export function scaleReplicaSet(
  ctx: ControllerContext,
  d: KubeObject,
  rs: KubeObject,
  to: number,
  desired: number,
  maxReplicas: number,
): KubeObject {
  const from = replicasOf(rs);
  const updated = ctx.store.mutate(REPLICASETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
    draft.spec = { ...((draft.spec as object | undefined) ?? {}), replicas: to };
    draft.metadata.annotations = {
      ...(draft.metadata.annotations ?? {}),
      [DESIRED_REPLICAS]: String(desired),
      [MAX_REPLICAS]: String(maxReplicas),
    };
  });
  if (from !== to) {
    recordEvent(ctx.store, ctx.clock, {
      about: d,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
      component: 'deployment-controller',
    });
  }
  return updated;
}

export function reconcileNewReplicaSet(
  ctx: ControllerContext,
  d: KubeObject,
  newRS: KubeObject,
  all: KubeObject[],
  desired: number,
  maxSurge: number,
): KubeObject {
  const current = replicasOf(newRS);
  if (current > desired) return scaleReplicaSet(ctx, d, newRS, desired, desired, desired + maxSurge);
  if (current === desired) return newRS;
  const total = all.reduce((sum, rs) => sum + replicasOf(rs), 0);
  const maxTotal = desired + maxSurge;
  if (total >= maxTotal) return newRS;
  const scaleUp = Math.min(maxTotal - total, desired - current);
  return scaleReplicaSet(ctx, d, newRS, current + scaleUp, desired, maxTotal);
}

export function reconcileOldReplicaSets(
  ctx: ControllerContext,
  d: KubeObject,
  newRS: KubeObject,
  olds: KubeObject[],
  desired: number,
  maxSurge: number,
  maxUnavailable: number,
): void {
  let active = olds.filter((rs) => replicasOf(rs) > 0).sort(byCreation);
  if (active.length === 0) return;
  const all = [newRS, ...olds];
  const allPods = all.reduce((sum, rs) => sum + replicasOf(rs), 0);
  const minAvailable = desired - maxUnavailable;
  const newUnavailable = replicasOf(newRS) - statusOf(newRS).available;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;
  // First the old pods that are not available anyway.
  let cleaned = 0;
  active = active.map((rs) => {
    const unhealthy = replicasOf(rs) - statusOf(rs).available;
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    if (count <= 0) return rs;
    cleaned += count;
    return scaleReplicaSet(ctx, d, rs, replicasOf(rs) - count, desired, desired + maxSurge);
  });
  // Then available old pods, as far as minAvailable allows.
  const available = [newRS, ...olds].reduce((sum, rs) => sum + statusOf(rs).available, 0);
  if (available <= minAvailable) return;
  const total = Math.min(available - minAvailable, maxScaledDown - cleaned);
  let done = 0;
  for (const rs of active) {
    if (done >= total) break;
    const replicas = replicasOf(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, total - done);
    scaleReplicaSet(ctx, d, rs, replicas - count, desired, desired + maxSurge);
    done += count;
  }
}

function byCreation(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
    revisionOf(a) - revisionOf(b)
  );
}

export function cleanupOldReplicaSets(
  ctx: ControllerContext,
  d: KubeObject,
  ns: string,
  limit: number,
  newRS: KubeObject,
): void {
  const idle = ctx.replicaSets
    .ownedBy(ns, 'Deployment', d.metadata.name)
    .filter((rs) => rs.metadata.name !== newRS.metadata.name)
    .filter((rs) => replicasOf(rs) === 0 && statusOf(rs).replicas === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
    ctx.store.delete(REPLICASETS, ns, rs.metadata.name);
  }
}
