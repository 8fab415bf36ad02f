// A claim filling up: expand it when its StorageClass allows expansion, else escalate naming the class.
import { formatBytes, tryParseQuantity } from '../../cluster/quantity.js';
import { recommendation, RESOURCE_FACTOR, type RunbookRule } from './rule.js';
import { namedEscalation } from './escalate.js';
import { roundUpMemory } from './sizing.js';

const FILLING = /FillingUp|VolumeFull|OutOfSpace|LowSpace|Inodes/i;

export const volumeFillingUp: RunbookRule = {
  name: 'volume-filling-up',
  when: 'the alert is about a PersistentVolumeClaim filling up; expand when its class allows expansion',
  needs: ['get_pvc_status'],
  recommend({ facts, alert, target }) {
    if (target.kind !== 'PersistentVolumeClaim' || !target.name || !FILLING.test(alert.name))
      return undefined;
    const ns = target.namespace ?? 'default';
    const volume = facts.volume;
    const capacity = tryParseQuantity(volume?.capacity);
    if (volume?.allows_expansion === true && capacity) {
      // Half again, rounded to a whole Gi, within the policy's per-change factor.
      const size = Math.min(roundUpMemory(capacity * 1.5), capacity * RESOURCE_FACTOR);
      const found = [
        `claim ${target.name} ${volume.usage ?? 'filling up'}, capacity ${volume.capacity}`,
        `StorageClass ${volume.storage_class ?? '?'} allows volume expansion`,
      ];
      return {
        found,
        recommendation: recommendation({
          action: 'expand_pvc',
          target: { kind: 'PersistentVolumeClaim', namespace: ns, name: target.name },
          parameters: { size: formatBytes(size) },
          confidence: 0.7,
          reasoning: `${target.name} is filling up and its StorageClass allows expansion; grow it from ${volume.capacity} to ${formatBytes(size)}.`,
          evidence: found,
          alternatives: [
            { action: 'escalate', why_not: 'the class allows expansion, so kopilot can make room now' },
          ],
        }),
      };
    }
    const klass = volume?.storage_class;
    const found = [
      `alert ${alert.name} on PersistentVolumeClaim ${ns}/${target.name}`,
      ...(volume ? [`StorageClass ${klass ?? '?'} does not allow volume expansion`] : []),
    ];
    return {
      found,
      recommendation: namedEscalation(
        alert,
        target,
        volume
          ? `PersistentVolumeClaim ${ns}/${target.name} is filling up and its StorageClass ${klass ?? '?'} does not allow expansion`
          : `PersistentVolumeClaim ${ns}/${target.name} is filling up; whether its StorageClass allows expansion is not in the evidence`,
        volume
          ? `free space, or migrate the data to a claim of an expandable class (kubectl get storageclass ${klass ?? ''})`
          : `check the class (kubectl -n ${ns} get pvc ${target.name} -o jsonpath='{.spec.storageClassName}'; kubectl get storageclass <class> for allowVolumeExpansion), then expand the claim or free space`,
        found,
        [
          {
            action: 'expand_pvc',
            why_not: volume
              ? 'the StorageClass refuses expansion'
              : 'not shown that its class allows expansion',
          },
        ],
      ),
    };
  },
};
