// Facts about pods the way an on-call engineer reads them: status reason, ready, restarts, requests, usage.
import { labelSelectorMatches, type LabelSelectorSpec } from '../cluster/labelSelector.js';
import type { KubeObject } from '../cluster/clusterClient.js';
import { tryParseQuantity } from '../cluster/quantity.js';

export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';

export interface ContainerStatusFacts {
  name: string;
  state: string;
  ready: boolean;
  restarts: number;
  lastTermination?: string;
}

/** The one word kubectl shows in STATUS: CrashLoopBackOff, OOMKilled, ImagePullBackOff, Pending, Running… */
export function podStatusReason(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const status = pod.status ?? {};
  if (status.reason) return String(status.reason);
  const containers: KubeObject[] = [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ];
  for (const container of containers) {
    const waiting = container.state?.waiting?.reason;
    if (waiting && waiting !== 'PodInitializing' && waiting !== 'ContainerCreating') return String(waiting);
  }
  for (const container of containers) {
    const terminated = container.state?.terminated;
    if (terminated && terminated.reason && terminated.reason !== 'Completed')
      return String(terminated.reason);
  }
  const phase = String(status.phase ?? 'Unknown');
  if (phase === 'Pending') {
    const unschedulable = (status.conditions ?? []).find(
      (c: KubeObject) => c.type === 'PodScheduled' && c.status === 'False',
    );
    if (unschedulable) return String(unschedulable.reason ?? 'Unschedulable');
    const creating = containers.find((c) => c.state?.waiting?.reason);
    if (creating) return String(creating.state.waiting.reason);
  }
  if (phase === 'Succeeded') return 'Completed';
  if (phase === 'Running' && containers.some((c) => !c.ready)) return 'Running (not ready)';
  return phase;
}

const HEALTHY = new Set(['Running', 'Completed', 'Succeeded']);

/** A pod that needs attention: not running/completed, not ready, or restarting. */
export function isProblemPod(pod: KubeObject): boolean {
  return !HEALTHY.has(podStatusReason(pod)) || restartsOf(pod) > 0;
}

export function restartsOf(pod: KubeObject): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum: number, c: KubeObject) => sum + Number(c.restartCount ?? 0),
    0,
  );
}

export function readyOf(pod: KubeObject): string {
  const statuses: KubeObject[] = pod.status?.containerStatuses ?? [];
  const total = (pod.spec?.containers ?? []).length || statuses.length;
  return `${statuses.filter((c) => c.ready).length}/${total}`;
}

export function containerStatuses(pod: KubeObject): ContainerStatusFacts[] {
  return (pod.status?.containerStatuses ?? []).map((c: KubeObject) => {
    const state = c.state ?? {};
    const current = state.running
      ? 'running'
      : state.waiting
        ? `waiting: ${state.waiting.reason ?? 'unknown'}`
        : state.terminated
          ? `terminated: ${state.terminated.reason ?? 'unknown'} (exit ${state.terminated.exitCode ?? '?'})`
          : 'unknown';
    const last = c.lastState?.terminated;
    return {
      name: String(c.name),
      state: current,
      ready: Boolean(c.ready),
      restarts: Number(c.restartCount ?? 0),
      lastTermination: last
        ? `${last.reason ?? 'terminated'} (exit ${last.exitCode ?? '?'})${last.finishedAt ? ` at ${last.finishedAt}` : ''}`
        : undefined,
    };
  });
}

/** Sum over containers of one resource's requests (or limits), with the init-container rule of the scheduler. */
export function podResource(
  spec: KubeObject | undefined,
  resource: ResourceName,
  which: 'requests' | 'limits',
): number {
  if (!spec) return 0;
  const sum = (spec.containers ?? []).reduce(
    (total: number, c: KubeObject) => total + (tryParseQuantity(c.resources?.[which]?.[resource]) ?? 0),
    0,
  );
  const init = (spec.initContainers ?? []).reduce(
    (max: number, c: KubeObject) => Math.max(max, tryParseQuantity(c.resources?.[which]?.[resource]) ?? 0),
    0,
  );
  const overhead = tryParseQuantity(spec.overhead?.[resource]) ?? 0;
  return Math.max(sum, init) + overhead;
}

/** True when a container in the spec lacks a value for this resource (so the sum is a lower bound). */
export function missingResource(
  spec: KubeObject | undefined,
  resource: ResourceName,
  which: 'requests' | 'limits',
): boolean {
  return (spec?.containers ?? []).some((c: KubeObject) => c.resources?.[which]?.[resource] === undefined);
}

/** Pods that hold node resources: bound to a node and not finished. */
export function holdsNodeResources(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/** "Deployment webapp" from a pod's ReplicaSet owner (pod-template-hash stripped), else the owner as is. */
export function ownerOf(pod: KubeObject): { kind: string; name: string } | undefined {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return undefined;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
    }
  }
  return { kind: owner.kind, name: owner.name };
}

/** Does a label selector select these labels? A missing one selects nothing, an empty one everything. */
export function selectorMatches(
  selector: KubeObject | undefined,
  labels: Record<string, string> = {},
): boolean {
  return labelSelectorMatches(selector as LabelSelectorSpec | undefined, labels);
}

/** "app=webapp,tier=web" for a selector's matchLabels (for list calls and messages). */
export function selectorString(selector: KubeObject | undefined): string {
  return Object.entries((selector?.matchLabels ?? {}) as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
