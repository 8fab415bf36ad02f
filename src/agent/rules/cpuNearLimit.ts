// CPU throttled at its limit with node room and no autoscaler at its maximum: raise the CPU limit.
import { pct, recommendation, workloadOf, type RunbookRule } from './rule.js';
import { cpuText, roundUpCpu } from './sizing.js';

export const cpuNearLimit: RunbookRule = {
  name: 'cpu-near-limit',
  when: 'CPU at ≥ 90% of the limit with node room and no HPA at its maximum',
  needs: ['get_pod_status', 'check_node_capacity', 'get_hpa_status'],
  recommend({ facts, alert, target }) {
    const cpu = facts.pod?.cpu;
    if (!/cpu|throttl/i.test(alert.name) || !cpu?.limit || (cpu.percent ?? 0) < 90) return undefined;
    if (facts.hpa?.at_max) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || !target.namespace) return undefined;
    const newLimit = Math.min(roundUpCpu(cpu.limit * 1.5), cpu.limit * 2);
    const request = facts.pod?.main?.cpuRequest ?? 0;
    if (facts.largestAvailableCpu !== undefined && facts.largestAvailableCpu < request) return undefined;
    const found = [`cpu ${cpu.used}/${cpu.limit} cores (${pct(cpu.percent)})`];
    return {
      found,
      recommendation: recommendation({
        action: 'increase_resources',
        target: { kind: workload.kind, namespace: target.namespace, name: workload.name },
        parameters: {
          ...(facts.pod?.main?.name ? { container: facts.pod.main.name } : {}),
          cpu_limit: cpuText(newLimit),
        },
        confidence: 0.6,
        reasoning: `CPU is at ${pct(cpu.percent)} of its ${cpuText(cpu.limit)} limit, so the container is throttled; raise the limit to ${cpuText(newLimit)}.`,
        evidence: found,
        alternatives: [{ action: 'scale_workload', why_not: 'throttling is per pod' }],
      }),
    };
  },
};
