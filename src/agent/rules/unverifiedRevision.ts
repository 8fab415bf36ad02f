// Pods failing since a revision whose change the evidence does not show: escalate to compare the revisions.
import { FAILING, podStatuses, workloadOf, type RunbookRule } from './rule.js';
import { namedEscalation } from './escalate.js';

export const unverifiedRevision: RunbookRule = {
  name: 'revision-change-unknown',
  when: 'pods fail since a revision that changed the pod template but not the image (or only restarted it)',
  needs: ['get_deployment_history', 'get_pod_status', 'get_pod_logs'],
  recommend({ facts, alert, target }) {
    const current = facts.history?.current;
    const failing = podStatuses(facts).find((s) => FAILING.test(s));
    if (!current || !failing || (current.differs !== 'unknown' && current.differs !== 'restart-only'))
      return undefined;
    const workload = workloadOf(facts, target);
    const ns = target.namespace ?? 'default';
    const name = workload?.name ?? facts.history?.deployment ?? 'the deployment';
    const log = facts.logs?.lines?.at(-1);
    const found = [
      `pod status ${failing}`,
      `revision ${current.revision}: ${current.change}`,
      ...(log ? [`log: ${log.slice(0, 200)}`] : []),
    ];
    return {
      found,
      recommendation: namedEscalation(
        alert,
        target,
        `pods are ${failing} since revision ${current.revision} of ${name}, which kept the image; what it changed (or whether only a restart picked up an edited ConfigMap/Secret) is not in the evidence`,
        `compare revisions (kubectl -n ${ns} rollout history deployment/${name} --revision=${current.revision}) and the ConfigMaps/Secrets the pods read; roll back only if the template change is the cause`,
        found,
        [
          {
            action: 'rollback_deployment',
            why_not: 'a rollback reverts the template, not an edited ConfigMap or Secret',
          },
          { action: 'restart_workload', why_not: 'new pods fail the same way' },
        ],
      ),
    };
  },
};
