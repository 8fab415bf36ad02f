// One pod wedged not-ready for a while whose siblings are healthy, no rollout under way: delete that pod.
import { podStatuses, recommendation, workloadOf, type RunbookRule } from './rule.js';

const NOT_READY = 'Running (not ready)';

export const restartStuckPod: RunbookRule = {
  name: 'one-pod-stuck',
  when: 'exactly one pod is Running but not ready, the other replicas are Running and ready, and no rollout is recent',
  needs: ['get_workload', 'list_pods', 'get_pod_status', 'get_deployment_history'],
  recommend({ facts, target }) {
    const byStatus = facts.workload?.pods_by_status;
    if (!byStatus || !target.namespace) return undefined;
    const statuses = Object.keys(byStatus);
    const healthy = byStatus.Running ?? 0;
    if (byStatus[NOT_READY] !== 1 || healthy < 1 || statuses.some((s) => s !== 'Running' && s !== NOT_READY))
      return undefined;
    if (podStatuses(facts).some((s) => /CrashLoop|Error|BackOff/.test(s))) return undefined;
    const stuck =
      facts.pod?.status === NOT_READY
        ? facts.pod
        : facts.pods?.pods?.filter((p) => p.status === NOT_READY).length === 1
          ? facts.pods.pods.find((p) => p.status === NOT_READY)
          : undefined;
    const name = stuck ? ('pod' in stuck ? stuck.pod : stuck.name) : undefined;
    if (!name) return undefined;
    // A rollout in the window could be what wedged it: that is not a one-pod problem.
    if (facts.history?.current?.ageMs !== undefined) return undefined;
    const workload = workloadOf(facts, target);
    const found = [
      `${name} ${NOT_READY}`,
      `${healthy} sibling${healthy === 1 ? '' : 's'} Running and ready`,
      facts.history ? 'no rollout in the deployment history window' : 'deployment history not available',
      ...facts.events
        .filter((e) => e.reason === 'Unhealthy' && e.object.endsWith(name))
        .slice(0, 1)
        .map((e) => `${e.reason}: ${e.message} (x${e.count})`),
    ];
    return {
      found,
      recommendation: recommendation({
        action: 'restart_pod',
        target: { kind: 'Pod', namespace: target.namespace, name },
        confidence: 0.6,
        reasoning:
          `Only ${name} is not ready while ${healthy} siblings of ${workload?.name ?? 'the same workload'} serve: one wedged ` +
          'instance, not a bad release. Deleting it lets its controller start a fresh one.',
        evidence: found,
        alternatives: [
          { action: 'restart_workload', why_not: 'the other replicas are healthy; replacing them adds risk' },
          { action: 'rollback_deployment', why_not: 'no rollout in the window' },
        ],
      }),
    };
  },
};
