// The Deployment controller's sync: which ReplicaSet is new (a new one per pod template), the rollout strategy
// (RollingUpdate or Recreate) applied to it and the old ones, then the status. Moves in deploymentRollout.ts,
// status in deploymentStatus.ts.
import { isoSeconds, type KubeObject } from '../store.js';
import {
  findCondition,
  isControlledBy,
  matchesSelector,
  ownerReferenceTo,
  setCondition,
  controllerOf,
} from './podState.js';
import type { Condition, LabelSelector } from './podState.js';
import { sameTemplate, templateKey, type PodTemplate } from './podTemplate.js';
import {
  REVISION,
  fenceposts,
  replicasOf,
  revisionOf,
  specOf,
  type DeploymentStatus,
} from './deploymentModel.js';
import {
  bumpRevision,
  cleanupOldReplicaSets,
  createNewReplicaSet,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleReplicaSet,
} from './deploymentRollout.js';
import { writeStatus } from './deploymentStatus.js';
import { DEPLOYMENTS, REPLICASETS, keyOf, splitKey, type ControllerContext } from './runtime.js';

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
