// Pods pending only on a node taint no pod tolerates (not a node-condition taint): remove that taint.
import { recommendation, type RunbookRule } from './rule.js';

export const removeTaint: RunbookRule = {
  name: 'untolerated-taint',
  when: 'pods are pending on "untolerated taint" only, the node is Ready, and the taint is not node.kubernetes.io/*',
  needs: ['get_events', 'get_node_status'],
  recommend({ facts }) {
    const node = facts.node;
    if (!node?.node || node.ready !== true || (node.pressure ?? []).length > 0) return undefined;
    const pending = facts.events.find(
      (e) =>
        e.reason === 'FailedScheduling' &&
        /untolerated taint/.test(e.message) &&
        !/Insufficient/.test(e.message),
    );
    if (!pending) return undefined;
    const taint = (node.taints ?? [])
      .map((t) => /^([^=:]+)(?:=[^:]*)?:(\w+)$/.exec(t))
      .find(
        (m) =>
          m &&
          !/^node\.(kubernetes|cloudprovider)\.io\//.test(m[1] as string) &&
          pending.message.includes(m[1] as string),
      );
    if (!taint) return undefined;
    const [, key, effect] = taint as unknown as [string, string, string];
    const found = [
      `${pending.reason} on ${pending.object}: ${pending.message.slice(0, 200)}`,
      `${node.node} Ready, tainted ${key}:${effect}`,
    ];
    return {
      found,
      recommendation: recommendation({
        action: 'remove_taint',
        target: { kind: 'Node', name: node.node },
        parameters: { key, effect },
        confidence: 0.55,
        reasoning: `Pods are pending only because ${node.node} carries taint ${key}:${effect}, which no pod tolerates and which is not a node-condition taint; remove it.`,
        evidence: found,
        alternatives: [
          { action: 'escalate', why_not: 'ask the owner of the taint first if it was set on purpose' },
        ],
      }),
    };
  },
};
