// The scheduler: binds Pending pods to a node that fits (volumes, resources, taints, cordon, node selector and
// affinity), or reports why none does.
import { tryParseQuantity } from '../../cluster/quantity.js';
import { isoSeconds, type KubeObject } from '../store.js';
import { recordEvent } from './events.js';
import {
  findCondition,
  isActive,
  podSpec,
  setCondition,
  type Condition,
  type Toleration,
} from './podState.js';
import { podRequests } from './podTemplate.js';
import { NODES, PODS, splitKey, type ControllerContext } from './runtime.js';
import { nodeMatchesTerms, requiredNodeAffinity } from './nodeAffinity.js';
import { bindPodVolumes, podVolumes, volumeNodeConflict, type PodVolumes } from './volumeBinding.js';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface NodeRoom {
  node: KubeObject;
  cpu: number;
  memory: number;
  pods: number;
}

/** How long an unschedulable pod waits before the next attempt when nothing in the cluster changed. */
export const UNSCHEDULABLE_RETRY_MS = 10_000;

/** Tries to bind each queued pod; the ones that fit nowhere stay Pending with the reason. */
export function schedulePods(ctx: ControllerContext, keys: string[]): void {
  const pending = keys
    .map((key) => splitKey(key))
    .map(({ namespace, name }) => ctx.store.get(PODS, namespace, name))
    .filter((pod): pod is KubeObject => pod !== undefined && isActive(pod) && !podSpec(pod).nodeName);
  if (pending.length === 0) return;
  const rooms = nodeRooms(ctx);
  for (const pod of pending) {
    const volumes = podVolumes(ctx, pod);
    const verdict = placePod(pod, rooms, volumes);
    if (verdict.node) {
      bindPodVolumes(ctx, volumes, verdict.node.node.metadata.name);
      bind(ctx, pod, verdict.node);
    } else {
      reportUnschedulable(ctx, pod, verdict.message);
    }
  }
}

function nodeRooms(ctx: ControllerContext): NodeRoom[] {
  return ctx.store.list(NODES).map((node) => {
    const allocatable = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ??
      {}) as Record<string, string>;
    let cpu = tryParseQuantity(allocatable.cpu) ?? 0;
    let memory = tryParseQuantity(allocatable.memory) ?? 0;
    let pods = tryParseQuantity(allocatable.pods) ?? 110;
    for (const pod of ctx.pods.onNode(node.metadata.name)) {
      if (!isActive(pod)) continue;
      const requests = requestsOf(pod);
      cpu -= requests.cpu;
      memory -= requests.memory;
      pods -= 1;
    }
    return { node, cpu, memory, pods };
  });
}

/** Stored pods never change in place, so their summed requests are remembered by identity. */
const requestCache = new WeakMap<KubeObject, { cpu: number; memory: number }>();

function requestsOf(pod: KubeObject): { cpu: number; memory: number } {
  let requests = requestCache.get(pod);
  if (!requests) {
    requests = podRequests(podSpec(pod));
    requestCache.set(pod, requests);
  }
  return requests;
}

