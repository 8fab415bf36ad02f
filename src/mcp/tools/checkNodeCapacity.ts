// check_node_capacity: what each node can still fit (allocatable minus requests) for one resource, most room first.
import { z } from 'zod';
import { formatQuantity, formatUsage, type QuantityKind } from '../../cluster/quantity.js';
import { clip, countBy, fitToBudget, moreNote } from '../budget.js';
import { nodeCapacities, refusal, type CapacityResource, type NodeCapacity } from '../nodeFacts.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { summaryField } from './common.js';

const resourceField = z
  .enum(['memory', 'cpu', 'storage', 'pods'])
  .describe('which resource: memory, cpu, storage (ephemeral-storage) or pods');

const nodeSchema = z.object({
  node: z.string(),
  available_memory: z
    .string()
    .optional()
    .describe('allocatable minus pod requests: what the scheduler can still fit'),
  available_cpu: z.string().optional(),
  available_storage: z.string().optional(),
  available_pods: z.string().optional(),
  requested: z.string().describe('pod requests/allocatable (percent)'),
  usage: z.string().optional().describe('live usage/allocatable from metrics (percent)'),
  schedulable: z.boolean(),
  note: z.string().optional().describe('why new pods would not land here'),
});

export const KIND_OF: Record<CapacityResource, QuantityKind> = {
  memory: 'memory',
  cpu: 'cpu',
  storage: 'memory',
  pods: 'count',
};

export function nodeLine(node: NodeCapacity, resource: CapacityResource): z.infer<typeof nodeSchema> {
  const kind = KIND_OF[resource];
  const used = resource === 'cpu' || resource === 'memory' ? node.usage?.[resource] : undefined;
  const why = refusal(node);
  return {
    node: node.name,
    [`available_${resource}`]: formatQuantity(node.available[resource], kind),
    requested: formatUsage(node.requested[resource], node.allocatable[resource], kind),
    usage: used !== undefined ? formatUsage(used, node.allocatable[resource], kind) : undefined,
    schedulable: why === undefined,
    note: why,
  };
}

export const checkNodeCapacity = defineTool({
  name: 'check_node_capacity',
  title: 'Node capacity',
  description:
    'Use before recommending more replicas or bigger requests: per node, how much of a resource the scheduler can ' +
    'still fit (allocatable minus pod requests), live usage when metrics exist, and which nodes refuse new pods ' +
    '(cordoned, tainted, NotReady). Example: {"resource_type": "memory"}',
  input: z.object({ resource_type: resourceField }),
  output: z.object({
    summary: summaryField,
    resource_type: resourceField,
    nodes_total: z.number(),
    schedulable_nodes: z.number(),
    total_available: z.string().describe('sum over schedulable nodes'),
    largest_available: z.string().optional().describe('most a single new pod could request'),
    not_schedulable: z.record(z.string(), z.number()).optional().describe('counts by reason'),
    blocked_nodes: z
      .array(z.string())
      .optional()
      .describe('nodes new pods cannot land on and why, e.g. "worker-04: tainted maintenance=x:NoSchedule"'),
    nodes: z.array(nodeSchema).describe('most available first'),
    more: z.string().optional(),
  }),
  async run({ resource_type }, { cluster, budget }) {
    const nodes = await nodeCapacities(cluster);
    const kind = KIND_OF[resource_type];
    const schedulable = nodes.filter((n) => refusal(n) === undefined);
    const blocked = nodes.filter((n) => refusal(n) !== undefined);
    const ordered = [
      ...schedulable.sort((a, b) => b.available[resource_type] - a.available[resource_type]),
      ...blocked.sort((a, b) => a.name.localeCompare(b.name)),
    ];
    const total = schedulable.reduce((sum, n) => sum + Math.max(0, n.available[resource_type]), 0);
    const largest = schedulable[0];
    const summary =
      `${nodes.length} nodes, ${schedulable.length} schedulable; ${formatQuantity(total, kind)} ${resource_type} available to schedule` +
      (largest
        ? ` (most on ${largest.name}: ${formatQuantity(largest.available[resource_type], kind)})`
        : '');
    const notSchedulable = blocked.length
      ? countBy(blocked, (n) => (refusal(n) as string).split(' ')[0] as string)
      : undefined;
    return fitToBudget(
      (limit) => {
        const shown = ordered.slice(0, limit);
        return {
          summary,
          resource_type,
          nodes_total: nodes.length,
          schedulable_nodes: schedulable.length,
          total_available: formatQuantity(total, kind),
          largest_available: largest ? formatQuantity(largest.available[resource_type], kind) : undefined,
          not_schedulable: notSchedulable,
          blocked_nodes: blocked.length
            ? blocked.slice(0, 5).map((n) => clip(`${n.name}: ${refusal(n) as string}`, 100))
            : undefined,
          nodes: shown.map((n) => nodeLine(n, resource_type)),
          more: moreNote(
            ordered.length,
            shown.length,
            'the nodes with the most room are listed; ask get_node_status for one node',
          ),
        };
      },
      renderFacts,
      budget,
    );
  },
});
