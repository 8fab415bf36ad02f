// When each revision of a Deployment started (its ReplicaSets' creation times), and which one a step began with.
import type { ClusterClient } from '../cluster/clusterClient.js';
import type { StepChange } from './trend.js';

export interface Rollout {
  revision: string;
  /** Unix seconds. */
  startedAt: number;
}

const REVISION = 'deployment.kubernetes.io/revision';

/** The Deployment's revisions from its ReplicaSets, oldest first. */
export async function deploymentRollouts(
  cluster: ClusterClient,
  namespace: string,
  deployment: string,
): Promise<Rollout[]> {
  const replicaSets = await cluster.list('apps/replicasets', { namespace });
  return replicaSets
    .filter((rs) =>
      rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === deployment),
    )
    .map((rs) => ({
      revision: rs.metadata.annotations?.[REVISION] ?? rs.metadata.name,
      startedAt: Date.parse(rs.metadata.creationTimestamp ?? '') / 1000,
    }))
    .filter((r) => Number.isFinite(r.startedAt))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** The Deployment a pod belongs to (pod → ReplicaSet → Deployment), or undefined. */
export async function deploymentOfPod(
  cluster: ClusterClient,
  namespace: string,
  pod: string,
): Promise<string | undefined> {
  const object = await cluster.find('core/pods', namespace, pod);
  const owner = object?.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
  if (!owner) return undefined;
  const rs = await cluster.find('apps/replicasets', namespace, owner.name);
  return rs?.metadata.ownerReferences?.find((o) => o.kind === 'Deployment')?.name;
}

/**
 * The rollout that started at a step: the latest one started before the step's point and no earlier than
 * `toleranceSeconds` before it (new pods take a while to start and to grow).
 */
export function rolloutAtStep(
  step: StepChange,
  rollouts: Rollout[],
  stepSeconds: number,
  toleranceSeconds = 15 * 60,
): Rollout | undefined {
  return rollouts
    .filter(
      (r) => r.startedAt <= step.at + stepSeconds && r.startedAt >= step.at - stepSeconds - toleranceSeconds,
    )
    .at(-1);
}