function taintsOf(node: KubeObject): Taint[] {
  const taints = [...((node.spec as { taints?: Taint[] } | undefined)?.taints ?? [])];
  // A node that is not Ready gets the node lifecycle controller's taint even if the scenario left it out.
  const ready = findCondition(node, 'Ready');
  if (ready && ready.status !== 'True') {
    const key =
      ready.status === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
    if (!taints.some((t) => t.key === key)) taints.push({ key, effect: 'NoSchedule' });
  }
  return taints;
}

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The first node that fits (least requested memory first), or the scheduler's summary of why none does. */
function placePod(
  pod: KubeObject,
  rooms: NodeRoom[],
  volumes: PodVolumes,
): { node?: NodeRoom; message: string } {
  const spec = podSpec(pod);
  if (volumes.unresolvable && rooms.length > 0) {
    // A PreFilter failure: the same for every node, so preemption cannot help anywhere.
    const n = rooms.length;
    return {
      message: `0/${n} nodes are available: ${volumes.unresolvable}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`,
    };
  }
  const affinity = requiredNodeAffinity(spec);
  const requests = podRequests(spec);
  const reasons = new Map<string, number>();
  const count = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const fits: NodeRoom[] = [];
  const resourceShort = new Set<string>();
  for (const room of rooms) {
    const node = room.node;
    if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) {
      if (!tolerates(spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
        count('node(s) were unschedulable');
        continue;
      }
    }
    const untolerated = taintsOf(node).find(
      (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations, t),
    );
    if (untolerated) {
      count(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
      continue;
    }
    const labels = node.metadata.labels ?? {};
    if (
      Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v) ||
      (affinity !== undefined && !nodeMatchesTerms(node, affinity))
    ) {
      count("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    const conflict = volumeNodeConflict(node, volumes);
    if (conflict) {
      count(conflict);
      continue;
    }
    const short: string[] = [];
    if (room.pods < 1) short.push('Too many pods');
    if (requests.cpu > 0 && requests.cpu > room.cpu) short.push('Insufficient cpu');
    if (requests.memory > 0 && requests.memory > room.memory) short.push('Insufficient memory');
    if (short.length > 0) {
      short.forEach(count);
      resourceShort.add(room.node.metadata.name);
      continue;
    }
    fits.push(room);
  }
  if (fits.length > 0) {
    // Spread like the default scoring does: the node with the most memory left (then cpu) wins.
    fits.sort(
      (a, b) =>
        b.memory - a.memory || b.cpu - a.cpu || a.node.metadata.name.localeCompare(b.node.metadata.name),
    );
    const node = fits[0] as NodeRoom;
    node.cpu -= requests.cpu;
    node.memory -= requests.memory;
    node.pods -= 1;
    return { node, message: '' };
  }
  // As the scheduler's FitError: "<count> <reason>" strings, sorted as strings, then what preemption found:
  // evicting lower-priority pods cannot help against taints or cordons, and every pod here has priority 0.
  const histogram = (counts: Map<string, number>) =>
    [...counts.entries()]
      .map(([reason, n]) => `${n} ${reason}`)
      .sort()
      .join(', ');
  const preemption = new Map<string, number>();
  if (resourceShort.size > 0)
    preemption.set('No preemption victims found for incoming pod', resourceShort.size);
  if (rooms.length > resourceShort.size) {
    preemption.set('Preemption is not helpful for scheduling', rooms.length - resourceShort.size);
  }
  const message =
    rooms.length === 0
      ? 'no nodes available to schedule pods'
      : `0/${rooms.length} nodes are available: ${histogram(reasons)}. ` +
        `preemption: 0/${rooms.length} nodes are available: ${histogram(preemption)}.`;
  return { message };
}

function bind(ctx: ControllerContext, pod: KubeObject, room: NodeRoom): void {
  const nodeName = room.node.metadata.name;
  const now = isoSeconds(ctx.clock.now());
  ctx.store.mutate(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
    draft.spec = { ...((draft.spec as object | undefined) ?? {}), nodeName };
    const status = { ...((draft.status as Record<string, unknown> | undefined) ?? {}) };
    status.conditions = setCondition(
      (status.conditions as Condition[] | undefined) ?? [],
      { type: 'PodScheduled', status: 'True', lastProbeTime: null },
      now,
    );
    status.phase = 'Pending';
    draft.status = status;
  });
  recordEvent(ctx.store, ctx.clock, {
    about: pod,
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name} to ${nodeName}`,
    component: 'default-scheduler',
  });
  ctx.enqueue('kubelet', `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`);
}

function reportUnschedulable(ctx: ControllerContext, pod: KubeObject, message: string): void {
  const now = isoSeconds(ctx.clock.now());
  const current = findCondition(pod, 'PodScheduled');
  if (current?.status !== 'False' || current.message !== message) {
    ctx.store.mutate(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
      const status = { ...((draft.status as Record<string, unknown> | undefined) ?? {}) };
      status.phase = 'Pending';
      status.conditions = setCondition(
        (status.conditions as Condition[] | undefined) ?? [],
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null },
        now,
      );
      draft.status = status;
    });
  }
  recordEvent(ctx.store, ctx.clock, {
    about: pod,
    type: 'Warning',
    reason: 'FailedScheduling',
    message,
    component: 'default-scheduler',
  });
  ctx.wakeAt(
    'schedule',
    `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`,
    ctx.clock.nowMs() + UNSCHEDULABLE_RETRY_MS,
  );
}
