// Capacity check for actions that add load: will the new, bigger or evicted pods find room on schedulable nodes?
import { ClusterClient } from '../cluster/clusterClient.js';
import { formatBytes, formatCpu } from '../cluster/quantity.js';
import { type NodeCapacity, nodeCapacities, refusal } from '../mcp/nodeFacts.js';
import { podResource } from '../mcp/podFacts.js';
import type { ActionCluster, KubeObject } from './kube.js';
import type { CapacityQuestion } from './planners.js';
import type { PolicyFinding } from './planTypes.js';

interface Need {
  cpu: number;
  memory: number;
}

function needOf(podSpec: KubeObject): Need {
  return { cpu: podResource(podSpec, 'cpu', 'requests'), memory: podResource(podSpec, 'memory', 'requests') };
}

function slots(free: Need & { pods: number }, need: Need): number {
  const by = (have: number, want: number) => (want > 0 ? Math.floor(have / want) : Infinity);
  return Math.max(0, Math.min(by(free.cpu, need.cpu), by(free.memory, need.memory), free.pods));
}

function needText(need: Need): string {
  return `${formatBytes(need.memory)} memory, ${formatCpu(need.cpu)} CPU`;
}

function eligible(nodes: NodeCapacity[], except?: string): NodeCapacity[] {
  return nodes.filter((n) => n.name !== except && refusal(n) === undefined);
}

/** Answers a capacity question with the node layer the MCP tools use (allocatable minus bound requests). */
export async function checkCapacity(
  cluster: ActionCluster,
  question: CapacityQuestion,
): Promise<PolicyFinding> {
  const client = new ClusterClient({ kubeConfig: cluster.config, cacheTtlMs: 0 });
  const nodes = await nodeCapacities(client);
  switch (question.kind) {
    case 'add_pods': {
      const need = needOf(question.podSpec);
      const perNode = eligible(nodes).map((n) => ({ name: n.name, slots: slots(n.available, need) }));
      const total = perNode.reduce((sum, n) => sum + Math.min(n.slots, question.count), 0);
      const where = perNode
        .filter((n) => n.slots > 0)
        .map((n) => `${n.name}: ${Number.isFinite(n.slots) ? n.slots : 'any'}`)
        .join(', ');
      if (total >= question.count) {
        return {
          check: 'capacity',
          level: 'ok',
          message: `room for ${question.count} more ${question.what}${question.count > 1 ? 's' : ''} (${needText(need)} each; ${where})`,
        };
      }
      return {
        check: 'capacity',
        level: 'refuse',
        message: `no room: ${question.count} more ${question.what}s (${needText(need)} each) but only ${total} fit on schedulable nodes${where ? ` (${where})` : ''}; the rest would stay Pending`,
      };
    }
    case 'resize_pods': {
      const need = needOf(question.podSpec);
      const perNode = eligible(nodes).map((n) => {
        const freed = question.pods.filter((p) => p.spec?.nodeName === n.name);
        const free = {
          cpu: n.available.cpu + freed.reduce((s, p) => s + podResource(p.spec, 'cpu', 'requests'), 0),
          memory:
            n.available.memory + freed.reduce((s, p) => s + podResource(p.spec, 'memory', 'requests'), 0),
          pods: n.available.pods + freed.length,
        };
        return { name: n.name, slots: slots(free, need) };
      });
      const count = Math.max(question.pods.length, 1);
      const total = perNode.reduce((sum, n) => sum + Math.min(n.slots, count), 0);
      if (total >= count) {
        return {
          check: 'capacity',
          level: 'ok',
          message: `room for ${count} ${question.what}${count > 1 ? 's' : ''} at ${needText(need)} each (${total >= 1000 ? 'many' : total} fit)`,
        };
      }
      const biggest = [...eligible(nodes)].sort((a, b) => b.available.memory - a.available.memory)[0];
      return {
        check: 'capacity',
        level: 'refuse',
        message: `no room: ${count} ${question.what}s at ${needText(need)} each, only ${total} fit${biggest ? `; most free memory is ${formatBytes(biggest.available.memory)} on ${biggest.name}` : ''}`,
      };
    }
    case 'drain': {
      const free = eligible(nodes, question.node).map((n) => ({ name: n.name, ...n.available }));
      const pods = [...question.pods].sort(
        (a, b) => podResource(b.spec, 'memory', 'requests') - podResource(a.spec, 'memory', 'requests'),
      );
      const homeless: string[] = [];
      for (const pod of pods) {
        const need = needOf(pod.spec);
        const spot = free.find((n) => slots(n, need) >= 1);
        if (!spot) {
          homeless.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
          continue;
        }
        spot.cpu -= need.cpu;
        spot.memory -= need.memory;
        spot.pods -= 1;
      }
      if (!homeless.length) {
        return {
          check: 'capacity',
          level: 'ok',
          message: `the ${pods.length} evicted pods fit on ${free.length} other schedulable nodes`,
        };
      }
      return {
        check: 'capacity',
        level: 'refuse',
        message: `no room elsewhere for ${homeless.length} of ${pods.length} pods on ${question.node} (${homeless.slice(0, 3).join(', ')}${homeless.length > 3 ? ', …' : ''}); they would stay Pending`,
      };
    }
  }
}
