// The Deployment's status as the controller writes it: replica counts and the Available, ReplicaFailure and
// Progressing conditions (NewReplicaSetAvailable, ReplicaSetUpdated, ProgressDeadlineExceeded) rollout status reads.
import { isoSeconds, type KubeObject } from '../store.js';
import { findCondition, sameJson, setCondition, type Condition } from './podState.js';
import {
  fenceposts,
  replicasOf,
  specOf,
  statusOf,
  type DeploymentSpec,
  type DeploymentStatus,
} from './deploymentModel.js';
import { DEPLOYMENTS, keyOf, type ControllerContext } from './runtime.js';

export function writeStatus(
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
