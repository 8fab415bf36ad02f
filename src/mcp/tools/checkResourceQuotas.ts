// check_resource_quotas: how much of each namespace quota is used, and how much headroom is left.
import { z } from 'zod';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { formatQuantity, formatUsage, tryParseQuantity, type QuantityKind } from '../../cluster/quantity.js';
import { defineTool } from '../tool.js';
import { namespaceField, summaryField } from './common.js';

export function quotaKind(resource: string): QuantityKind {
  if (/cpu/.test(resource)) return 'cpu';
  if (/memory|storage/.test(resource)) return 'memory';
  return 'count';
}

export interface QuotaLine {
  quota: string;
  resource: string;
  used: number;
  hard: number;
}

/** Every hard limit of every quota in the namespace with its current use. */
export async function quotaLines(
  cluster: { list: (r: string, o: { namespace: string }) => Promise<KubeObject[]> },
  namespace: string,
): Promise<QuotaLine[]> {
  const quotas = await cluster.list('core/resourcequotas', { namespace });
  const lines: QuotaLine[] = [];
  for (const quota of quotas) {
    const hard: Record<string, string> = quota.status?.hard ?? quota.spec?.hard ?? {};
    const used: Record<string, string> = quota.status?.used ?? {};
    for (const [resource, limit] of Object.entries(hard)) {
      lines.push({
        quota: quota.metadata.name,
        resource,
        used: tryParseQuantity(used[resource]) ?? 0,
        hard: tryParseQuantity(limit) ?? 0,
      });
    }
  }
  return lines;
}

export const checkResourceQuotas = defineTool({
  name: 'check_resource_quotas',
  title: 'Resource quotas',
  description:
    'Use before recommending more replicas or bigger requests/limits in a namespace: each ResourceQuota limit ' +
    '(requests.memory, limits.cpu, pods…) with used/hard and the headroom left, tightest first. ' +
    'Example: {"namespace": "production"}',
  input: z.object({ namespace: namespaceField }),
  output: z.object({
    summary: summaryField,
    namespace: z.string(),
    quotas: z.array(
      z.object({
        quota: z.string(),
        resource: z.string(),
        used: z.string().describe('used/hard (percent)'),
        headroom: z.string(),
      }),
    ),
  }),
  async run({ namespace }, { cluster }) {
    const lines = await quotaLines(cluster, namespace);
    lines.sort((a, b) => b.used / (b.hard || 1) - a.used / (a.hard || 1));
    const tightest = lines[0];
    const summary = tightest
      ? `${lines.length} quota limit${lines.length === 1 ? '' : 's'} in ${namespace}; tightest ${tightest.resource} ${formatUsage(tightest.used, tightest.hard, quotaKind(tightest.resource))}`
      : `no ResourceQuota in ${namespace}: only node capacity limits growth`;
    return {
      summary,
      namespace,
      quotas: lines.map((l) => ({
        quota: l.quota,
        resource: l.resource,
        used: formatUsage(l.used, l.hard, quotaKind(l.resource)),
        headroom: formatQuantity(Math.max(0, l.hard - l.used), quotaKind(l.resource)),
      })),
    };
  },
});
