// A Ready node under memory/disk/PID pressure: cordon it so no new pods land there.
import { recommendation, type RunbookRule } from './rule.js';

export const nodePressure: RunbookRule = {
  name: 'node-pressure',
  when: 'the alert is about a node reporting MemoryPressure, DiskPressure or PIDPressure',
  needs: ['get_node_status'],
  recommend({ facts, target }) {
    const node = facts.node;
    const name = node?.node || target.node;
    const pressure = node?.pressure ?? [];
    if (!node || !name || pressure.length === 0) return undefined;
    const found = [`${name} ${pressure.join(', ')}`];
    return {
      found,
      recommendation: recommendation({
        action: 'cordon_node',
        target: { kind: 'Node', name },
        confidence: 0.65,
        reasoning: `${name} reports ${pressure.join(', ')}; stop new pods landing there while the cause is found.`,
        evidence: found,
        alternatives: [
          {
            action: 'drain_node',
            why_not: 'the node still runs its pods; moving them all is not needed yet',
          },
        ],
      }),
    };
  },
};
