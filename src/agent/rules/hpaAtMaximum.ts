// An autoscaler pinned at maxReplicas: raise the maximum within the policy's replica bound.
import { maxReplicasFrom, recommendation, type RunbookRule } from './rule.js';

export const hpaAtMaximum: RunbookRule = {
  name: 'hpa-at-maximum',
  when: 'the HorizontalPodAutoscaler runs at maxReplicas',
  needs: ['get_hpa_status'],
  recommend({ facts, target }) {
    const hpa = facts.hpa;
    const max = hpa?.max_replicas;
    const current = hpa?.current_replicas;
    const atMax = hpa?.at_max === true || (current !== undefined && max !== undefined && current >= max);
    if (!hpa || !atMax || max === undefined || !target.namespace) return undefined;
    const name = hpa.hpa || (target.kind === 'HorizontalPodAutoscaler' ? target.name : target.workload);
    if (!name) return undefined;
    const newMax = Math.min(Math.max(max + 1, Math.ceil(max * 1.5)), maxReplicasFrom(max));
    const found = [`HPA ${name} at ${current ?? max}/${max} replicas`];
    return {
      found,
      recommendation: recommendation({
        action: 'patch_hpa',
        target: { kind: 'HorizontalPodAutoscaler', namespace: target.namespace, name },
        parameters: { max_replicas: newMax },
        confidence: 0.7,
        reasoning: `The autoscaler is at its maximum of ${max} replicas and cannot add more; raise maxReplicas to ${newMax}.`,
        evidence: found,
        alternatives: [{ action: 'scale_workload', why_not: 'the HPA would scale it back' }],
      }),
    };
  },
};
