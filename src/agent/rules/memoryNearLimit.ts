// Memory at its limit (or OOMKilled) with room on a node: raise limit and request within the policy's bound.
import { formatBytes } from '../../cluster/quantity.js';
import { pct, recommendation, workloadOf, type RunbookRule } from './rule.js';
import { memoryStep } from './sizing.js';

export const memoryNearLimit: RunbookRule = {
  name: 'memory-near-limit',
  when: 'memory at ≥ 90% of the limit (or OOMKilled), a node has room for the bigger request, and memory was not just changed',
  needs: ['get_pod_status', 'check_node_capacity', 'get_deployment_history'],
  recommend({ facts, alert, target }) {
    const pod = facts.pod;
    const main = pod?.main;
    const oom =
      pod?.containers.some((c) => c.lastReason === 'OOMKilled' || c.state === 'OOMKilled') === true ||
      /OOMKilled/.test(pod?.status ?? '') ||
      /oom/i.test(alert.name);
    const limit = pod?.memory?.limit ?? main?.memoryLimit;
    if (!pod || !limit) return undefined;
    // Without metrics (a crash-looping pod) an OOMKill means it used its whole limit.
    const used = pod.memory?.used ?? limit;
    const percent = pod.memory?.percent ?? (oom ? 100 : undefined);
    if (!oom && (percent ?? 0) < 90) return undefined;
    if (facts.history?.recentResourceChange) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || target.namespace === undefined) return undefined;
    const { newLimit, newRequest } = memoryStep(
      limit,
      oom ? Math.max(used, limit) : used,
      main?.memoryRequest,
    );
    const found = [
      `memory ${formatBytes(used)}/${formatBytes(limit)} (${pct(percent)})`,
      ...(oom ? ['last termination OOMKilled'] : []),
    ];
    if (facts.largestAvailableMemory !== undefined && facts.largestAvailableMemory < newRequest)
      return {
        found: [...found, `largest node room ${formatBytes(facts.largestAvailableMemory)} memory`],
        recommendation: recommendation({
          action: 'escalate',
          target: { kind: workload.kind, namespace: target.namespace, name: workload.name },
          parameters: {
            summary:
              `${pod.name} uses ${formatBytes(used)} of its ${formatBytes(limit)} memory limit, but no node has ` +
              `${formatBytes(newRequest)} free for a bigger request (most: ${formatBytes(facts.largestAvailableMemory)}); ` +
              `add node capacity or find the memory growth (kubectl top pod -n ${target.namespace} ${pod.name}).`,
          },
          confidence: 0.6,
          reasoning: `Memory is at its limit, but the bigger request (${formatBytes(newRequest)}) fits on no node.`,
          evidence: found,
          alternatives: [
            { action: 'increase_resources', why_not: `no node has ${formatBytes(newRequest)} memory free` },
          ],
        }),
      };
    const container = target.container ?? main?.name;
    const room =
      facts.largestAvailableMemory !== undefined
        ? `largest node room ${formatBytes(facts.largestAvailableMemory)} memory`
        : 'node room unknown: node capacity could not be read';
    const evidence = [
      found[0] as string,
      room,
      facts.history
        ? 'no recent memory change in the deployment history'
        : 'deployment history not available',
    ];
    return {
      found: [...found, room],
      recommendation: recommendation({
        action: 'increase_resources',
        target: { kind: workload.kind, namespace: target.namespace, name: workload.name },
        parameters: {
          ...(container ? { container } : {}),
          memory_limit: formatBytes(newLimit),
          memory_request: formatBytes(newRequest),
        },
        confidence: 0.8,
        reasoning:
          `${pod.name} uses ${formatBytes(used)} of its ${formatBytes(limit)} memory limit (${pct(percent)})` +
          `${oom ? ' and was OOMKilled' : ''}; raising the limit to ${formatBytes(newLimit)} and the request to ${formatBytes(newRequest)} ` +
          (facts.largestAvailableMemory !== undefined
            ? 'gives headroom, and a node can fit the new request.'
            : 'gives headroom; room on the nodes is unknown (node capacity could not be read), so the plan must check it.'),
        evidence,
        alternatives: [
          { action: 'scale_workload', why_not: 'more replicas do not lower the memory each pod needs' },
          { action: 'restart_pod', why_not: 'memory would climb back to the limit' },
        ],
      }),
    };
  },
};
