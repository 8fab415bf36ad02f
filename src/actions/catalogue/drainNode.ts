// drain_node: cordon a node and evict its pods through the eviction API, so PodDisruptionBudgets are honoured.
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { type Draft, controllerOf, pin, refOf, refuse, targetOf } from '../draft.js';
import { type KubeObject, type ObjectRef, refText } from '../kube.js';
import { commandLine } from '../kubectlCommand.js';
import { count } from '../parameters.js';
import type { PlannedStep } from '../planSteps.js';

const parameters = z
  .object({
    grace_period_seconds: count('grace_period_seconds')
      .pipe(z.number().min(0).max(3600))
      .optional()
      .describe('seconds each evicted pod gets to stop; the pod’s own setting when left out'),
  })
  .strict();

/** Pods a drain leaves alone: DaemonSet pods (recreated in place), mirror pods, finished pods. */
function drainSkips(pod: KubeObject): string | undefined {
  if (controllerOf(pod)?.kind === 'DaemonSet') return 'DaemonSet';
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) return 'mirror';
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 'finished';
  return undefined;
}

/** Evicting a pod loses its emptyDir data (kubectl drain asks for --delete-emptydir-data). */
function emptyDirWarning(pods: KubeObject[]): string[] {
  const names = pods
    .filter((p) => ((p.spec?.volumes ?? []) as KubeObject[]).some((v) => v.emptyDir !== undefined))
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  if (!names.length) return [];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return [`${names.length} evicted pod(s) use emptyDir volumes whose data is lost: ${shown}`];
}

export const drainNode = defineAction({
  type: 'drain_node',
  summary: 'cordon a node and evict its pods, honouring PodDisruptionBudgets (DaemonSet pods stay)',
  parameters,
  example: {},
  risk: 'high',
  destructive: true,
  targetKinds: ['Node'],
  writes: 'cluster',
  addsLoad: true,
  changes: 'spec.unschedulable = true, then one eviction per pod not owned by a DaemonSet',
  revert: 'uncordon_node; evicted pods are recreated elsewhere by their controllers',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const node = await input.cluster.read(ref);
    const pods = await input.cluster.podsOnNode(ref.name);
    const evict = pods.filter((p) => !drainSkips(p));
    const kept = pods.length - evict.length;
    const bare = evict.filter((p) => !controllerOf(p));
    if (bare.length) {
      return refuse(
        'policy',
        `node ${ref.name} runs pods no controller would recreate (${bare.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}); move or delete them first`,
      );
    }
    const steps: PlannedStep[] = [];
    const cordoned = Boolean(node.spec?.unschedulable);
    if (!cordoned) {
      steps.push({
        kind: 'patch',
        ref,
        ops: [pin(node), { op: 'add', path: '/spec/unschedulable', value: true }],
        description: `cordon node ${ref.name}`,
      });
    }
    for (const pod of evict) {
      const podRef: ObjectRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
      steps.push({
        kind: 'evict_pod',
        ref: podRef,
        uid: pod.metadata.uid ?? '',
        gracePeriodSeconds: input.parameters.grace_period_seconds,
        description: `evict ${refText(podRef)}`,
      });
    }
    return {
      target: targetOf(ref),
      ref,
      object: node,
      steps,
      changes: [
        { object: refText(ref), field: 'unschedulable', before: String(cordoned), after: 'true' },
        {
          object: refText(ref),
          field: `pods on the node${kept ? ` (${kept} DaemonSet/mirror/finished pods stay)` : ''}`,
          before: String(pods.length),
          after: String(kept),
        },
      ],
      verification: `node ${ref.name} is unschedulable and its evicted pods are gone`,
      bounded: [],
      capacity: { kind: 'drain', node: ref.name, pods: evict },
      inverse: { action: 'uncordon_node', parameters: {} },
      warnings: emptyDirWarning(evict),
    };
  },

  async verify({ target }, { cluster, facts }) {
    const ref = refOf(target);
    const node = await cluster.read(ref);
    if (!node.spec?.unschedulable)
      return { state: 'failed', message: `node ${ref.name} is schedulable again; someone uncordoned it` };
    const left = (await cluster.podsOnNode(ref.name)).filter((p) =>
      facts.removedPods.some((r) => r.uid === p.metadata.uid),
    );
    if (left.length)
      return { state: 'waiting', message: `${left.length} evicted pod(s) still terminating on ${ref.name}` };
    return {
      state: 'done',
      message: `node ${ref.name} is cordoned and its ${facts.removedPods.length} evicted pods are gone`,
    };
  },

  kubectl: ({ target, parameters }) => [
    commandLine(
      'kubectl',
      'drain',
      target.name,
      '--ignore-daemonsets',
      '--delete-emptydir-data',
      parameters.grace_period_seconds === undefined
        ? undefined
        : `--grace-period=${parameters.grace_period_seconds}`,
    ),
  ],
});
