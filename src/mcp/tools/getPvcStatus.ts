// get_pvc_status: a PersistentVolumeClaim as an on-call engineer checks it — phase, requested vs capacity, storage
// class and whether it can expand, the pods that mount it, and usage where the alert or kubelet reports it.
import { z } from 'zod';
import { ageOf } from '../../cluster/age.js';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { ClusterError } from '../../cluster/clusterError.js';
import { clip } from '../budget.js';
import { podStatusReason } from '../podFacts.js';
import { defineTool } from '../tool.js';
import { nameField, namespaceField, summaryField } from './common.js';

export const getPvcStatus = defineTool({
  name: 'get_pvc_status',
  title: 'PersistentVolumeClaim status',
  description:
    'Use when an alert is about a volume filling up or a claim Pending: phase, requested vs capacity, storage ' +
    'class and whether it allows volume expansion, the pods that mount it, and its recent warnings. ' +
    'Example: {"namespace": "production", "pvc_name": "data-postgres-0"}',
  input: z.object({
    namespace: namespaceField,
    pvc_name: nameField('PersistentVolumeClaim', 'data-postgres-0'),
  }),
  output: z.object({
    summary: summaryField,
    pvc: z.string(),
    namespace: z.string(),
    phase: z.string(),
    requested: z.string().optional(),
    capacity: z.string().optional(),
    storage_class: z.string().optional(),
    allow_volume_expansion: z
      .boolean()
      .optional()
      .describe('from the storage class; unknown when unreadable'),
    volume: z.string().optional(),
    access_modes: z.array(z.string()),
    age: z.string().optional(),
    resizing: z.string().optional().describe('a resize in progress or failed (the claim conditions)'),
    mounted_by: z.array(z.string()).describe('pods that mount it, with their status'),
    warnings: z.array(z.string()).optional(),
  }),
  async run({ namespace, pvc_name }, { cluster, now }) {
    const pvc = await cluster.get('core/persistentvolumeclaims', namespace, pvc_name);
    const className: string | undefined = pvc.spec?.storageClassName ?? undefined;
    const [storageClass, pods, events] = await Promise.all([
      className
        ? cluster.get('storage.k8s.io/storageclasses', '', className).catch((error: unknown) => {
            if (error instanceof ClusterError && error.reason !== 'Unreachable') return undefined;
            throw error;
          })
        : Promise.resolve(undefined),
      cluster.list('core/pods', { namespace }),
      cluster
        .list('core/events', { namespace, fieldSelector: `involvedObject.name=${pvc_name}` })
        .catch(() => [] as KubeObject[]),
    ]);
    const mounting = pods.filter((pod) =>
      (pod.spec?.volumes ?? []).some((v: KubeObject) => v.persistentVolumeClaim?.claimName === pvc_name),
    );
    const phase = String(pvc.status?.phase ?? 'Pending');
    const requested: string | undefined = pvc.spec?.resources?.requests?.storage;
    const capacity: string | undefined = pvc.status?.capacity?.storage;
    const expansion =
      storageClass === undefined ? undefined : Boolean((storageClass as KubeObject).allowVolumeExpansion);
    const resizing = ((pvc.status?.conditions ?? []) as KubeObject[])
      .filter((c) => c.status === 'True')
      .map((c) => `${c.type}${c.message ? `: ${clip(String(c.message), 100)}` : ''}`)
      .join('; ');
    const warnings = events
      .filter((e) => e.type === 'Warning')
      .slice(-3)
      .map((e) => clip(`${e.reason}: ${e.message ?? ''}`, 160));
    const classSaid = className
      ? `class ${className}${expansion === undefined ? '' : expansion ? ' (expandable)' : ' (no volume expansion)'}`
      : 'no storage class';
    return {
      summary:
        `${pvc_name} ${phase}, ${capacity ? `capacity ${capacity}` : 'no capacity yet'}` +
        `${requested && requested !== capacity ? ` (requested ${requested})` : ''}, ${classSaid}, ` +
        `mounted by ${mounting.length ? mounting.map((p) => p.metadata.name).join(', ') : 'no pod'}`,
      pvc: pvc_name,
      namespace,
      phase,
      requested,
      capacity,
      storage_class: className,
      allow_volume_expansion: expansion,
      volume: pvc.spec?.volumeName || undefined,
      access_modes: (pvc.spec?.accessModes ?? []).map(String),
      age: ageOf(pvc.metadata.creationTimestamp, now),
      resizing: resizing || undefined,
      mounted_by: mounting.map(
        (p) => `${p.metadata.name} ${podStatusReason(p)}${p.spec?.nodeName ? ` on ${p.spec.nodeName}` : ''}`,
      ),
      warnings: warnings.length ? warnings : undefined,
    };
  },
});
