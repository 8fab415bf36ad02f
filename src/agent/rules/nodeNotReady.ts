// A node that is NotReady: drain it, unless its pods cannot be confirmed stopped (then cordon and escalate).
import { recommendation, type RunbookRule } from './rule.js';

export const nodeNotReady: RunbookRule = {
  name: 'node-not-ready',
  when: 'the alert is about a node that is NotReady (drain; cordon when pods are stuck Terminating there)',
  needs: ['get_node_status'],
  recommend({ facts, target }) {
    const node = facts.node;
    const name = node?.node || target.node;
    if (!node || !name || node.ready !== false) return undefined;
    const terminating = node.pods_by_status?.Terminating ?? 0;
    const found = [`${name} NotReady`, ...(node.conditions ?? []).slice(0, 2)];
    if (terminating > 0)
      return {
        found: [...found, `${terminating} pods stuck Terminating on ${name}`],
        recommendation: recommendation({
          action: 'cordon_node',
          target: { kind: 'Node', name },
          confidence: 0.6,
          reasoning:
            `${name} is NotReady and ${terminating} of its pods are stuck Terminating: the kubelet cannot confirm they stopped, ` +
            'so a drain cannot finish and force-deleting them (a StatefulSet member especially) risks two copies. ' +
            `Cordon it and have someone check the machine (kubectl describe node ${name}; the cloud console) before any force delete.`,
          evidence: [...found, `${terminating} pods stuck Terminating on ${name}`],
          alternatives: [
            { action: 'drain_node', why_not: 'evictions of pods on an unreachable kubelet never complete' },
            { action: 'escalate', why_not: 'cordoning first stops new pods landing there meanwhile' },
          ],
        }),
      };
    return {
      found,
      recommendation: recommendation({
        action: 'drain_node',
        target: { kind: 'Node', name },
        confidence: 0.65,
        reasoning: `${name} is NotReady; cordon it and move its pods to healthy nodes.`,
        evidence: found,
        alternatives: [{ action: 'escalate', why_not: 'pods on the node stay unavailable meanwhile' }],
      }),
    };
  },
};
