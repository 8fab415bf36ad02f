// The PersistentVolume controller and a provisioner: unbound claims bind to a matching volume or get a new one
// from their StorageClass (at once, or for WaitForFirstConsumer once the scheduler picks a node); a claim whose
// class does not exist stays Pending with ProvisioningFailed, as on a real cluster.
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { KubeObject } from '../store.js';
import { recordEvent } from './events.js';
import { PVCS, PVS, STORAGECLASSES, type ControllerContext } from './runtime.js';

/** Annotation the scheduler sets on a WaitForFirstConsumer claim when it picks the pod's node. */
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** How often the controller looks at unbound claims again (its resync period). */
export const CLAIM_RESYNC_MS = 15_000;

interface ClaimSpec {
  storageClassName?: string;
  volumeName?: string;
  accessModes?: string[];
  volumeMode?: string;
  resources?: { requests?: { storage?: string } };
}

export const claimSpec = (pvc: KubeObject) => (pvc.spec ?? {}) as ClaimSpec;

export function isBound(pvc: KubeObject): boolean {
  return (
    (pvc.status as { phase?: string } | undefined)?.phase === 'Bound' && Boolean(claimSpec(pvc).volumeName)
  );
}

/** The claim's StorageClass name: spec.storageClassName, else the cluster's default class (as admission sets it). */
export function className(ctx: ControllerContext, pvc: KubeObject): string {
  const named =
    pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? claimSpec(pvc).storageClassName;
  if (named !== undefined) return named;
  const fallback = ctx.store
    .list(STORAGECLASSES)
    .find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  return fallback?.metadata.name ?? '';
}

export function bindingMode(storageClass: KubeObject | undefined): 'Immediate' | 'WaitForFirstConsumer' {
  return storageClass?.volumeBindingMode === 'WaitForFirstConsumer' ? 'WaitForFirstConsumer' : 'Immediate';
}

const event = (
  ctx: ControllerContext,
  pvc: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component = 'persistentvolume-controller',
) => recordEvent(ctx.store, ctx.clock, { about: pvc, type, reason, message, component });

/**
 * Binds or provisions one unbound claim. `held` claims were Pending in the loaded snapshot: they are not
 * provisioned by themselves (the snapshot says their provisioner has not delivered) until the scheduler selects a
 * node for them or a StorageClass or PersistentVolume changes.
 */
