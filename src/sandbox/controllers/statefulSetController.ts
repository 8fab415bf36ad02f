// The StatefulSet controller: ordinal pods <name>-0..N-1, created and removed in order, replaced when deleted,
// rolled from the highest ordinal down when the template changes.
import type { KubeObject } from '../store.js';
import {
  isActive,
  isAvailable,
  isReady,
  ownerReferenceTo,
  sameJson,
  type LabelSelector,
} from './podState.js';
import { podFromTemplate, type PodTemplate } from './podTemplate.js';
import { templateRevision } from './templateRevisions.js';
import { recordEvent } from './events.js';
import { PODS, PVCS, STATEFULSETS, splitKey, type ControllerContext } from './runtime.js';

interface StatefulSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  podManagementPolicy?: string;
  selector?: LabelSelector;
  serviceName?: string;
  template?: PodTemplate;
  updateStrategy?: { type?: string };
  volumeClaimTemplates?: Array<{ metadata: { name: string }; spec?: Record<string, unknown> }>;
}

const REVISION_LABEL = 'controller-revision-hash';

export function syncStatefulSet(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const sts = ctx.store.get(STATEFULSETS, namespace, name);
  if (!sts) return;
  const ns = namespace ?? 'default';
  const spec = (sts.spec ?? {}) as StatefulSetSpec;
  const desired = spec.replicas ?? 1;
  const ordered = spec.podManagementPolicy !== 'Parallel';
  const pods = () =>
    ctx.pods
      .ownedBy(ns, 'StatefulSet', name)
      .filter(isActive)
      .sort((a, b) => ordinalOf(a, name) - ordinalOf(b, name));
  const updateRevision = templateRevision(ctx, sts, pods(), true);

  // Create missing ordinals, lowest first; OrderedReady waits for each to be Ready.
  const byOrdinal = new Map(pods().map((p) => [ordinalOf(p, name), p]));
  for (let i = 0; i < desired; i++) {
    const existing = byOrdinal.get(i);
    if (existing) {
      if (ordered && !isReady(existing)) break;
      continue;
    }
    const podName = `${name}-${i}`;
    if (ctx.store.get(PODS, ns, podName)) break;
    const claims = createClaims(ctx, sts, spec, podName);
    const pod = podFromTemplate({
      template: spec.template,
      namespace: ns,
      name: podName,
      owner: ownerReferenceTo(sts),
      extraLabels: {
        [REVISION_LABEL]: updateRevision,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(i),
      },
    });
    const podSpec = (pod.spec ?? {}) as { volumes?: Array<{ name: string }> };
    const own = (podSpec.volumes ?? []).filter((v) => !claims.some((c) => c.name === v.name));
    podSpec.volumes = [...own, ...claims];
    ctx.store.create(PODS, pod);
    recordEvent(ctx.store, ctx.clock, {
      about: sts,
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `create Pod ${podName} in StatefulSet ${name} successful`,
      component: 'statefulset-controller',
    });
    if (ordered) break;
  }
  // Remove ordinals at or above the desired count, highest first.
  const surplus = pods()
    .filter((p) => ordinalOf(p, name) >= desired)
    .reverse();
  for (const pod of ordered ? surplus.slice(0, 1) : surplus) deletePod(ctx, sts, pod);
  // Roll pods of an old revision, highest ordinal first, once every pod is Ready.
  const current = pods();
  if (spec.updateStrategy?.type !== 'OnDelete' && current.length === desired && current.every(isReady)) {
    const stale = [...current].reverse().find((p) => p.metadata.labels?.[REVISION_LABEL] !== updateRevision);
    if (stale) deletePod(ctx, sts, stale);
  }
  const final = pods();
  const now = ctx.clock.nowMs();
  const updated = final.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length;
  const previous = (sts.status ?? {}) as Record<string, unknown>;
  const status: Record<string, unknown> = {
    observedGeneration: sts.metadata.generation ?? 1,
    // As the real controller counts: every created pod, terminating ones too.
    replicas: ctx.pods.ownedBy(ns, 'StatefulSet', name).length,
    readyReplicas: final.filter(isReady).length,
    currentReplicas: updated === final.length ? final.length : final.length - updated,
    updatedReplicas: updated,
    availableReplicas: final.filter((p) => isAvailable(p, spec.minReadySeconds ?? 0, now)).length,
    currentRevision:
      updated === final.length
        ? updateRevision
        : ((previous.currentRevision as string | undefined) ?? updateRevision),
    updateRevision,
    collisionCount: 0,
  };
  if (!sameJson(previous, status) && !ctx.loadedStatus.holds(STATEFULSETS, sts)) {
    ctx.store.mutate(STATEFULSETS, ns, name, (draft) => {
      draft.status = status;
    });
  }
}

/** Each volumeClaimTemplate's claim for the pod (`<template>-<pod>`), created when missing and kept after. */
function createClaims(
  ctx: ControllerContext,
  sts: KubeObject,
  spec: StatefulSetSpec,
  podName: string,
): Array<{ name: string; persistentVolumeClaim: { claimName: string } }> {
  const ns = sts.metadata.namespace ?? 'default';
  return (spec.volumeClaimTemplates ?? []).map((template) => {
    const claimName = `${template.metadata.name}-${podName}`;
    if (!ctx.store.get(PVCS, ns, claimName)) {
      ctx.store.create(PVCS, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: claimName,
          namespace: ns,
          labels: { ...(spec.selector?.matchLabels ?? {}) },
        },
        spec: { volumeMode: 'Filesystem', ...structuredClone(template.spec ?? {}) },
        status: { phase: 'Pending' },
      });
      recordEvent(ctx.store, ctx.clock, {
        about: sts,
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `create Claim ${claimName} Pod ${podName} in StatefulSet ${sts.metadata.name} success`,
        component: 'statefulset-controller',
      });
    }
    return { name: template.metadata.name, persistentVolumeClaim: { claimName } };
  });
}

function deletePod(ctx: ControllerContext, sts: KubeObject, pod: KubeObject): void {
  ctx.store.delete(PODS, pod.metadata.namespace, pod.metadata.name);
  recordEvent(ctx.store, ctx.clock, {
    about: sts,
    type: 'Normal',
    reason: 'SuccessfulDelete',
    message: `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`,
    component: 'statefulset-controller',
  });
}

function ordinalOf(pod: KubeObject, setName: string): number {
  const suffix = pod.metadata.name.slice(setName.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : Number.MAX_SAFE_INTEGER;
}
