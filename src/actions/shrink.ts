// Plans that take serving capacity or protection away — scale to 0 or below an HPA's minimum or a PDB's
// minAvailable, an HPA capped below today's replicas, a PDB relaxed to nothing, a drain — are high risk and
// approved only by typing the target: shrinking is never low-stakes.
import type { ActionType } from './catalogue/index.js';
import type { ActionCluster, KubeObject } from './kube.js';
import type { Draft } from './draft.js';
import type { PolicyFinding } from './planTypes.js';
import { confirmationPhrase } from './policy.js';
import { selectorMatches } from '../mcp/podFacts.js';

const whole = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : /^\d+$/.test(String(value ?? '')) ? Number(value) : undefined;

/** What a scale-down to `after` replicas runs into: zero, the HPA's floor, a PDB's minAvailable. */
async function scaleDownReasons(draft: Draft, cluster: ActionCluster, after: number): Promise<string[]> {
  const reasons = after === 0 ? ['scales to 0 replicas: nothing serves until it is scaled up again'] : [];
  const { namespace, name, kind } = draft.target;
  if (!namespace) return reasons;
  const [autoscalers, budgets] = await Promise.all([
    cluster.autoscalers(namespace).catch(() => [] as KubeObject[]),
    cluster.podDisruptionBudgets(namespace).catch(() => [] as KubeObject[]),
  ]);
  for (const hpa of autoscalers) {
    const ref = hpa.spec?.scaleTargetRef;
    const min = whole(hpa.spec?.minReplicas) ?? 1;
    if (ref?.kind === kind && ref?.name === name && after < min)
      reasons.push(`below HorizontalPodAutoscaler ${hpa.metadata.name}'s minimum of ${min}`);
  }
  const podLabels = draft.object?.spec?.template?.metadata?.labels as Record<string, string> | undefined;
  for (const pdb of budgets) {
    const min = whole(pdb.spec?.minAvailable);
    if (min !== undefined && after < min && selectorMatches(pdb.spec?.selector, podLabels))
      reasons.push(`below PodDisruptionBudget ${pdb.metadata.name}'s minAvailable of ${min}`);
  }
  return reasons;
}

/** Why this draft shrinks what protects or serves the workload; empty when it does not. */
async function shrinkReasons(action: ActionType, draft: Draft, cluster: ActionCluster): Promise<string[]> {
  switch (action) {
    case 'scale_workload': {
      const replicas = draft.bounded.find((b) => b.field === 'replicas');
      if (!replicas || replicas.after >= replicas.before) return [];
      return scaleDownReasons(draft, cluster, replicas.after);
    }
    case 'patch_hpa': {
      const max = draft.bounded.find((b) => b.field === 'maxReplicas');
      const current = whole(draft.object?.status?.currentReplicas);
      return max && current !== undefined && max.after < current
        ? [`caps the autoscaler at ${max.after}, below the ${current} replicas running now`]
        : [];
    }
    case 'relax_pdb': {
      const toNothing = draft.changes.some(
        (c) =>
          (c.field === 'minAvailable' && /^0%?$/.test(c.after)) ||
          (c.field === 'maxUnavailable' && c.after === '100%'),
      );
      return [
        toNothing
          ? 'relaxes the budget to nothing: every pod it protects may be evicted at once'
          : 'lowers the disruption budget: fewer pods stay up during evictions',
      ];
    }
    case 'drain_node': {
      const evictions = draft.steps.filter((s) => s.kind === 'evict_pod').length;
      return [`drains the node: evicts ${evictions} pod(s) and stops new ones landing there`];
    }
    default:
      return [];
  }
}

/** The finding for a shrink, with its confirmation; undefined when the plan shrinks nothing. */
export async function shrinkCheck(
  action: ActionType,
  draft: Draft,
  cluster: ActionCluster,
): Promise<{ finding: PolicyFinding; confirmation: { phrase: string; reason: string } } | undefined> {
  const reasons = await shrinkReasons(action, draft, cluster);
  if (reasons.length === 0) return undefined;
  const phrase = confirmationPhrase(draft.target);
  const reason = `high risk: ${reasons.join('; ')}: type "${phrase}" to approve`;
  return {
    finding: { check: 'shrink', level: 'confirm', message: reason },
    confirmation: { phrase, reason },
  };
}
