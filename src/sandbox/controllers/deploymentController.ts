// The Deployment controller: new ReplicaSet per pod template, rolling updates within maxSurge/maxUnavailable,
// revisions for `kubectl rollout undo`, and the status and conditions `kubectl rollout status` reads.
import { isoSeconds, type KubeObject } from '../store.js';
import { recordEvent } from './events.js';
import {
  findCondition,
  isControlledBy,
  matchesSelector,
  ownerReferenceTo,
  sameJson,
  setCondition,
  controllerOf,
} from './podState.js';
import type { Condition, LabelSelector } from './podState.js';
import { podTemplateHash, sameTemplate, templateKey, type PodTemplate } from './podTemplate.js';
import { DEPLOYMENTS, REPLICASETS, keyOf, splitKey, type ControllerContext } from './runtime.js';

export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

interface DeploymentSpec {
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

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

/**
 * The ReplicaSet each Deployment had when the sandbox started, with the template it had then: scenario
 * files may write a ReplicaSet's template slightly differently from its Deployment's, which must not
 * start a rollout by itself.
 */
export type DeploymentBaselines = Map<string, { template: string; replicaSet: string }>;

export function recordBaselines(ctx: ControllerContext): DeploymentBaselines {
  const baselines: DeploymentBaselines = new Map();
  for (const d of ctx.store.list(DEPLOYMENTS)) {
    const owned = ctx.replicaSets.ownedBy(d.metadata.namespace ?? '', 'Deployment', d.metadata.name);
    const newest = owned.sort((a, b) => revisionOf(b) - revisionOf(a))[0];
    if (newest) {
      baselines.set(keyOf(d), {
        template: templateKey(specOf(d).template),
        replicaSet: newest.metadata.name,
      });
    }
  }
  return baselines;
}

export function syncDeployment(ctx: ControllerContext, key: string, baselines: DeploymentBaselines): void {
  const { namespace, name } = splitKey(key);
  const found = ctx.store.get(DEPLOYMENTS, namespace, name);
  if (!found || found.metadata.deletionTimestamp) return;
  const ns = namespace ?? 'default';
  let d = found;
  const spec = specOf(d);
  const desired = spec.replicas ?? 1;
  const replicaSets = claimReplicaSets(ctx, d, ns, spec.selector);
  const baseline = baselines.get(key);
  let newRS = findNewReplicaSet(d, replicaSets, baseline);
  const conditions: Condition[] = [...((d.status as DeploymentStatus | undefined)?.conditions ?? [])];
  const nowIso = isoSeconds(ctx.clock.now());
  let progressingOverride: Condition | undefined;

  if (spec.paused) {
    writeStatus(ctx, d, replicaSets, newRS, undefined);
    return;
  }

  const { maxSurge, maxUnavailable } = fenceposts(spec, desired);
  const maxRevision = Math.max(0, ...replicaSets.filter((rs) => rs !== newRS).map(revisionOf));
  if (!newRS) {
    newRS = createNewReplicaSet(ctx, d, ns, spec, replicaSets, maxRevision + 1, maxSurge);
    replicaSets.push(newRS);
    progressingOverride = {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "${newRS.metadata.name}"`,
      lastUpdateTime: nowIso,
    };
  } else if (revisionOf(newRS) <= maxRevision || revisionOf(newRS) === 0) {
    newRS = bumpRevision(ctx, newRS, maxRevision + 1);
    if (!findCondition(d, 'Progressing')) {
      progressingOverride = {
        type: 'Progressing',
        status: 'True',
        reason: 'FoundNewReplicaSet',
        message: `Found new replica set "${newRS.metadata.name}"`,
        lastUpdateTime: nowIso,
      };
    }
  }
  if (d.metadata.annotations?.[REVISION] !== String(revisionOf(newRS))) {
    const revision = String(revisionOf(newRS));
    d = ctx.store.mutate(DEPLOYMENTS, d.metadata.namespace, d.metadata.name, (draft) => {
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [REVISION]: revision };
    });
  }
  if (progressingOverride) {
    const next = setCondition(conditions, progressingOverride, nowIso);
    conditions.splice(0, conditions.length, ...next);
  }

  const olds = replicaSets.filter((rs) => rs !== newRS);
  if (spec.strategy?.type === 'Recreate') {
    let oldRunning = false;
    for (const rs of olds) {
      if (replicasOf(rs) > 0) {
        scaleReplicaSet(ctx, d, rs, 0, desired, desired);
        oldRunning = true;
      }
      if (((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) > 0) oldRunning = true;
    }
    if (!oldRunning && replicasOf(newRS) !== desired)
      scaleReplicaSet(ctx, d, newRS, desired, desired, desired);
  } else {
    newRS = reconcileNewReplicaSet(ctx, d, newRS, replicaSets, desired, maxSurge);
    reconcileOldReplicaSets(ctx, d, newRS, olds, desired, maxSurge, maxUnavailable);
  }
  cleanupOldReplicaSets(ctx, d, ns, spec.revisionHistoryLimit ?? 10, newRS);
  const fresh = claimReplicaSets(ctx, d, ns, spec.selector);
  const currentNew = fresh.find((rs) => rs.metadata.name === newRS?.metadata.name);
  writeStatus(ctx, d, fresh, currentNew, conditions);
}

function specOf(d: KubeObject): DeploymentSpec {
  return (d.spec ?? {}) as DeploymentSpec;
}

export function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function replicasOf(rs: KubeObject): number {
  return (rs.spec as { replicas?: number } | undefined)?.replicas ?? 0;
}

function statusOf(rs: KubeObject | undefined): { replicas: number; ready: number; available: number } {
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

/** The Deployment's ReplicaSets; matching ones without a controller (or pointing at a stale uid) are adopted. */
function claimReplicaSets(
  ctx: ControllerContext,
  d: KubeObject,
  ns: string,
  selector: LabelSelector | undefined,
): KubeObject[] {
  const out: KubeObject[] = [];
  const candidates = [
    ...ctx.replicaSets.ownedBy(ns, 'Deployment', d.metadata.name),
    ...ctx.replicaSets.orphans(ns),
  ];
  for (const rs of candidates) {
    const ref = controllerOf(rs);
    const ours = isControlledBy(rs, d);
    const orphan = !ref && matchesSelector(rs.metadata.labels, selector);
    if (!ours && !orphan) continue;
    if (orphan || ref?.uid !== d.metadata.uid) {
      const owner = ownerReferenceTo(d);
      out.push(
        ctx.store.mutate(REPLICASETS, ns, rs.metadata.name, (draft) => {
          const others = (draft.metadata.ownerReferences ?? []).filter((o) => o.controller !== true);
          draft.metadata.ownerReferences = [...others, owner];
        }),
      );
    } else {
      out.push(rs);
    }
  }
  return out;
}

function findNewReplicaSet(
  d: KubeObject,
  replicaSets: KubeObject[],
  baseline: { template: string; replicaSet: string } | undefined,
): KubeObject | undefined {
  const template = specOf(d).template;
  if (baseline && baseline.template === templateKey(template)) {
    const rs = replicaSets.find((r) => r.metadata.name === baseline.replicaSet);
    if (rs) return rs;
  }
  const matching = replicaSets
    .filter((rs) => sameTemplate((rs.spec as { template?: PodTemplate }).template, template))
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  return matching[0];
}

function createNewReplicaSet(
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

function bumpRevision(ctx: ControllerContext, rs: KubeObject, revision: number): KubeObject {
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

function scaleReplicaSet(
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

function reconcileNewReplicaSet(
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

function reconcileOldReplicaSets(
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

function cleanupOldReplicaSets(
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

function writeStatus(
  ctx: ControllerContext,
  d: KubeObject,
  replicaSets: KubeObject[],
  newRS: KubeObject | undefined,
  conditionsIn: Condition[] | undefined,
): void {
  const spec = specOf(d);
  const desired = spec.replicas ?? 1;
  const previous = (d.status ?? {}) as DeploymentStatus;
  const sum = (pick: (s: ReturnType<typeof statusOf>) => number) =>
    replicaSets.reduce((total, rs) => total + pick(statusOf(rs)), 0);
  const available = sum((s) => s.available);
  const totalSpec = replicaSets.reduce((total, rs) => total + replicasOf(rs), 0);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum((s) => s.replicas),
    updatedReplicas: statusOf(newRS).replicas,
    readyReplicas: sum((s) => s.ready),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, totalSpec - available),
  };
  const nowIso = isoSeconds(ctx.clock.now());
  let conditions = conditionsIn ?? previous.conditions ?? [];
  const { maxUnavailable } = fenceposts(spec, desired);
  conditions = setCondition(
    conditions,
    available >= desired - maxUnavailable
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    nowIso,
  );
  conditions = keepUpdateTime(conditions, previous.conditions, 'Available', nowIso);
  // A ReplicaSet that cannot create pods (quota, admission) shows on the Deployment as ReplicaFailure.
  const failing = replicaSets
    .map((rs) => findCondition(rs, 'ReplicaFailure'))
    .find((c) => c?.status === 'True');
  if (failing) {
    conditions = setCondition(
      conditions,
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: failing.reason ?? 'FailedCreate',
        message: failing.message ?? '',
      },
      nowIso,
    );
    conditions = keepUpdateTime(conditions, previous.conditions, 'ReplicaFailure', nowIso);
  } else {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  if (conditionsIn && newRS && !spec.paused)
    conditions = progressing(ctx, d, spec, status, previous, conditions, newRS);
  status.conditions = conditions;
  if (previous.collisionCount) status.collisionCount = previous.collisionCount;
  for (const k of [
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'updatedReplicas',
    'replicas',
  ] as const) {
    if (status[k] === 0) delete status[k];
  }
  if (sameJson(previous, status) || ctx.loadedStatus.holds(DEPLOYMENTS, d)) return;
  ctx.store.mutate(DEPLOYMENTS, d.metadata.namespace, d.metadata.name, (draft) => {
    draft.status = status;
  });
}

/** lastUpdateTime of a condition moves only when its status, reason or message changes. */
function keepUpdateTime(
  conditions: Condition[],
  previous: Condition[] | undefined,
  type: string,
  nowIso: string,
): Condition[] {
  const before = previous?.find((c) => c.type === type);
  return conditions.map((c) => {
    if (c.type !== type) return c;
    const same =
      before && before.status === c.status && before.reason === c.reason && before.message === c.message;
    return { ...c, lastUpdateTime: same ? (before.lastUpdateTime ?? nowIso) : nowIso };
  });
}

function progressing(
  ctx: ControllerContext,
  d: KubeObject,
  spec: DeploymentSpec,
  status: DeploymentStatus,
  previous: DeploymentStatus,
  conditions: Condition[],
  newRS: KubeObject,
): Condition[] {
  const desired = spec.replicas ?? 1;
  const nowIso = isoSeconds(ctx.clock.now());
  const rsName = newRS.metadata.name;
  const current = conditions.find((c) => c.type === 'Progressing');
  const complete =
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
  const old = (s: DeploymentStatus) => (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  const madeProgress =
    (status.updatedReplicas ?? 0) > (previous.updatedReplicas ?? 0) ||
    old(status) < old(previous) ||
    (status.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (previous.availableReplicas ?? 0);
  if (complete) {
    if (current?.reason === 'NewReplicaSetAvailable' && current.message?.includes(`"${rsName}"`))
      return conditions;
    return setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
        lastUpdateTime: nowIso,
      },
      nowIso,
    );
  }
  if (madeProgress) {
    return setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${rsName}" is progressing.`,
        lastUpdateTime: nowIso,
      },
      nowIso,
    );
  }
  if (
    !current ||
    current.reason === 'NewReplicaSetAvailable' ||
    current.reason === 'ProgressDeadlineExceeded'
  ) {
    return conditions;
  }
  const deadlineMs = (spec.progressDeadlineSeconds ?? 600) * 1000;
  const since = Date.parse(current.lastUpdateTime ?? current.lastTransitionTime ?? '') || ctx.clock.nowMs();
  if (since + deadlineMs < ctx.clock.nowMs()) {
    // Stamped when the deadline passed (a snapshot loaded long after still reads right).
    const at = isoSeconds(new Date(since + deadlineMs + 1000));
    return setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${rsName}" has timed out progressing.`,
        lastUpdateTime: at,
      },
      at,
    );
  }
  ctx.wakeAt('deployment', keyOf(d), since + deadlineMs + 1000);
  return conditions;
}
