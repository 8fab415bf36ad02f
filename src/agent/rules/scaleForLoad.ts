// Load-driven CPU saturation with room on the nodes and no autoscaler to add pods: scale out within the policy.
import { formatCpu } from '../../cluster/quantity.js';
import { maxReplicasFrom, pct, recommendation, workloadOf, type RunbookRule } from './rule.js';

export const scaleForLoad: RunbookRule = {
  name: 'load-saturation',
  when: 'pods use ≥ 90% of their CPU request with no CPU limit, every replica is ready, no HPA (or one below its maximum), and a node fits another pod',
  needs: ['get_pod_status', 'get_workload', 'get_hpa_status', 'check_node_capacity'],
  recommend({ facts, target }) {
    const pod = facts.pod;
    const cpu = pod?.cpu;
    const request = pod?.main?.cpuRequest;
    if (!pod || !cpu || cpu.limit !== undefined || !request || cpu.used < request * 0.9) return undefined;
    // An HPA at its maximum is the hpa-at-maximum rule's; one below it would scale by itself.
    if (!facts.noHpa) return undefined;
    const [ready, desired] = (facts.workload?.replicas ?? '').split('/').map(Number);
    if (!desired || ready !== desired || !target.namespace) return undefined;
    if (facts.largestAvailableCpu === undefined || facts.largestAvailableCpu < request) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || workload.kind === 'DaemonSet') return undefined;
    const replicas = Math.min(desired + Math.max(1, Math.ceil(desired / 2)), maxReplicasFrom(desired));
    const found = [
      `${pod.name} cpu ${formatCpu(cpu.used)} of a ${formatCpu(request)} request (${pct((cpu.used / request) * 100)}), no CPU limit`,
      `${workload.name} ${ready}/${desired} ready, no HorizontalPodAutoscaler`,
      `largest node room ${formatCpu(facts.largestAvailableCpu)} cpu`,
    ];
    return {
      found,
      recommendation: recommendation({
        action: 'scale_workload',
        target: { kind: workload.kind, namespace: target.namespace, name: workload.name },
        parameters: { replicas },
        confidence: 0.6,
        reasoning: `Every replica of ${workload.name} is busy past its CPU request with no limit throttling it and no autoscaler; the load needs more pods, and the nodes have room. Scale ${desired} → ${replicas}.`,
        evidence: found,
        alternatives: [
          {
            action: 'increase_resources',
            why_not: 'there is no CPU limit to raise; the pods are busy, not throttled',
          },
        ],
      }),
    };
  },
};
