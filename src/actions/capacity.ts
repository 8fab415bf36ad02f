// Capacity check for actions that add load: the MCP feasibility tools for scale and resize, placement for drains.
import { ClusterClient } from '../cluster/clusterClient.js';
import { type NodeCapacity, nodeCapacities } from '../mcp/nodeFacts.js';
import { nodeRefusesTemplate } from '../mcp/placement.js';
import { podResource } from '../mcp/podFacts.js';
import { checkResourceChangeFeasibility } from '../mcp/tools/checkResourceChangeFeasibility.js';
import { checkScalingFeasibility } from '../mcp/tools/checkScalingFeasibility.js';
import type { ActionCluster, KubeObject } from './kube.js';
import type { CapacityQuestion } from './draft.js';
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

/** A refusal can be overridden only when room on the nodes is all that is short. */
function capacityFinding(
  feasible: boolean,
  onlyNodeRoom: boolean | undefined,
  message: string,
): PolicyFinding {
  if (feasible) return { check: 'capacity', level: 'ok', message };
  return { check: 'capacity', level: 'refuse', message, ...(onlyNodeRoom ? { overridable: true } : {}) };
}

/** Answers a capacity question with the MCP feasibility tools (placement, rollout surge, quota, HPA bounds). */
export async function checkCapacity(
  cluster: ActionCluster,
  question: CapacityQuestion,
): Promise<PolicyFinding> {
  const client = new ClusterClient({ kubeConfig: cluster.config, cacheTtlMs: 0 });
  const context = { cluster: client, budget: 400, now: Date.now() };
  switch (question.kind) {
    case 'scale': {
      const answer = await checkScalingFeasibility.run(
        {
          namespace: question.namespace,
          workload: question.workload,
          kind: question.workloadKind,
          replicas: question.replicas,
        },
        context,
      );
      return capacityFinding(answer.feasible, answer.only_node_room, answer.summary);
    }
    case 'resize': {
      const { kind: _kind, workloadKind, ...change } = question;
      const answer = await checkResourceChangeFeasibility.run({ ...change, kind: workloadKind }, context);
      const warnings = answer.warnings.length ? ` (${answer.warnings.join('; ')})` : '';
      return capacityFinding(answer.feasible, answer.only_node_room, `${answer.summary}${warnings}`);
    }
    case 'drain':
      return drainCapacity(await nodeCapacities(client), question);
  }
}

/** The evicted pods, largest first, each on the first other node that accepts its template and has room. */
function drainCapacity(
  nodes: NodeCapacity[],
  question: Extract<CapacityQuestion, { kind: 'drain' }>,
): PolicyFinding {
  const free = nodes
    .filter((n) => n.name !== question.node)
    .map((n) => ({ node: n, left: { ...n.available } }));
  const pods = [...question.pods].sort(
    (a, b) => podResource(b.spec, 'memory', 'requests') - podResource(a.spec, 'memory', 'requests'),
  );
  const homeless: string[] = [];
  for (const pod of pods) {
    const need = needOf(pod.spec);
    const spot = free.find(
      (f) => nodeRefusesTemplate(f.node, pod.spec) === undefined && slots(f.left, need) >= 1,
    );
    if (!spot) {
      homeless.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
      continue;
    }
    spot.left.cpu -= need.cpu;
    spot.left.memory -= need.memory;
    spot.left.pods -= 1;
  }
  if (!homeless.length) {
    return {
      check: 'capacity',
      level: 'ok',
      message: `the ${pods.length} evicted pods fit on the other nodes`,
    };
  }
  return {
    check: 'capacity',
    level: 'refuse',
    overridable: true,
    message: `no room elsewhere for ${homeless.length} of ${pods.length} pods on ${question.node} (${homeless.slice(0, 3).join(', ')}${homeless.length > 3 ? ', …' : ''}); they would stay Pending`,
  };
}
