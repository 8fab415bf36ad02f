// get_hpa_status: an autoscaler's bounds, current/desired replicas, metrics against targets and whether it is stuck.
import { z } from 'zod';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { formatBytes, formatCpu, tryParseQuantity } from '../../cluster/quantity.js';
import { defineTool } from '../tool.js';
import { nameField, namespaceField, summaryField } from './common.js';

function metricLine(spec: KubeObject, status: KubeObject | undefined): string {
  if (spec.type === 'Resource') {
    const name = spec.resource?.name;
    const target = spec.resource?.target ?? {};
    const current = status?.resource?.current ?? {};
    if (target.type === 'Utilization') {
      return `${name} ${current.averageUtilization ?? '?'}% of requests (target ${target.averageUtilization}%)`;
    }
    const format = (q: unknown) => {
      const value = tryParseQuantity(q as string);
      return value === undefined ? '?' : name === 'cpu' ? formatCpu(value) : formatBytes(value);
    };
    return `${name} average ${format(current.averageValue)} (target ${format(target.averageValue ?? target.value)})`;
  }
  const metric =
    spec.pods?.metric?.name ?? spec.object?.metric?.name ?? spec.external?.metric?.name ?? spec.type;
  const target = spec.pods?.target ?? spec.object?.target ?? spec.external?.target ?? {};
  const current =
    status?.pods?.current ?? status?.object?.current ?? status?.external?.current ?? ({} as KubeObject);
  return `${metric} ${current.averageValue ?? current.value ?? '?'} (target ${target.averageValue ?? target.value ?? '?'})`;
}

export const getHpaStatus = defineTool({
  name: 'get_hpa_status',
  title: 'HPA status',
  description:
    'Use when a workload has an autoscaler, before recommending a replica count: min/max bounds, current and ' +
    'desired replicas, each metric against its target, and conditions such as ScalingLimited. ' +
    'Example: {"namespace": "production", "hpa_name": "webapp"}',
  input: z.object({ namespace: namespaceField, hpa_name: nameField('HorizontalPodAutoscaler', 'webapp') }),
  output: z.object({
    summary: summaryField,
    hpa: z.string(),
    target: z.string().describe('e.g. "Deployment webapp"'),
    min_replicas: z.number(),
    max_replicas: z.number(),
    current_replicas: z.number(),
    desired_replicas: z.number(),
    at_max: z.boolean(),
    metrics: z.array(z.string()),
    conditions: z.array(z.string()),
  }),
  async run({ namespace, hpa_name }, { cluster }) {
    const hpa = await cluster.get('autoscaling/horizontalpodautoscalers', namespace, hpa_name);
    const min = Number(hpa.spec?.minReplicas ?? 1);
    const max = Number(hpa.spec?.maxReplicas ?? 0);
    const current = Number(hpa.status?.currentReplicas ?? 0);
    const desired = Number(hpa.status?.desiredReplicas ?? current);
    const specs: KubeObject[] = hpa.spec?.metrics ?? [];
    const statuses: KubeObject[] = hpa.status?.currentMetrics ?? [];
    const metrics = specs.map((spec, i) => metricLine(spec, statuses[i]));
    const conditions = ((hpa.status?.conditions ?? []) as KubeObject[]).map(
      (c) =>
        `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${String(c.message).slice(0, 120)}` : ''}`,
    );
    const target = `${hpa.spec?.scaleTargetRef?.kind ?? '?'} ${hpa.spec?.scaleTargetRef?.name ?? '?'}`;
    const atMax = current >= max && max > 0;
    return {
      summary: `${hpa_name} scales ${target} between ${min} and ${max}; now ${current}, wants ${desired}${atMax ? ' — at its maximum' : ''}`,
      hpa: hpa_name,
      target,
      min_replicas: min,
      max_replicas: max,
      current_replicas: current,
      desired_replicas: desired,
      at_max: atMax,
      metrics,
      conditions,
    };
  },
});
