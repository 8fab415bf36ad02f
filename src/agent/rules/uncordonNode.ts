// Pods pending because the node that would fit them is cordoned with no maintenance under way: uncordon it.
import { recommendation, type RunbookRule } from './rule.js';

export const uncordonNode: RunbookRule = {
  name: 'left-cordoned',
  when: 'pods are pending on "node(s) were unschedulable", that node is Ready and healthy, and nothing is being drained from it',
  needs: ['get_events', 'get_node_status'],
  recommend({ facts }) {
    const node = facts.node;
    if (!node?.node || node.ready !== true || node.schedulable !== false || (node.pressure ?? []).length > 0)
      return undefined;
    const pending = facts.events.find(
      (e) => e.reason === 'FailedScheduling' && /were unschedulable/.test(e.message),
    );
    if (!pending) return undefined;
    const otherTaints = (node.taints ?? []).filter((t) => !t.startsWith('node.kubernetes.io/unschedulable'));
    const draining =
      (node.pods_by_status?.Terminating ?? 0) > 0 ||
      facts.events.some((e) => /Evict|Drain|Reboot/i.test(e.reason));
    if (otherTaints.length > 0 || draining) return undefined;
    const found = [
      `${pending.reason} on ${pending.object}: ${pending.message.slice(0, 200)}`,
      `${node.node} Ready, cordoned, no pods terminating`,
    ];
    return {
      found,
      recommendation: recommendation({
        action: 'uncordon_node',
        target: { kind: 'Node', name: node.node },
        confidence: 0.55,
        reasoning: `${node.node} is Ready and healthy but still cordoned, with no drain under way; the pending pods need it. Uncordon it.`,
        evidence: found,
        alternatives: [{ action: 'scale_workload', why_not: 'more pods would pend the same way' }],
      }),
    };
  },
};
