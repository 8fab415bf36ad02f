// check_scaling_feasibility: "can webapp scale to 5 replicas?" — added pods' requests against what each eligible
// node can fit, quota headroom and HPA bounds, answered feasible or not with the reasons and numbers.
import { z } from 'zod';
import type { ClusterClient, KubeObject } from '../../cluster/clusterClient.js';
import { formatBytes, formatCpu, formatQuantity, formatUsage } from '../../cluster/quantity.js';
import { nodeCapacities } from '../nodeFacts.js';
import { nodeRefusesTemplate, placePods, placementText } from '../placement.js';
import { podResource } from '../podFacts.js';
import { defineTool } from '../tool.js';
import { quotaKind, quotaLines } from './checkResourceQuotas.js';
import { nameField, namespaceField, summaryField } from './common.js';
import { findWorkload, workloadKindField } from './workloads.js';

/** How a quota resource grows when pods with these requests/limits are added. */
export function quotaGrowth(
  resource: string,
  pods: number,
  spec: KubeObject | undefined,
): number | undefined {
  switch (resource) {
    case 'pods':
    case 'count/pods':
      return pods;
    case 'cpu':
    case 'requests.cpu':
      return pods * podResource(spec, 'cpu', 'requests');
    case 'memory':
    case 'requests.memory':
      return pods * podResource(spec, 'memory', 'requests');
    case 'limits.cpu':
      return pods * podResource(spec, 'cpu', 'limits');
    case 'limits.memory':
      return pods * podResource(spec, 'memory', 'limits');
    default:
      return undefined;
  }
}

/** Quota lines that would be exceeded by the growth `grow(resource)`; also the lines for the answer. */
export async function quotaCheck(
  cluster: ClusterClient,
  namespace: string,
  grow: (resource: string) => number | undefined,
): Promise<{ lines: string[]; breaches: string[] }> {
  const lines: string[] = [];
  const breaches: string[] = [];
  for (const line of await quotaLines(cluster, namespace)) {
    const growth = grow(line.resource);
    if (growth === undefined || growth === 0) continue;
    const kind = quotaKind(line.resource);
    const after = line.used + growth;
    const text = `${line.quota} ${line.resource}: ${formatUsage(after, line.hard, kind)} after (+${formatQuantity(growth, kind)})`;
    lines.push(text);
    if (after > line.hard) {
      breaches.push(`quota ${text}, over by ${formatQuantity(after - line.hard, kind)}`);
    }
  }
  return { lines, breaches };
}

export async function hpaFor(cluster: ClusterClient, namespace: string, kind: string, name: string) {
  const hpas = await cluster
    .list('autoscaling/horizontalpodautoscalers', { namespace })
    .catch(() => [] as KubeObject[]);
  return hpas.find((h) => h.spec?.scaleTargetRef?.kind === kind && h.spec?.scaleTargetRef?.name === name);
}

