// restart_pod: delete one pod a controller owns, so that the controller recreates it.
import { defineAction, type PlannedAction } from '../actionDefinition.js';
import { type Draft, controllerOf, refOf, refuse, targetOf } from '../draft.js';
import { type ActionCluster, type KubeObject, refText } from '../kube.js';
import { kubectl, resourceArg } from '../kubectlCommand.js';
import { noParameters } from '../parameters.js';
import { readOrGone } from '../rollout.js';

/** The ReplicaSet or StatefulSet that recreates the deleted pod, whose readiness verification waits for. */
async function ownerOfDeleted(cluster: ActionCluster, plan: PlannedAction): Promise<KubeObject | undefined> {
  const step = plan.steps[0];
  const owner = step?.kind === 'delete_pod' ? step.owner : undefined;
  if (!owner || !['ReplicaSet', 'StatefulSet'].includes(owner.kind)) return undefined;
  return readOrGone(cluster, {
    kind: owner.kind as 'ReplicaSet' | 'StatefulSet',
    namespace: plan.target.namespace,
    name: owner.name,
  });
}

export const restartPod = defineAction({
  type: 'restart_pod',
  summary: 'delete one pod that a controller owns so it is recreated',
  parameters: noParameters,
  example: {},
  risk: 'low',
  destructive: true,
  targetKinds: ['Pod'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'deletes the pod; its controller creates a replacement',
  revert: 'none needed; the controller recreates the pod',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const pod = await input.cluster.read(ref);
    const owner = controllerOf(pod);
    if (!owner || owner.kind === 'Node') {
      return refuse(
        'nothing_to_change',
        `${refText(ref)} has no controller: deleting it would not bring it back; restart its workload instead`,
      );
    }
    return {
      target: targetOf(ref),
      ref,
      object: pod,
      steps: [
        {
          kind: 'delete_pod',
          ref,
          uid: pod.metadata.uid ?? '',
          owner: { kind: owner.kind, name: owner.name },
          description: `delete ${refText(ref)}`,
        },
      ],
      changes: [
        {
          object: refText(ref),
          field: `pod (recreated by ${owner.kind} ${owner.name})`,
          before: String(pod.status?.phase ?? 'present'),
          after: 'deleted',
        },
      ],
      verification: `${owner.kind} ${owner.name} has replaced ${ref.name} with a ready pod`,
      bounded: [],
      warnings: [],
    };
  },

  async verify(plan, { cluster, facts }) {
    const ref = refOf(plan.target);
    const removed = facts.removedPods[0];
    const pod = removed ? await readOrGone(cluster, removed.ref) : undefined;
    if (pod && pod.metadata.uid === removed?.uid)
      return { state: 'waiting', message: `waiting for ${refText(ref)} to go away` };
    const owner = await ownerOfDeleted(cluster, plan);
    if (!owner) return { state: 'done', message: `${refText(ref)} was deleted` };
    const ready = Number(owner.status?.readyReplicas ?? 0);
    const want = Number(owner.spec?.replicas ?? 1);
    return ready >= want
      ? {
          state: 'done',
          message: `${owner.kind ?? 'owner'} ${owner.metadata.name} is back to ${ready}/${want} ready pods`,
        }
      : { state: 'waiting', message: `${owner.metadata.name}: ${ready}/${want} ready` };
  },

  kubectl: ({ target }) => [kubectl(target.namespace, 'delete', resourceArg(target))],
});
