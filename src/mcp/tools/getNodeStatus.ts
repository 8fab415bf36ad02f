// get_node_status: one node's health — conditions, pressure, taints, cordon, allocatable vs requested vs used.
import { z } from 'zod';
import { ageOf } from '../../cluster/age.js';
import { formatBytes, formatQuantity, formatUsage } from '../../cluster/quantity.js';
import { clip, countBy } from '../budget.js';
import { nodeCapacities, refusal, type CapacityResource } from '../nodeFacts.js';
import { podResource, podStatusReason } from '../podFacts.js';
import { defineTool } from '../tool.js';
import { ClusterError } from '../../cluster/clusterError.js';
import { closestNames } from '../../cluster/closestNames.js';
import { KIND_OF } from './checkNodeCapacity.js';
import { nameField, summaryField } from './common.js';

export const getNodeStatus = defineTool({
  name: 'get_node_status',
  title: 'Node status',
  description:
    'Use when a pod’s node may be the problem (pressure, NotReady, full): conditions, memory/disk/PID pressure, ' +
    'taints, cordon, and per resource allocatable vs requested vs used, plus the biggest pods by memory request. ' +
    'Example: {"node_name": "worker-02"}',
  input: z.object({ node_name: nameField('Node', 'worker-02') }),
  output: z.object({
    summary: summaryField,
    node: z.string(),
    ready: z.boolean(),
    schedulable: z.boolean(),
    note: z.string().optional(),
    age: z.string().optional(),
    pressure: z.array(z.string()),
    taints: z.array(z.string()),
    conditions: z.array(z.string()),
    resources: z.record(
      z.string(),
      z.object({
        allocatable: z.string(),
        requested: z.string(),
        available: z.string(),
        usage: z.string().optional(),
      }),
    ),
    pods_by_status: z.record(z.string(), z.number()),
    top_memory_requests: z.array(z.string()),
  }),
  async run({ node_name }, { cluster, now }) {
    const nodes = await nodeCapacities(cluster);
    const node = nodes.find((n) => n.name === node_name);
    if (!node) {
      const suggestions = closestNames(
        node_name,
        nodes.map((n) => n.name),
      );
      throw new ClusterError(
        'NotFound',
        `Node ${node_name} not found${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : `; ${nodes.length} nodes exist`}`,
        { status: 404, suggestions },
      );
    }
    const pods = (await cluster.list('core/pods')).filter((p) => p.spec?.nodeName === node_name);
    const resources: Record<
      string,
      { allocatable: string; requested: string; available: string; usage?: string }
    > = {};
    for (const resource of ['memory', 'cpu', 'storage', 'pods'] as CapacityResource[]) {
      const kind = KIND_OF[resource];
      const used = resource === 'cpu' || resource === 'memory' ? node.usage?.[resource] : undefined;
      resources[resource] = {
        allocatable: formatQuantity(node.allocatable[resource], kind),
        requested: formatUsage(node.requested[resource], node.allocatable[resource], kind),
        available: formatQuantity(node.available[resource], kind),
        usage: used !== undefined ? formatUsage(used, node.allocatable[resource], kind) : undefined,
      };
    }
    const why = refusal(node);
    const top = pods
      .map((p) => ({ p, memory: podResource(p.spec, 'memory', 'requests') }))
      .sort((a, b) => b.memory - a.memory)
      .slice(0, 5)
      .map(({ p, memory }) => `${p.metadata.namespace}/${p.metadata.name} ${formatBytes(memory)}`);
    return {
      summary: `${node_name} ${node.ready ? 'Ready' : 'NotReady'}${why ? `, ${why}` : ''}${
        node.pressure.length ? `, ${node.pressure.join(', ')}` : ''
      }; memory requested ${resources.memory?.requested}${resources.memory?.usage ? `, used ${resources.memory.usage}` : ''}`,
      node: node_name,
      ready: node.ready,
      schedulable: why === undefined,
      note: why,
      age: ageOf(node.node.metadata.creationTimestamp, now),
      pressure: node.pressure,
      taints: node.taints,
      conditions: conditionsAbnormalFirst((node.node.status?.conditions ?? []) as NodeCondition[]),
      resources,
      pods_by_status: countBy(pods, podStatusReason),
      top_memory_requests: top,
    };
  },
});

interface NodeCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** Every condition, abnormal ones first (Ready not True, any other condition True), with its reason and message. */
export function conditionsAbnormalFirst(conditions: NodeCondition[]): string[] {
  const abnormal = (c: NodeCondition) => (c.type === 'Ready' ? c.status !== 'True' : c.status === 'True');
  return [...conditions]
    .sort((a, b) => Number(abnormal(b)) - Number(abnormal(a)))
    .map((c) => {
      const why = abnormal(c) && c.message ? `: ${clip(String(c.message), 120)}` : '';
      return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${why}`;
    });
}
