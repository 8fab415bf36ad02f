// scale_workload: set the replica count of a Deployment or StatefulSet, warning when an HPA would undo it.
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { type Draft, pin, refOf, refuse, targetOf, workloadOf } from '../draft.js';
import { refText } from '../kube.js';
import { kubectl, resourceArg } from '../kubectlCommand.js';
import { count } from '../parameters.js';
import { lookAtRollout } from '../rollout.js';

const parameters = z
  .object({
    replicas: count('replicas').pipe(z.number().min(0).max(1000)).describe('new replica count, e.g. 5'),
  })
  .strict();

export const scaleWorkload = defineAction({
  type: 'scale_workload',
  summary: 'change the replica count of a Deployment or StatefulSet',
  parameters,
  example: { replicas: 5 },
  risk: 'medium',
  destructive: false,
  targetKinds: ['Deployment', 'StatefulSet', 'Pod'],
  writes: 'cluster',
  addsLoad: true,
  changes: 'spec.replicas',
  revert: 'scale_workload back to the previous replica count',

  async plan(input): Promise<Draft> {
    const { ref, object } = await workloadOf(input.cluster, input.requested, ['Deployment', 'StatefulSet']);
    const before = Number(object.spec?.replicas ?? 1);
    const after = input.parameters.replicas;
    if (before === after) return refuse('nothing_to_change', `${refText(ref)} already has ${after} replicas`);
    const warnings: string[] = [];
    const hpas = ref.namespace ? await input.cluster.autoscalers(ref.namespace).catch(() => []) : [];
    const hpa = hpas.find(
      (h) => h.spec?.scaleTargetRef?.kind === ref.kind && h.spec?.scaleTargetRef?.name === ref.name,
    );
    if (hpa) {
      warnings.push(
        `HorizontalPodAutoscaler ${hpa.metadata.name} manages ${ref.name} (min ${hpa.spec?.minReplicas ?? 1}, max ${hpa.spec?.maxReplicas}); it may undo this — consider patch_hpa`,
      );
    }
    return {
      target: targetOf(ref),
      ref,
      object,
      steps: [
        {
          kind: 'patch',
          ref,
          ops: [pin(object), { op: 'add', path: '/spec/replicas', value: after }],
          description: `set ${refText(ref)} replicas to ${after}`,
        },
      ],
      changes: [{ object: refText(ref), field: 'replicas', before: String(before), after: String(after) }],
      direction: after > before ? 'up' : 'down',
      verification: `${refText(ref)} has ${after} available replicas`,
      bounded: [{ field: 'replicas', unit: 'replicas', before, after }],
      capacity:
        after > before
          ? {
              kind: 'scale',
              namespace: ref.namespace ?? '',
              workload: ref.name,
              workloadKind: ref.kind as 'Deployment' | 'StatefulSet',
              replicas: after,
            }
          : undefined,
      inverse: { action: 'scale_workload', parameters: { replicas: before } },
      warnings,
    };
  },

  verify: (plan, { cluster }) => lookAtRollout(cluster, refOf(plan.target)),

  kubectl: ({ target, parameters }) => [
    kubectl(target.namespace, 'scale', resourceArg(target), `--replicas=${parameters.replicas}`),
  ],
});
