// The DaemonSet controller: one pod on every node the pod template fits (node selector, taints), none elsewhere;
// a changed template rolls node by node within maxUnavailable (RollingUpdate, the default) or waits (OnDelete).
import type { KubeObject } from '../store.js';
import {
  isActive,
  isAvailable,
  isReady,
  ownerReferenceTo,
  podSpec,
  sameJson,
  type Toleration,
} from './podState.js';
import { podFromTemplate, randomSuffix, type PodTemplate } from './podTemplate.js';
import { templateRevision } from './templateRevisions.js';
import { recordEvent } from './events.js';
import { DAEMONSETS, NODES, PODS, splitKey, type ControllerContext } from './runtime.js';
import { tolerates } from './scheduler.js';

/** Tolerations the DaemonSet controller adds to every daemon pod. */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export function syncDaemonSet(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const ds = ctx.store.get(DAEMONSETS, namespace, name);
  if (!ds) return;
  const ns = namespace ?? 'default';
  const template = ((ds.spec as { template?: PodTemplate } | undefined)?.template ?? {}) as PodTemplate;
  const tolerations = [...(template.spec?.tolerations ?? []), ...DAEMON_TOLERATIONS];
  const allNodes = ctx.store.list(NODES);
  const nodes = allNodes.filter((node) => fits(node, template, tolerations, ['NoSchedule', 'NoExecute']));
  // A daemon pod already running stays unless its node is gone or a NoExecute taint evicts it.
  const wanted = new Set(
    allNodes.filter((node) => fits(node, template, tolerations, ['NoExecute'])).map((n) => n.metadata.name),
  );
  const pods = ctx.pods.ownedBy(ns, 'DaemonSet', name).filter(isActive);
  const hash = templateRevision(ctx, ds, pods, false);
  const covered = new Set<string>();
  for (const pod of pods) {
    const node = podSpec(pod).nodeName;
    if (!node || !wanted.has(node) || covered.has(node)) {
      ctx.store.delete(PODS, ns, pod.metadata.name);
      event(ctx, ds, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      continue;
    }
    covered.add(node);
  }
  for (const node of nodes) {
    if (covered.has(node.metadata.name)) continue;
    const podName = `${name}-${randomSuffix()}`;
    const pod = podFromTemplate({
      template: { ...template, spec: { ...(template.spec ?? {}), tolerations } },
      namespace: ns,
      name: podName,
      generateName: `${name}-`,
      owner: ownerReferenceTo(ds),
      extraLabels: {
        'controller-revision-hash': hash,
        'pod-template-generation': String(ds.metadata.generation ?? 1),
      },
      nodeName: node.metadata.name,
    });
    ctx.store.create(PODS, pod);
    event(ctx, ds, 'SuccessfulCreate', `Created pod: ${podName}`);
  }
  const now = ctx.clock.nowMs();
  const spec = (ds.spec ?? {}) as DaemonSetSpec;
  const minReady = spec.minReadySeconds ?? 0;
  if (spec.updateStrategy?.type !== 'OnDelete') {
    // An old-revision pod goes while fewer than maxUnavailable nodes lack an available daemon pod; deleting it
    // brings this controller back, and the loop above gives its node a pod of the new revision.
    const current = ctx.pods.ownedBy(ns, 'DaemonSet', name).filter(isActive);
    const availableNow = current.filter((p) => isAvailable(p, minReady, now)).length;
    let budget = maxUnavailable(spec, nodes.length) - (nodes.length - availableNow);
    for (const pod of current) {
      if (budget <= 0) break;
      if (pod.metadata.labels?.['controller-revision-hash'] === hash) continue;
      ctx.store.delete(PODS, ns, pod.metadata.name);
      event(ctx, ds, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      budget -= 1;
    }
  }
  const final = ctx.pods.ownedBy(ns, 'DaemonSet', name).filter(isActive);
  const available = final.filter((p) => isAvailable(p, minReady, now)).length;
  const status: Record<string, unknown> = {
    currentNumberScheduled: final.length,
    desiredNumberScheduled: nodes.length,
    numberMisscheduled: 0,
    numberReady: final.filter(isReady).length,
    numberAvailable: available,
    updatedNumberScheduled: final.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash)
      .length,
    observedGeneration: ds.metadata.generation ?? 1,
  };
  if (nodes.length - available > 0) status.numberUnavailable = nodes.length - available;
  if (!sameJson(ds.status, status) && !ctx.loadedStatus.holds(DAEMONSETS, ds)) {
    ctx.store.mutate(DAEMONSETS, ns, name, (draft) => {
      draft.status = status;
    });
  }
}

interface DaemonSetSpec {
  minReadySeconds?: number;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
}

/** rollingUpdate.maxUnavailable: default 1; a percentage of the nodes is rounded up, as Kubernetes does; at least 1. */
function maxUnavailable(spec: DaemonSetSpec, nodes: number): number {
  const value = spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  const count = percent ? Math.ceil((Number(percent[1]) * nodes) / 100) : Number(value) || 0;
  return Math.max(1, count);
}

function fits(
  node: KubeObject,
  template: PodTemplate,
  tolerations: Toleration[],
  effects: string[],
): boolean {
  const labels = node.metadata.labels ?? {};
  if (Object.entries(template.spec?.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  const taints =
    (node.spec as { taints?: Array<{ key: string; value?: string; effect: string }> } | undefined)?.taints ??
    [];
  return taints.every((t) => !effects.includes(t.effect) || tolerates(tolerations, t));
}

function event(ctx: ControllerContext, ds: KubeObject, reason: string, message: string): void {
  recordEvent(ctx.store, ctx.clock, {
    about: ds,
    type: 'Normal',
    reason,
    message,
    component: 'daemonset-controller',
  });
}
