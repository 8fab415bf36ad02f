// get_pdb_status: PodDisruptionBudgets of a namespace (or those covering one workload) and whether they allow
// any voluntary disruption now (drain, rollout, restart).
import { z } from 'zod';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { selectorMatches, selectorString } from '../podFacts.js';
import { defineTool } from '../tool.js';
import { kubernetesName, namespaceField, summaryField } from './common.js';

export const getPdbStatus = defineTool({
  name: 'get_pdb_status',
  title: 'PodDisruptionBudgets',
  description:
    'Use before recommending restart_pod, drain_node or a rollout: each PodDisruptionBudget in a namespace (or the ' +
    'ones covering one workload’s pods), its minAvailable/maxUnavailable, healthy vs desired pods and how many ' +
    'disruptions are allowed now (0 blocks evictions). Example: {"namespace": "production", "workload": "webapp"}',
  input: z.object({
    namespace: namespaceField,
    workload: kubernetesName('subdomain', 'workload name', 'webapp')
      .optional()
      .describe('only PDBs selecting this workload’s pods, e.g. "webapp"'),
  }),
  output: z.object({
    summary: summaryField,
    namespace: z.string(),
    pdbs: z.array(
      z.object({
        name: z.string(),
        selector: z.string(),
        rule: z.string().describe('e.g. "minAvailable 2"'),
        healthy: z.string().describe('current healthy/desired healthy'),
        disruptions_allowed: z.number(),
        blocks_evictions: z.boolean(),
      }),
    ),
  }),
  async run({ namespace, workload }, { cluster }) {
    let pdbs = await cluster.list('policy/poddisruptionbudgets', { namespace });
    if (workload) {
      const owner = (
        await Promise.all(
          ['apps/deployments', 'apps/statefulsets', 'apps/daemonsets'].map((r) =>
            cluster.find(r, namespace, workload),
          ),
        )
      ).find(Boolean);
      if (!owner) throw new Error(`workload ${workload} not found in namespace ${namespace}`);
      const labels: Record<string, string> = owner.spec?.template?.metadata?.labels ?? {};
      pdbs = pdbs.filter((pdb) => pdb.spec?.selector && selectorMatches(pdb.spec.selector, labels));
    }
    const rows = pdbs.map((pdb: KubeObject) => {
      const allowed = Number(pdb.status?.disruptionsAllowed ?? 0);
      return {
        name: pdb.metadata.name,
        selector: selectorString(pdb.spec?.selector) || 'all pods',
        rule:
          pdb.spec?.minAvailable !== undefined
            ? `minAvailable ${pdb.spec.minAvailable}`
            : `maxUnavailable ${pdb.spec?.maxUnavailable ?? '?'}`,
        healthy: `${pdb.status?.currentHealthy ?? '?'}/${pdb.status?.desiredHealthy ?? '?'}`,
        disruptions_allowed: allowed,
        blocks_evictions: allowed === 0,
      };
    });
    const blocking = rows.filter((r) => r.blocks_evictions);
    return {
      summary: rows.length
        ? `${rows.length} PDB${rows.length === 1 ? '' : 's'}${workload ? ` cover ${workload}` : ` in ${namespace}`}; ${
            blocking.length
              ? `${blocking.map((r) => r.name).join(', ')} allow no disruption now`
              : 'all allow at least one disruption'
          }`
        : `no PodDisruptionBudget ${workload ? `covers ${workload}` : `in ${namespace}`}: evictions are not limited`,
      namespace,
      pdbs: rows,
    };
  },
});