export const checkScalingFeasibility = defineTool({
  name: 'check_scaling_feasibility',
  title: 'Scaling feasibility',
  description:
    'Use before recommending scale_deployment: can the workload run `replicas` pods? Places the added pods by ' +
    'their requests on the nodes they may use (taints, cordons, nodeSelector respected), checks namespace quota ' +
    'headroom and HPA min/max, and answers feasible with reasons and numbers. ' +
    'Example: {"namespace": "production", "workload": "webapp", "replicas": 5}',
  input: z.object({
    namespace: namespaceField,
    workload: nameField('Deployment or StatefulSet', 'webapp'),
    replicas: z.number().int().min(0).max(10_000).describe('replica count wanted'),
    kind: workloadKindField,
  }),
  output: z.object({
    summary: summaryField,
    feasible: z.boolean(),
    workload: z.string(),
    current_replicas: z.number(),
    requested_replicas: z.number(),
    pods_to_add: z.number(),
    per_pod_requests: z.string(),
    added_requests: z.string().optional(),
    placement: z
      .string()
      .optional()
      .describe('where the added pods would fit, e.g. "worker-03: 1, worker-01: 1"'),
    eligible_nodes: z.number(),
    blockers: z.array(z.string()),
    only_node_room: z
      .boolean()
      .optional()
      .describe('when not feasible: true if room on the nodes is all that is short (more nodes would do)'),
    quota: z.array(z.string()),
    hpa: z.string().optional(),
  }),
  async run({ namespace, workload, replicas, kind }, { cluster }) {
    const found = await findWorkload(cluster, namespace, workload, kind);
    if (found.kind === 'DaemonSet') {
      throw new Error(
        `${workload} is a DaemonSet: it runs one pod per eligible node and has no replica count to scale`,
      );
    }
    const spec = found.object.spec?.template?.spec;
    const current = Number(found.object.spec?.replicas ?? 1);
    const added = Math.max(0, replicas - current);
    const cpu = podResource(spec, 'cpu', 'requests');
    const memory = podResource(spec, 'memory', 'requests');
    const nodes = await nodeCapacities(cluster);
    const eligible = nodes.filter((n) => nodeRefusesTemplate(n, spec) === undefined);
    const placement = placePods(
      added,
      { cpu, memory },
      eligible.map((n) => ({
        name: n.name,
        cpu: n.available.cpu,
        memory: n.available.memory,
        pods: n.available.pods,
      })),
    );
    const blockers: string[] = [];
    if (placement.unplaced > 0) {
      const largest = eligible.reduce((max, n) => Math.max(max, n.available.memory), 0);
      blockers.push(
        `${placement.unplaced} of ${added} added pods fit on no node (each needs cpu ${formatCpu(cpu)}, memory ${formatBytes(memory)}; ` +
          `${eligible.length} eligible nodes, most free memory ${formatBytes(largest)})`,
      );
    }
    const quota = await quotaCheck(cluster, namespace, (resource) => quotaGrowth(resource, added, spec));
    blockers.push(...quota.breaches);
    const hpa = await hpaFor(cluster, namespace, found.kind, workload);
    let hpaText: string | undefined;
    if (hpa) {
      const min = Number(hpa.spec?.minReplicas ?? 1);
      const max = Number(hpa.spec?.maxReplicas ?? 0);
      hpaText = `HPA ${hpa.metadata.name} manages ${workload} within ${min}-${max}; a manual scale is overridden at its next sync`;
      if (replicas > max)
        blockers.push(
          `HPA ${hpa.metadata.name} allows at most ${max} replicas: raise maxReplicas (update_hpa)`,
        );
      if (replicas < min)
        blockers.push(`HPA ${hpa.metadata.name} keeps at least ${min} replicas: lower minReplicas`);
    }
    const feasible = blockers.length === 0;
    const onlyNodeRoom = placement.unplaced > 0 && blockers.length === 1;
    const perPod = `cpu ${formatCpu(cpu)}, memory ${formatBytes(memory)}`;
    return {
      summary: feasible
        ? `${workload} can scale ${current}→${replicas}${added ? `: the ${added} added pod${added === 1 ? '' : 's'} (${perPod} each) fit on ${placementText(placement)}` : ''}`
        : `${workload} cannot scale ${current}→${replicas}: ${blockers[0]}`,
      feasible,
      workload: `${found.kind} ${workload}`,
      current_replicas: current,
      requested_replicas: replicas,
      pods_to_add: added,
      per_pod_requests: perPod,
      added_requests: added
        ? `cpu ${formatCpu(cpu * added)}, memory ${formatBytes(memory * added)}`
        : undefined,
      placement: placement.placed.size ? placementText(placement) : undefined,
      eligible_nodes: eligible.length,
      blockers,
      ...(feasible ? {} : { only_node_room: onlyNodeRoom }),
      quota: quota.lines,
      hpa: hpaText,
    };
  },
});
