// Volume expansion: a PersistentVolumeClaim asking for more storage than it has gets it after a moment, when its
// StorageClass allows expansion; otherwise a VolumeResizeFailed event says why not.
import { tryParseQuantity } from '../../cluster/quantity.js';
import { recordEvent } from './events.js';
import { PVCS, STORAGECLASSES, splitKey, type ControllerContext } from './runtime.js';

/** Simulated seconds the external resizer and the kubelet take to grow a volume. */
const RESIZE_SECONDS = 2;

const started = new WeakMap<ControllerContext, Map<string, number>>();

export function syncVolumeClaim(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const pvc = ctx.store.get(PVCS, namespace, name);
  if (!pvc) return;
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
