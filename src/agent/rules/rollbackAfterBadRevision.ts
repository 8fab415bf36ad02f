// Pods failing since a revision that differs from an earlier one: roll the Deployment back to it.
import { FAILING, podStatuses, recommendation, workloadOf, type RunbookRule } from './rule.js';

export const rollbackAfterBadRevision: RunbookRule = {
  name: 'bad-rollout',
  when: 'pods crash-loop, cannot pull their image or cannot start since a revision that differs from an earlier one',
  needs: ['get_deployment_history', 'get_pod_status', 'get_workload', 'list_pods'],
  recommend({ facts, target }) {
    const history = facts.history;
    const failing = podStatuses(facts).find((s) => FAILING.test(s));
    if (!failing || !history?.differsFromEarlier || !history.current) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || workload.kind !== 'Deployment' || !target.namespace) return undefined;
    // The failure must have begun with the revision: a pod older than it was failing before it.
    const revisionAge = history.current.ageMs;
    const podAge = facts.pod?.ageMs;
    if (revisionAge !== undefined && podAge !== undefined && podAge > revisionAge + 60_000) return undefined;
    const found = [
      `pod status ${failing}`,
      `revision ${history.current.revision}: ${history.current.change}`,
      ...(facts.workload?.rollout ? [`rollout ${facts.workload.rollout}`] : []),
    ];
    return {
      found,
      recommendation: recommendation({
        action: 'rollback_deployment',
        target: { kind: 'Deployment', namespace: target.namespace, name: workload.name },
        confidence: 0.75,
        reasoning: `Pods are ${failing} since revision ${history.current.revision} of ${workload.name} (${history.current.change}); roll back to the previous revision.`,
        evidence: found,
        alternatives: [{ action: 'restart_workload', why_not: 'the new revision would fail the same way' }],
      }),
    };
  },
};
