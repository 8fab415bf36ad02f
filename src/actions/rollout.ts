// Waiting for a workload after a change, as `kubectl rollout status` does, and reading objects that may be gone.
import { podStatusReason, selectorMatches } from '../mcp/podFacts.js';
import type { Look } from './actionDefinition.js';
import { type ActionCluster, type KubeObject, type ObjectRef, KubeFailure, refText } from './kube.js';

export async function readOrGone(cluster: ActionCluster, ref: ObjectRef): Promise<KubeObject | undefined> {
  try {
    return await cluster.read(ref);
  } catch (error) {
    if (error instanceof KubeFailure && error.status === 404) return undefined;
    throw error;
  }
}

/** Why the workload's newest pods are not available: "webapp-7d9-x: CrashLoopBackOff". */
async function unhealthyPods(cluster: ActionCluster, workload: KubeObject): Promise<string> {
  const namespace = workload.metadata.namespace ?? '';
  const pods = (await cluster.pods(namespace)).filter((p) =>
    selectorMatches(workload.spec?.selector, p.metadata.labels),
  );
  const bad = pods
    .map((p) => ({ name: p.metadata.name, reason: podStatusReason(p) }))
    .filter((p) => !/^Running$/.test(p.reason) || false)
    .slice(0, 3);
  return bad.map((p) => `${p.name}: ${p.reason}`).join(', ');
}

/** The rollout check `kubectl rollout status` makes. */
export async function lookAtRollout(cluster: ActionCluster, ref: ObjectRef): Promise<Look> {
  const w = await cluster.read(ref);
  const status = (w.status ?? {}) as Record<string, number | undefined> & { conditions?: KubeObject[] };
  const generation = w.metadata.generation ?? 0;
  if ((status.observedGeneration ?? 0) < generation)
    return { state: 'waiting', message: `waiting for ${refText(ref)} to see the change` };
  if (ref.kind === 'Deployment') {
    const want = Number(w.spec?.replicas ?? 1);
    const stuck = status.conditions?.find(
      (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
    );
    if (stuck) {
      const pods = await unhealthyPods(cluster, w);
      return {
        state: 'failed',
        message: `rollout of ${refText(ref)} exceeded its progress deadline: ${stuck.message ?? ''}${pods ? ` (${pods})` : ''}`,
      };
    }
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const total = status.replicas ?? 0;
    if (updated >= want && available >= want && total <= want) {
      return {
        state: 'done',
        message: `${refText(ref)}: ${available}/${want} replicas updated and available`,
      };
    }
    return {
      state: 'waiting',
      message: `${refText(ref)}: ${updated}/${want} updated, ${available} available`,
    };
  }
  if (ref.kind === 'StatefulSet') {
    const want = Number(w.spec?.replicas ?? 1);
    const ready = status.readyReplicas ?? 0;
    const updated = status.updatedReplicas ?? 0;
    const revisionsMatch =
      !w.status?.updateRevision || w.status?.currentRevision === w.status?.updateRevision;
    if (ready >= want && (updated >= want || revisionsMatch))
      return { state: 'done', message: `${refText(ref)}: ${ready}/${want} ready` };
    return { state: 'waiting', message: `${refText(ref)}: ${updated}/${want} updated, ${ready} ready` };
  }
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  if (updated >= desired && available >= desired)
    return { state: 'done', message: `${refText(ref)}: ${available}/${desired} available` };
  return {
    state: 'waiting',
    message: `${refText(ref)}: ${updated}/${desired} updated, ${available} available`,
  };
}
