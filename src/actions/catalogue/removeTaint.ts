// remove_taint: take a taint (one effect, or every effect of its key) off a node.
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { type Draft, pin, refOf, refuse, targetOf } from '../draft.js';
import { type KubeObject, refText } from '../kube.js';
import { commandLine } from '../kubectlCommand.js';

const parameters = z
  .object({
    key: z.string({ error: 'key is the taint key to remove, e.g. "node.kubernetes.io/unreachable"' }).min(1),
    effect: z
      .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], {
        error: 'effect must be NoSchedule, PreferNoSchedule or NoExecute',
      })
      .optional()
      .describe('only the taint with this effect; every effect of the key when left out'),
  })
  .strict();

export const removeTaint = defineAction({
  type: 'remove_taint',
  summary: 'remove a taint from a node',
  parameters,
  example: { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
  risk: 'medium',
  destructive: false,
  targetKinds: ['Node'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'spec.taints loses the matching taint(s)',
  revert: 'add the taint back (the plan shows it)',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const node = await input.cluster.read(ref);
    const taints: KubeObject[] = node.spec?.taints ?? [];
    const { key, effect } = input.parameters;
    const removed = taints.filter((t) => t.key === key && (!effect || t.effect === effect));
    if (!removed.length) {
      const present = taints.map((t) => `${t.key}:${t.effect}`).join(', ') || 'none';
      return refuse(
        'nothing_to_change',
        `node ${ref.name} has no taint ${key}${effect ? `:${effect}` : ''} (taints: ${present})`,
      );
    }
    const kept = taints.filter((t) => !removed.includes(t));
    return {
      target: targetOf(ref),
      ref,
      object: node,
      steps: [
        {
          kind: 'patch',
          ref,
          ops: [pin(node), { op: 'replace', path: '/spec/taints', value: kept }],
          description: `remove taint ${key} from node ${ref.name}`,
        },
      ],
      changes: removed.map((t) => ({
        object: refText(ref),
        field: 'taint',
        before: `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`,
        after: 'removed',
      })),
      verification: `node ${ref.name} no longer has taint ${key}`,
      bounded: [],
      warnings: [],
    };
  },

  async verify({ target, parameters: { key, effect } }, { cluster }) {
    const node = await cluster.read(refOf(target));
    const still = ((node.spec?.taints ?? []) as KubeObject[]).some(
      (t) => t.key === key && (!effect || t.effect === effect),
    );
    return still
      ? { state: 'failed', message: `node ${target.name} still has taint ${key}` }
      : { state: 'done', message: `node ${target.name} no longer has taint ${key}` };
  },

  // `key:Effect-` removes one effect, `key-` every effect of the key — the same choice the planner makes.
  kubectl: ({ target, parameters: { key, effect } }) => [
    commandLine('kubectl', 'taint', 'nodes', target.name, `${key}${effect ? `:${effect}` : ''}-`),
  ],
});
