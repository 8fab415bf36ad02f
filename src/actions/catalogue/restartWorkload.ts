// restart_workload: a rolling restart of a Deployment, StatefulSet or DaemonSet, as `kubectl rollout restart` does.
import { defineAction } from '../actionDefinition.js';
import { WORKLOAD_KINDS } from '../actionTarget.js';
import { type Draft, RESTARTED_AT, pin, refOf, revisionOf, targetOf, workloadOf } from '../draft.js';
import { type JsonPatchOp, pointer, refText } from '../kube.js';
import { kubectl, resourceArg } from '../kubectlCommand.js';
import { noParameters } from '../parameters.js';
import { lookAtRollout } from '../rollout.js';

export const restartWorkload = defineAction({
  type: 'restart_workload',
  summary: 'rolling restart of a Deployment, StatefulSet or DaemonSet (like kubectl rollout restart)',
  parameters: noParameters,
  example: {},
  risk: 'medium',
  destructive: true,
  targetKinds: [...WORKLOAD_KINDS, 'Pod'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'the pod-template annotation kubectl.kubernetes.io/restartedAt; every pod is replaced in turn',
  revert: 'none needed; pods already replaced cannot be brought back',

  async plan(input): Promise<Draft> {
    const { ref, object } = await workloadOf(input.cluster, input.requested, WORKLOAD_KINDS);
    const stamp = input.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const template = object.spec?.template ?? {};
    const before = template.metadata?.annotations?.[RESTARTED_AT];
    const ops: JsonPatchOp[] = [pin(object)];
    if (!template.metadata)
      ops.push({
        op: 'add',
        path: '/spec/template/metadata',
        value: { annotations: { [RESTARTED_AT]: stamp } },
      });
    else if (!template.metadata.annotations) {
      ops.push({ op: 'add', path: '/spec/template/metadata/annotations', value: { [RESTARTED_AT]: stamp } });
    } else
      ops.push({
        op: 'add',
        path: pointer(['spec', 'template', 'metadata', 'annotations', RESTARTED_AT]),
        value: stamp,
      });
    const replicas = Number(object.spec?.replicas ?? object.status?.desiredNumberScheduled ?? 1);
    const revision = revisionOf(object);
    return {
      target: targetOf(ref),
      ref,
      object,
      steps: [{ kind: 'patch', ref, ops, description: `rolling restart of ${refText(ref)}` }],
      changes: [
        {
          object: refText(ref),
          field: `pod template annotation ${RESTARTED_AT}`,
          before: before ?? 'none',
          after: stamp,
        },
        {
          object: refText(ref),
          field: 'pods replaced one by one',
          before: String(replicas),
          after: String(replicas),
        },
      ],
      verification: `rollout of ${refText(ref)} until every replica is restarted and available`,
      bounded: [],
      revisionBefore: revision,
      inverse:
        ref.kind === 'Deployment' && revision
          ? { action: 'rollback_deployment', parameters: { revision } }
          : undefined,
      warnings: [],
    };
  },

  verify: (plan, { cluster }) => lookAtRollout(cluster, refOf(plan.target)),

  kubectl: ({ target }) => [kubectl(target.namespace, 'rollout', 'restart', resourceArg(target))],
});
