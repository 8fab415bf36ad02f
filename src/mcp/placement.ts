// Where new pods could go: nodes a pod template may land on (ready, uncordoned, taints tolerated, nodeSelector met)
// and a first-fit simulation of placing pods by their requests, as the scheduler's resource check would.
import type { KubeObject } from '../cluster/clusterClient.js';
import type { NodeCapacity } from './nodeFacts.js';

export interface PodNeeds {
  cpu: number;
  memory: number;
}

function tolerates(tolerations: KubeObject[], taint: KubeObject): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Why this pod template may not land on the node, or undefined when it may. */
export function nodeRefusesTemplate(node: NodeCapacity, podSpec: KubeObject | undefined): string | undefined {
  if (!node.ready) return 'NotReady';
  if (node.cordoned) return 'cordoned';
  const tolerations: KubeObject[] = podSpec?.tolerations ?? [];
  const untolerated = ((node.node.spec?.taints ?? []) as KubeObject[]).filter(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t),
  );
  if (untolerated.length)
    return `taint ${untolerated.map((t) => `${t.key}:${t.effect}`).join(', ')} not tolerated`;
  const labels: Record<string, string> = node.node.metadata.labels ?? {};
  for (const [key, value] of Object.entries((podSpec?.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[key] !== value) return `nodeSelector ${key}=${value} not met`;
  }
  return undefined;
}

export interface Placement {
  /** Pods placed per node name. */
  placed: Map<string, number>;
  unplaced: number;
}

/**
 * Places `count` pods needing `needs` each on the nodes, most free memory first, given the free amounts
 * per node (which the simulation uses up). Pods-per-node limits count too.
 */
export function placePods(
  count: number,
  needs: PodNeeds,
  free: Array<{ name: string; cpu: number; memory: number; pods: number }>,
): Placement {
  const placed = new Map<string, number>();
  let unplaced = 0;
  for (let i = 0; i < count; i++) {
    let best: (typeof free)[number] | undefined;
    for (const node of free) {
      if (node.cpu + 1e-9 < needs.cpu || node.memory < needs.memory || node.pods < 1) continue;
      if (!best || node.memory > best.memory) best = node;
    }
    if (!best) {
      unplaced = count - i;
      break;
    }
    best.cpu -= needs.cpu;
    best.memory -= needs.memory;
    best.pods -= 1;
    placed.set(best.name, (placed.get(best.name) ?? 0) + 1);
  }
  return { placed, unplaced };
}

/** "worker-03: 2, worker-01: 1" */
export function placementText(placement: Placement): string {
  return [...placement.placed]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name}: ${n}`)
    .join(', ');
}

/** An int-or-percent rollout field (maxSurge/maxUnavailable) as a pod count. */
export function rolloutCount(value: unknown, replicas: number, fallback: string, roundUp: boolean): number {
  const text = String(value ?? fallback);
  if (text.endsWith('%')) {
    const exact = (Number(text.slice(0, -1)) / 100) * replicas;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return Number(text) || 0;
}
