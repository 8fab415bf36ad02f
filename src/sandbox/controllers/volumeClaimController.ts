// PersistentVolumeClaims: unbound ones are bound or provisioned (volumeProvisioner.ts); a bound claim asking for
// more storage than it has gets it after a moment when its StorageClass allows expansion, else VolumeResizeFailed.
import { tryParseQuantity } from '../../cluster/quantity.js';
import { recordEvent } from './events.js';
import { PVCS, STORAGECLASSES, keyOf, splitKey, type ControllerContext } from './runtime.js';
import { isBound, syncClaimBinding } from './volumeProvisioner.js';

/** Simulated seconds the external resizer and the kubelet take to grow a volume. */
const RESIZE_SECONDS = 2;

const started = new WeakMap<ControllerContext, Map<string, number>>();
/** Claims that were Pending when the sandbox started, until a StorageClass or PersistentVolume changes. */
const heldClaims = new WeakMap<ControllerContext, Set<string>>();

/** Remembers the claims the snapshot shows Pending: the snapshot says their volume has not come. */
export function holdPendingClaims(ctx: ControllerContext): void {
  heldClaims.set(
    ctx,
    new Set(
      ctx.store
        .list(PVCS)
        .filter((pvc) => !isBound(pvc))
        .map(keyOf),
    ),
  );
}

/** Something changed that could let a held claim bind (a new class or volume): every claim is looked at again. */
export function releaseHeldClaims(ctx: ControllerContext): void {
  heldClaims.get(ctx)?.clear();
  for (const pvc of ctx.store.list(PVCS)) if (!isBound(pvc)) ctx.enqueue('pvc', keyOf(pvc));
}

export function syncVolumeClaim(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const pvc = ctx.store.get(PVCS, namespace, name);
  if (!pvc) return;
  if (!isBound(pvc)) {
    syncClaimBinding(ctx, pvc, heldClaims.get(ctx)?.has(key) ?? false);
    return;
  }
  const requested = (pvc.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources
    ?.requests?.storage;
  const status = (pvc.status ?? {}) as { phase?: string; capacity?: { storage?: string } };
  const capacity = status.capacity?.storage;
  const want = tryParseQuantity(requested);
  const have = tryParseQuantity(capacity);
  if (status.phase !== 'Bound' || want === undefined || have === undefined || want <= have) return;
  const className = (pvc.spec as { storageClassName?: string } | undefined)?.storageClassName;
  const storageClass = className ? ctx.store.get(STORAGECLASSES, undefined, className) : undefined;
  if (storageClass && storageClass.allowVolumeExpansion !== true) {
    recordEvent(ctx.store, ctx.clock, {
      about: pvc,
      type: 'Warning',
      reason: 'VolumeResizeFailed',
      message: `storageclass "${className}" does not allow volume expansion`,
      component: 'volume_expand',
    });
    return;
  }
  let timers = started.get(ctx);
  if (!timers) {
    timers = new Map();
    started.set(ctx, timers);
  }
  const since = timers.get(key);
  const now = ctx.clock.nowMs();
  if (since === undefined) {
    timers.set(key, now);
    recordEvent(ctx.store, ctx.clock, {
      about: pvc,
      type: 'Normal',
      reason: 'Resizing',
      message: `External resizer is resizing volume ${(pvc.spec as { volumeName?: string }).volumeName ?? name}`,
      component: 'external-resizer',
    });
    ctx.wakeAt('pvc', key, now + RESIZE_SECONDS * 1000);
    return;
  }
  if (now < since + RESIZE_SECONDS * 1000) {
    ctx.wakeAt('pvc', key, since + RESIZE_SECONDS * 1000);
    return;
  }
  timers.delete(key);
  ctx.store.mutate(PVCS, namespace, name, (draft) => {
    const s = { ...((draft.status as Record<string, unknown> | undefined) ?? {}) };
    s.capacity = {
      ...((s.capacity as Record<string, string> | undefined) ?? {}),
      storage: requested as string,
    };
    delete s.conditions;
    delete s.allocatedResources;
    draft.status = s;
  });
  recordEvent(ctx.store, ctx.clock, {
    about: pvc,
    type: 'Normal',
    reason: 'FileSystemResizeSuccessful',
    message: `MountVolume.NodeExpandVolume succeeded for volume "${(pvc.spec as { volumeName?: string }).volumeName ?? name}"`,
    component: 'kubelet',
  });
}
