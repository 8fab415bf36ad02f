// expand_pvc: grow a PersistentVolumeClaim's storage request; a volume never shrinks.
import { z } from 'zod';
import { formatBytes, tryParseQuantity } from '../../cluster/quantity.js';
import { defineAction } from '../actionDefinition.js';
import { type Draft, pin, refOf, refuse, targetOf } from '../draft.js';
import { type KubeObject, refText } from '../kube.js';
import { patchCommands } from '../kubectlCommand.js';
import { quantity } from '../parameters.js';

const parameters = z
  .object({ size: quantity('storage').describe('new storage request, larger than today, e.g. "20Gi"') })
  .strict();

export const expandPvc = defineAction({
  type: 'expand_pvc',
  summary: 'grow a PersistentVolumeClaim (cannot be shrunk afterwards)',
  parameters,
  example: { size: '20Gi' },
  risk: 'medium',
  destructive: false,
  targetKinds: ['PersistentVolumeClaim'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'spec.resources.requests.storage',
  revert: 'none: a volume cannot shrink',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const pvc = await input.cluster.read(ref);
    const beforeText = pvc.spec?.resources?.requests?.storage as string | undefined;
    const before = tryParseQuantity(beforeText);
    const after = tryParseQuantity(input.parameters.size) as number;
    if (before !== undefined && after <= before) {
      return refuse(
        'invalid',
        `${refText(ref)} already requests ${formatBytes(before)}; a volume can only grow (asked for ${formatBytes(after)})`,
      );
    }
    return {
      target: targetOf(ref),
      ref,
      object: pvc,
      steps: [
        {
          kind: 'patch',
          ref,
          ops: [
            pin(pvc),
            { op: 'add', path: '/spec/resources/requests/storage', value: input.parameters.size },
          ],
          description: `grow ${refText(ref)} to ${input.parameters.size}`,
        },
      ],
      changes: [
        {
          object: refText(ref),
          field: 'storage request',
          before: before === undefined ? 'none' : formatBytes(before),
          after: formatBytes(after),
        },
      ],
      direction: 'up',
      verification: `${refText(ref)} requests ${input.parameters.size} (capacity follows when the volume is resized)`,
      bounded: before === undefined ? [] : [{ field: 'storage request', unit: 'resource', before, after }],
      warnings: [],
    };
  },

  async verify({ target, parameters: { size } }, { cluster }) {
    const ref = refOf(target);
    const pvc = await cluster.read(ref);
    const want = tryParseQuantity(size) ?? 0;
    const capacity = tryParseQuantity(pvc.status?.capacity?.storage);
    if ((tryParseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0) < want)
      return { state: 'failed', message: `${refText(ref)} request is not ${size}` };
    if (capacity !== undefined && capacity >= want)
      return { state: 'done', message: `${refText(ref)} has ${String(pvc.status?.capacity?.storage)}` };
    const pending = (pvc.status?.conditions ?? []).map((c: KubeObject) => c.type).join(', ');
    return {
      state: 'waiting',
      message: `${refText(ref)} capacity ${String(pvc.status?.capacity?.storage ?? 'unknown')}${pending ? ` (${pending})` : ''}`,
    };
  },

  kubectl: ({ steps }) => patchCommands(steps),
});
