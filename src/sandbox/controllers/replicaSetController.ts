// The ReplicaSet controller: keeps spec.replicas pods alive (creates, deletes surplus, replaces) and reports status.
import { recordEvent } from './events.js';
import {
  findCondition,
  isActive,
  isAvailable,
  isReady,
  matchesSelector,
  ownerReferenceTo,
  phaseOf,
  sameJson,
  controllerOf,
  type LabelSelector,
} from './podState.js';
import { podFromTemplate, randomSuffix, withPodDefaults, type PodTemplate } from './podTemplate.js';
import { admitPod } from './quota.js';
import { isoSeconds } from '../store.js';
import { PODS, REPLICASETS, splitKey, type ControllerContext } from './runtime.js';
import type { KubeObject } from '../store.js';

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
}

export function syncReplicaSet(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const rs = ctx.store.get(REPLICASETS, namespace, name);
  if (!rs || rs.metadata.deletionTimestamp) return;
  const ns = namespace ?? 'default';
  const spec = (rs.spec ?? {}) as ReplicaSetSpec;
  adoptOrphans(ctx, rs, ns, spec.selector);
  let pods = ctx.pods.ownedBy(ns, 'ReplicaSet', name).filter(isActive);
  const desired = spec.replicas ?? 1;
  let failure: string | undefined;
  const retryAt = createBackoff.get(ctx)?.get(key) ?? 0;
  if (pods.length < desired && ctx.clock.nowMs() < retryAt) {
    // Still backing off after a refused creation: keep the failure, try again when the timer fires.
    failure = findCondition(rs, 'ReplicaFailure')?.message;
  } else if (pods.length < desired) {
    createBackoff.get(ctx)?.delete(key);
    for (let i = pods.length; i < desired; i++) {
      const attempt = createPod(ctx, rs, ns, spec.template, refusedPodName(rs));
      if (!attempt.created) {
        failure = attempt.refused;
        recordEvent(ctx.store, ctx.clock, {
          about: rs,
          type: 'Warning',
          reason: 'FailedCreate',
          message: `Error creating: ${failure}`,
          component: 'replicaset-controller',
        });
        let backoff = createBackoff.get(ctx);
        if (!backoff) {
          backoff = new Map();
          createBackoff.set(ctx, backoff);
        }
        backoff.set(key, ctx.clock.nowMs() + CREATE_RETRY_MS);
        ctx.wakeAt('replicaset', key, ctx.clock.nowMs() + CREATE_RETRY_MS);
        break;
      }
      recordEvent(ctx.store, ctx.clock, {
        about: rs,
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${attempt.created.metadata.name}`,
        component: 'replicaset-controller',
      });
    }
  } else if (pods.length > desired) {
    const surplus = [...pods].sort(deletionOrder).slice(0, pods.length - desired);
    for (const pod of surplus) {
      ctx.store.delete(PODS, ns, pod.metadata.name);
      recordEvent(ctx.store, ctx.clock, {
        about: rs,
        type: 'Normal',
        reason: 'SuccessfulDelete',
        message: `Deleted pod: ${pod.metadata.name}`,
        component: 'replicaset-controller',
      });
    }
  }
  pods = ctx.pods.ownedBy(ns, 'ReplicaSet', name).filter(isActive);
  writeReplicaSetStatus(ctx, rs, pods, spec, failure);
}

/** How long the ReplicaSet controller waits before trying a refused pod creation again. */
const CREATE_RETRY_MS = 10_000;
const createBackoff = new WeakMap<ControllerContext, Map<string, number>>();

/** A quota changed: ReplicaSets of the namespace waiting out a refused creation try again now. */
export function retryRefusedCreations(ctx: ControllerContext, namespace: string): void {
  const backoff = createBackoff.get(ctx);
  if (!backoff) return;
  for (const key of [...backoff.keys()]) {
    if (!key.startsWith(`${namespace}/`)) continue;
    backoff.delete(key);
    ctx.enqueue('replicaset', key);
  }
}

/** The pod name a refused creation used, so retries repeat one event instead of writing a new one each time. */
function refusedPodName(rs: KubeObject): string | undefined {
  const message = findCondition(rs, 'ReplicaFailure')?.message ?? '';
  const match = /^pods "([^"]+)" is forbidden/.exec(message);
  return match?.[1]?.startsWith(`${rs.metadata.name}-`) ? match[1] : undefined;
}

function createPod(
  ctx: ControllerContext,
  rs: KubeObject,
  ns: string,
  template: PodTemplate | undefined,
  nameAfterRefusal: string | undefined,
): { created: KubeObject; refused?: undefined } | { created?: undefined; refused: string } {
  for (let attempt = 0; ; attempt++) {
    const podName =
      attempt === 0 && nameAfterRefusal ? nameAfterRefusal : `${rs.metadata.name}-${randomSuffix()}`;
    if (ctx.store.get(PODS, ns, podName) && attempt < 10) continue;
    const admission = admitPod(ctx, ns, podName, withPodDefaults(template?.spec));
    if (!admission.ok) return { refused: admission.message };
    const created = ctx.store.create(
      PODS,
      podFromTemplate({
        template,
        namespace: ns,
        name: podName,
        generateName: `${rs.metadata.name}-`,
        owner: ownerReferenceTo(rs),
      }),
    );
    return { created };
  }
}

/** Pods with no controller whose labels match become this ReplicaSet's, as the real controller adopts them. */
function adoptOrphans(
  ctx: ControllerContext,
  rs: KubeObject,
  ns: string,
  selector: LabelSelector | undefined,
): void {
  if (!selector) return;
  for (const pod of ctx.pods.orphans(ns)) {
    if (controllerOf(pod) || !isActive(pod) || !matchesSelector(pod.metadata.labels, selector)) continue;
    ctx.store.mutate(PODS, ns, pod.metadata.name, (draft) => {
      draft.metadata.ownerReferences = [...(draft.metadata.ownerReferences ?? []), ownerReferenceTo(rs)];
    });
  }
}

/** The pods a scale-down removes first: unscheduled, then pending, then not ready, then most restarts, then newest. */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => ((p.spec as { nodeName?: string } | undefined)?.nodeName ? 1 : 0);
  const phaseRank = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 })[phaseOf(p)] ?? 0;
  const restarts = (p: KubeObject) =>
    (
      (p.status as { containerStatuses?: Array<{ restartCount?: number }> } | undefined)?.containerStatuses ??
      []
    ).reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  return (
    assigned(a) - assigned(b) ||
    phaseRank(a) - phaseRank(b) ||
    Number(isReady(a)) - Number(isReady(b)) ||
    restarts(b) - restarts(a) ||
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
    b.metadata.name.localeCompare(a.metadata.name)
  );
}

function writeReplicaSetStatus(
  ctx: ControllerContext,
  rs: KubeObject,
  pods: KubeObject[],
  spec: ReplicaSetSpec,
  failure: string | undefined,
): void {
  const now = ctx.clock.nowMs();
  const minReady = spec.minReadySeconds ?? 0;
  const templateLabels = spec.template?.metadata?.labels ?? {};
  const status: Record<string, unknown> = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) =>
      Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
    ).length,
    readyReplicas: pods.filter(isReady).length,
    availableReplicas: pods.filter((p) => isAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  // ReplicaFailure stays while pods are missing and a creation failed; it goes once the count is reached.
  const previousFailure = findCondition(rs, 'ReplicaFailure');
  if (failure) {
    status.conditions = [
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: failure,
        lastTransitionTime: previousFailure?.lastTransitionTime ?? isoSeconds(ctx.clock.now()),
      },
    ];
  } else if (previousFailure && pods.length < (spec.replicas ?? 1)) {
    status.conditions = [previousFailure];
  }
  if (minReady > 0) {
    for (const pod of pods) {
      if (isReady(pod) && !isAvailable(pod, minReady, now)) {
        const since = Date.parse(findCondition(pod, 'Ready')?.lastTransitionTime ?? '') || now;
        ctx.wakeAt(
          'replicaset',
          `${rs.metadata.namespace ?? ''}/${rs.metadata.name}`,
          since + minReady * 1000,
        );
      }
    }
  }
  for (const [k, v] of Object.entries(status)) if (v === 0 && k !== 'replicas') delete status[k];
  if (sameJson(normalise(rs.status), normalise(status)) || ctx.loadedStatus.holds(REPLICASETS, rs)) return;
  ctx.store.mutate(REPLICASETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
    draft.status = status;
  });
}

function normalise(status: unknown): string {
  const s = (status ?? {}) as Record<string, unknown>;
  const keys = [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ];
  const conditions = ((s.conditions as Array<{ type: string; message?: string }> | undefined) ?? []).map(
    (c) => `${c.type}:${c.message ?? ''}`,
  );
  return JSON.stringify([...keys.map((k) => s[k] ?? 0), conditions]);
}
