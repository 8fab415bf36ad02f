// A ResourceQuota refusing new pods: escalate naming the quota, what is used, and how to make room.
import { type RunbookRule } from './rule.js';
import { namedEscalation } from './escalate.js';

const EXCEEDED =
  /exceeded quota: ([\w.-]+), requested: ([^,]+(?:,[^,:]+=[^,]+)*), used: ([^,]+), limited: ([^,\s]+)/;

export const quotaExhausted: RunbookRule = {
  name: 'quota-exhausted',
  when: 'pod creation is refused with "exceeded quota", or a quota line is at 100%',
  needs: ['get_events', 'check_resource_quotas'],
  recommend({ facts, alert, target }) {
    const event = facts.events.find((e) => e.reason === 'FailedCreate' && EXCEEDED.test(e.message));
    const full = facts.quotas?.find((q) => /\(100%\)/.test(q.used));
    if (!event && !full) return undefined;
    const namespace = target.namespace ?? '';
    const match = event ? EXCEEDED.exec(event.message) : null;
    const quota = match?.[1] ?? full?.quota ?? 'unknown';
    const detail = match
      ? `requested ${match[2]}, used ${match[3]}, limited ${match[4]}`
      : `${full?.resource} ${full?.used}`;
    const found = [
      ...(event
        ? [`${event.reason} on ${event.object}: ${event.message.slice(0, 200)} (x${event.count})`]
        : []),
      ...(full ? [`quota ${full.quota} ${full.resource} ${full.used}`] : []),
    ];
    return {
      found,
      recommendation: namedEscalation(
        alert,
        target,
        `ResourceQuota ${quota} in ${namespace} refuses new pods: ${detail}`,
        `raise the quota or free requests in ${namespace} (kubectl -n ${namespace} describe quota ${quota})`,
        found,
        [
          { action: 'scale_workload', why_not: 'new pods are refused by the quota' },
          { action: 'rollback_deployment', why_not: 'the rollout is blocked by the quota, not failing' },
        ],
      ),
    };
  },
};