export function syncClaimBinding(ctx: ControllerContext, pvc: KubeObject, held: boolean): void {
  if (isBound(pvc) || pvc.metadata.deletionTimestamp) return;
  const key = `${pvc.metadata.namespace ?? ''}/${pvc.metadata.name}`;
  const name = className(ctx, pvc);
  const storageClass = name ? ctx.store.get(STORAGECLASSES, undefined, name) : undefined;
  const retry = () => ctx.wakeAt('pvc', key, ctx.clock.nowMs() + CLAIM_RESYNC_MS);
  const volume = matchingVolume(ctx, pvc, name);
  if (volume) {
    bind(ctx, pvc, volume);
    return;
  }
  if (name === '') {
    event(
      ctx,
      pvc,
      'Normal',
      'FailedBinding',
      'no persistent volumes available for this claim and no storage class is set',
    );
    retry();
    return;
  }
  if (!storageClass) {
    event(ctx, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`);
    retry();
    return;
  }
  const selectedNode = pvc.metadata.annotations?.[SELECTED_NODE];
  if (bindingMode(storageClass) === 'WaitForFirstConsumer' && !selectedNode) {
    event(
      ctx,
      pvc,
      'Normal',
      'WaitForFirstConsumer',
      'waiting for first consumer to be created before binding',
    );
    retry();
    return;
  }
  if (held && !selectedNode) return;
  provision(ctx, pvc, storageClass);
}

/** An Available volume of the claim's class that is big enough and offers its access modes (or names the claim). */
function matchingVolume(ctx: ControllerContext, pvc: KubeObject, name: string): KubeObject | undefined {
  const spec = claimSpec(pvc);
  if (spec.volumeName) return ctx.store.get(PVS, undefined, spec.volumeName);
  const want = tryParseQuantity(spec.resources?.requests?.storage) ?? 0;
  return ctx.store.list(PVS).find((pv) => {
    const pvSpec = (pv.spec ?? {}) as {
      storageClassName?: string;
      accessModes?: string[];
      capacity?: { storage?: string };
      claimRef?: { name?: string; namespace?: string };
    };
    const phase = (pv.status as { phase?: string } | undefined)?.phase;
    const claimRef = pvSpec.claimRef;
    if (claimRef)
      return (
        claimRef.name === pvc.metadata.name &&
        claimRef.namespace === pvc.metadata.namespace &&
        phase !== 'Released'
      );
    return (
      phase === 'Available' &&
      (pvSpec.storageClassName ?? '') === name &&
      (tryParseQuantity(pvSpec.capacity?.storage) ?? 0) >= want &&
      (spec.accessModes ?? []).every((m) => (pvSpec.accessModes ?? []).includes(m))
    );
  });
}

function provision(ctx: ControllerContext, pvc: KubeObject, storageClass: KubeObject): void {
  const spec = claimSpec(pvc);
  const provisioner = String(storageClass.provisioner ?? '');
  const claim = `${pvc.metadata.namespace ?? ''}/${pvc.metadata.name}`;
  event(
    ctx,
    pvc,
    'Normal',
    'Provisioning',
    `External provisioner is provisioning volume for claim "${claim}"`,
    provisioner,
  );
  const volume = ctx.store.create(PVS, {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: `pvc-${pvc.metadata.uid ?? pvc.metadata.name}`,
      annotations: {
        'pv.kubernetes.io/provisioned-by': provisioner,
        'volume.kubernetes.io/provisioner-deletion-secret-name': '',
        'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
      },
      finalizers: ['kubernetes.io/pv-protection'],
    },
    spec: {
      capacity: { storage: spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: spec.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: String(storageClass.reclaimPolicy ?? 'Delete'),
      storageClassName: storageClass.metadata.name,
      volumeMode: spec.volumeMode ?? 'Filesystem',
      claimRef: {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        namespace: pvc.metadata.namespace,
        name: pvc.metadata.name,
        uid: pvc.metadata.uid,
      },
      csi: {
        driver: provisioner,
        volumeHandle: `vol-${(pvc.metadata.uid ?? '').replace(/-/g, '').slice(0, 17)}`,
        fsType: 'ext4',
      },
    },
    status: { phase: 'Bound' },
  });
  event(
    ctx,
    pvc,
    'Normal',
    'ProvisioningSucceeded',
    `Successfully provisioned volume ${volume.metadata.name}`,
    provisioner,
  );
  bind(ctx, pvc, volume);
}

function bind(ctx: ControllerContext, pvc: KubeObject, volume: KubeObject): void {
  const pvSpec = (volume.spec ?? {}) as { capacity?: Record<string, string>; accessModes?: string[] };
  ctx.store.mutate(PVS, undefined, volume.metadata.name, (draft) => {
    const spec = (draft.spec ?? {}) as Record<string, unknown>;
    spec.claimRef = {
      kind: 'PersistentVolumeClaim',
      apiVersion: 'v1',
      namespace: pvc.metadata.namespace,
      name: pvc.metadata.name,
      uid: pvc.metadata.uid,
    };
    draft.spec = spec;
    draft.status = { phase: 'Bound' };
  });
  ctx.store.mutate(PVCS, pvc.metadata.namespace, pvc.metadata.name, (draft) => {
    draft.metadata.annotations = {
      ...(draft.metadata.annotations ?? {}),
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    };
    draft.spec = { ...((draft.spec as object | undefined) ?? {}), volumeName: volume.metadata.name };
    draft.status = {
      phase: 'Bound',
      accessModes: pvSpec.accessModes ?? [],
      capacity: { ...(pvSpec.capacity ?? {}) },
    };
  });
}
