// get_pod_status: one pod's health in a few facts — status reason, node, restarts, memory/CPU usage vs limits.
import { z } from 'zod';
import { ageOf } from '../../cluster/age.js';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { ClusterError } from '../../cluster/clusterError.js';
import { formatBytes, formatCpu, formatUsage, tryParseQuantity } from '../../cluster/quantity.js';
import { clip } from '../budget.js';
import {
  containerStatuses,
  ownerOf,
  podResource,
  podStatusReason,
  readyOf,
  restartsOf,
} from '../podFacts.js';
import { defineTool } from '../tool.js';
import { nameField, namespaceField, summaryField } from './common.js';
import { eventTime } from '../eventFacts.js';

const containerSchema = z.object({
  name: z.string(),
  image: z.string(),
  state: z.string(),
  ready: z.boolean(),
  restarts: z.number(),
  last_termination: z.string().optional(),
  requests: z.string().optional().describe('e.g. "cpu 500m, memory 4Gi"'),
  limits: z.string().optional(),
  memory_usage: z.string().optional().describe('usage/limit (percent), e.g. "7.6Gi/8Gi (95%)"'),
  cpu_usage: z.string().optional(),
});

export const getPodStatus = defineTool({
  name: 'get_pod_status',
  title: 'Pod status',
  description:
    'Use first when an alert names a pod: status reason (CrashLoopBackOff, OOMKilled, Pending…), node, restarts, ' +
    'memory/CPU usage against limits, owner and recent warning events. ' +
    'Example: {"namespace": "production", "pod_name": "webapp-123"}',
  input: z.object({ namespace: namespaceField, pod_name: nameField('Pod', 'webapp-123') }),
  output: z.object({
    summary: summaryField,
    pod: z.string(),
    namespace: z.string(),
    status: z.string(),
    ready: z.string().describe('ready containers/all, e.g. "1/1"'),
    node: z.string().optional(),
    age: z.string().optional(),
    restarts: z.number(),
    owner: z.string().optional().describe('e.g. "Deployment webapp"'),
    memory_usage: z.string().optional().describe('pod total usage/limit, e.g. "7.6Gi/8Gi (95%)"'),
    cpu_usage: z.string().optional(),
    containers: z.array(containerSchema),
    annotations: z.record(z.string(), z.string()).optional(),
    recent_warnings: z.array(z.string()).optional(),
  }),
  async run({ namespace, pod_name }, { cluster, now }) {
    const pod = await cluster.get('core/pods', namespace, pod_name);
    const [metrics, events] = await Promise.all([
      cluster.find('metrics.k8s.io/pods', namespace, pod_name).catch((error: unknown) => {
        if (error instanceof ClusterError && error.reason !== 'Unreachable') return undefined;
        throw error;
      }),
      cluster
        .list('core/events', { namespace, fieldSelector: `involvedObject.name=${pod_name}` })
        .catch(() => [] as KubeObject[]),
    ]);
    const usageOf = (container: string, resource: 'cpu' | 'memory') =>
      tryParseQuantity(
        (metrics?.containers as KubeObject[] | undefined)?.find((c) => c.name === container)?.usage?.[
          resource
        ],
      );
    const statuses = new Map(containerStatuses(pod).map((s) => [s.name, s]));
    let memoryUsed: number | undefined;
    let cpuUsed: number | undefined;
    const containers: ContainerFacts[] = (pod.spec?.containers ?? []).map((c: KubeObject) => {
      const status = statuses.get(c.name);
      const memory = usageOf(c.name, 'memory');
      const cpu = usageOf(c.name, 'cpu');
      if (memory !== undefined) memoryUsed = (memoryUsed ?? 0) + memory;
      if (cpu !== undefined) cpuUsed = (cpuUsed ?? 0) + cpu;
      const memoryLimit = tryParseQuantity(c.resources?.limits?.memory);
      const cpuLimit = tryParseQuantity(c.resources?.limits?.cpu);
      return {
        name: String(c.name),
        image: String(c.image ?? ''),
        state: status?.state ?? 'not started',
        ready: status?.ready ?? false,
        restarts: status?.restarts ?? 0,
        last_termination: status?.lastTermination,
        requests: resourceText(c.resources?.requests),
        limits: resourceText(c.resources?.limits),
        memory_usage: memory !== undefined ? formatUsage(memory, memoryLimit, 'memory') : undefined,
        cpu_usage: cpu !== undefined ? formatUsage(cpu, cpuLimit, 'cpu') : undefined,
      };
    });
    // The failing containers first: a budget cut keeps the head of the list.
    containers.sort((a, b) => containerRank(a) - containerRank(b));
    const failing = containers.filter((c) => containerRank(c) === 0);
    const limitOrUndefined = (resource: 'cpu' | 'memory') =>
      (pod.spec?.containers ?? []).every((c: KubeObject) => c.resources?.limits?.[resource] !== undefined)
        ? podResource(pod.spec, resource, 'limits')
        : undefined;
    const memoryUsage =
      memoryUsed !== undefined ? formatUsage(memoryUsed, limitOrUndefined('memory'), 'memory') : undefined;
    const cpuUsage = cpuUsed !== undefined ? formatUsage(cpuUsed, limitOrUndefined('cpu'), 'cpu') : undefined;
    const status = podStatusReason(pod);
    const owner = ownerOf(pod);
    const node = pod.spec?.nodeName ? String(pod.spec.nodeName) : undefined;
    const restarts = restartsOf(pod);
    const warnings = events
      .filter((e) => e.type === 'Warning')
      .sort((a, b) => eventTime(b) - eventTime(a))
      .slice(0, 3)
      .map((e) => clip(`${e.reason}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`, 160));
    const annotations = Object.fromEntries(
      Object.entries(pod.metadata.annotations ?? {})
        .filter(([key]) => !key.startsWith('kubectl.kubernetes.io/') && !key.includes('last-applied'))
        .slice(0, 8)
        .map(([key, value]) => [key, clip(String(value), 120)]),
    );
    const summary =
      `${pod_name} ${status}${node ? ` on ${node}` : ''}` +
      (memoryUsage ? `, memory ${memoryUsage}` : '') +
      (cpuUsage ? `, cpu ${cpuUsage}` : '') +
      `, ${restarts} restart${restarts === 1 ? '' : 's'}` +
      // With several containers, say which one fails (a sidecar is easily missed).
      (containers.length > 1 && failing.length > 0 && failing.length < containers.length
        ? `; failing: ${failing.map(describeContainer).join('; ')}`
        : '');
    return {
      summary,
      pod: pod_name,
      namespace,
      status,
      ready: readyOf(pod),
      node,
      age: ageOf(pod.metadata.creationTimestamp, now),
      restarts,
      owner: owner ? `${owner.kind} ${owner.name}` : undefined,
      memory_usage: memoryUsage,
      cpu_usage: cpuUsage,
      containers,
      annotations: Object.keys(annotations).length ? annotations : undefined,
      recent_warnings: warnings.length ? warnings : undefined,
    };
  },
});

export function resourceText(list: Record<string, string> | undefined): string | undefined {
  if (!list) return undefined;
  const parts: string[] = [];
  const cpu = tryParseQuantity(list.cpu);
  const memory = tryParseQuantity(list.memory);
  if (cpu !== undefined) parts.push(`cpu ${formatCpu(cpu)}`);
  if (memory !== undefined) parts.push(`memory ${formatBytes(memory)}`);
  return parts.length ? parts.join(', ') : undefined;
}

export { eventTime };

type ContainerFacts = z.infer<typeof containerSchema>;

/** 0 a failing container (not ready, restarting, not running), 1 a healthy one. */
function containerRank(container: ContainerFacts): number {
  return !container.ready || container.restarts > 0 || container.state !== 'running' ? 0 : 1;
}

function describeContainer(c: ContainerFacts): string {
  return (
    `${c.name} ${c.state}${c.ready ? '' : ' (not ready)'}, ${c.restarts} restarts` +
    (c.last_termination ? `, last ${c.last_termination}` : '') +
    (c.memory_usage ? `, memory ${c.memory_usage}` : '')
  );
}
