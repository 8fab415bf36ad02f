// Finding a workload by name (Deployment, StatefulSet or DaemonSet) and reading its pod template's needs.
import type { ClusterClient, KubeObject } from '../../cluster/clusterClient.js';
import { ClusterError } from '../../cluster/clusterError.js';
import { closestNames } from '../../cluster/closestNames.js';
import { z } from 'zod';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const workloadKindField = z
  .enum(WORKLOAD_KINDS)
  .optional()
  .describe('Deployment, StatefulSet or DaemonSet; default: whichever has this name');

const RESOURCE_OF: Record<WorkloadKind, string> = {
  Deployment: 'apps/deployments',
  StatefulSet: 'apps/statefulsets',
  DaemonSet: 'apps/daemonsets',
};

export interface Workload {
  kind: WorkloadKind;
  object: KubeObject;
}

/** The workload with this name; with no kind given, the first of Deployment, StatefulSet, DaemonSet. */
export async function findWorkload(
  cluster: ClusterClient,
  namespace: string,
  name: string,
  kind?: WorkloadKind,
): Promise<Workload> {
  const kinds = kind ? [kind] : [...WORKLOAD_KINDS];
  for (const k of kinds) {
    const object = await cluster.find(RESOURCE_OF[k], namespace, name);
    if (object) return { kind: k, object };
  }
  const names = (await Promise.all(kinds.map((k) => cluster.list(RESOURCE_OF[k], { namespace })))).flatMap(
    (list) => list.map((o) => o.metadata.name),
  );
  const suggestions = closestNames(name, names);
  throw new ClusterError(
    'NotFound',
    `${kind ?? 'workload'} ${name} not found in namespace ${namespace}${
      suggestions.length
        ? `; did you mean ${suggestions.join(', ')}?`
        : names.length
          ? `; workloads there: ${names.slice(0, 8).join(', ')}`
          : '; the namespace has no workloads'
    }`,
    { status: 404, suggestions },
  );
}

export function workloadPods(
  cluster: ClusterClient,
  namespace: string,
  workload: KubeObject,
): Promise<KubeObject[]> {
  const labels = Object.entries((workload.spec?.selector?.matchLabels ?? {}) as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return cluster.list('core/pods', { namespace, labelSelector: labels || undefined });
}
