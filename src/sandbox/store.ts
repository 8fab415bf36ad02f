// The sandbox's object storage: versioned Kubernetes objects per resource, with watch history.
// Objects handed out are the stored ones: never mutate them, build a copy and call update().
import { randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  generateName?: string;
  finalizers?: string[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A resource's storage key: `<group or "core">/<plural>`, e.g. `core/pods`, `apps/deployments`. */
export type ResourceKey = string;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceKey;
  object: KubeObject;
  resourceVersion: number;
}

export type StoreErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired';

export class StoreError extends Error {
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** Watch history kept for resuming a watch from an older resourceVersion (410 Gone past it). */
const HISTORY_LIMIT = 20_000;

export class ObjectStore {
  private readonly buckets = new Map<ResourceKey, Map<string, KubeObject>>();
  private readonly sortedKeys = new Map<ResourceKey, string[]>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly history: StoreEvent[] = [];
  private revision = 1;

  constructor(readonly clock: SandboxClock) {}

  get currentResourceVersion(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestWatchableVersion(): number {
    return this.history[0]?.resourceVersion ?? this.revision;
  }

  get(resource: ResourceKey, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(resource).get(objectKey(namespace, name));
  }

  /** Objects of a resource in one namespace (or all), ordered by namespace then name. */
  list(resource: ResourceKey, namespace?: string): KubeObject[] {
    const bucket = this.bucket(resource);
    const keys = this.sorted(resource);
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    const out: KubeObject[] = [];
    for (const key of keys) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      const object = bucket.get(key);
      if (object) out.push(object);
    }
    return out;
  }

  /**
   * Visits objects in list order after the object key `afterKey` ('' = from the start), in one namespace or
   * all, until `visit` returns false: a page of a paginated list costs O(page), not O(all objects).
   */
  scan(
    resource: ResourceKey,
    namespace: string | undefined,
    afterKey: string,
    visit: (object: KubeObject) => boolean,
  ): void {
    const bucket = this.bucket(resource);
    const keys = this.sorted(resource);
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    // Keys sharing a prefix are contiguous in sorted order: start at the later of the prefix and afterKey.
    const after = afterKey === '' ? 0 : firstIndex(keys, (key) => key > afterKey);
    let index = Math.max(
      after,
      firstIndex(keys, (key) => key >= prefix),
    );
    for (; index < keys.length; index++) {
      const key = keys[index] as string;
      if (!key.startsWith(prefix)) break;
      const object = bucket.get(key);
      if (object && !visit(object)) break;
    }
  }

  count(resource: ResourceKey): number {
    return this.bucket(resource).size;
  }

  resources(): ResourceKey[] {
    return [...this.buckets.keys()];
  }

  create(resource: ResourceKey, object: KubeObject): KubeObject {
    const { namespace, name } = object.metadata;
    const key = objectKey(namespace, name);
    const bucket = this.bucket(resource);
    if (bucket.has(key)) throw new StoreError('AlreadyExists', `${resource} "${name}" already exists`);
    const revision = ++this.revision;
    const stored: KubeObject = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: object.metadata.uid ?? randomUUID(),
        resourceVersion: String(revision),
        generation: object.metadata.generation ?? 1,
        creationTimestamp: object.metadata.creationTimestamp ?? isoSeconds(this.clock.now()),
      },
    };
    bucket.set(key, stored);
    this.sortedKeys.delete(resource);
    this.emit({ type: 'ADDED', resource, object: stored, resourceVersion: revision });
    return stored;
  }

  /**
   * Replaces an object. When `object.metadata.resourceVersion` is set it must match the stored one
   * (optimistic concurrency, 409 Conflict otherwise). Generation rises when anything but
   * metadata and status changes.
   */
  update(resource: ResourceKey, object: KubeObject): KubeObject {
    const { namespace, name } = object.metadata;
    const key = objectKey(namespace, name);
    const bucket = this.bucket(resource);
    const current = bucket.get(key);
    if (!current) throw new StoreError('NotFound', `${resource} "${name}" not found`);
    const expected = object.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) {
      throw new StoreError(
        'Conflict',
        `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const revision = ++this.revision;
    const generation = (current.metadata.generation ?? 1) + (specChanged(current, object) ? 1 : 0);
    const stored: KubeObject = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: String(revision),
        generation,
      },
    };
    bucket.set(key, stored);
    this.emit({ type: 'MODIFIED', resource, object: stored, resourceVersion: revision });
    return stored;
  }

  /** Clones the stored object, lets `change` edit the clone, and stores it (no conflict check). */
  mutate(
    resource: ResourceKey,
    namespace: string | undefined,
    name: string,
    change: (draft: KubeObject) => void,
  ): KubeObject {
    const current = this.get(resource, namespace, name);
    if (!current) throw new StoreError('NotFound', `${resource} "${name}" not found`);
    const draft = structuredClone(current);
    change(draft);
    draft.metadata.resourceVersion = undefined;
    return this.update(resource, draft);
  }

  delete(resource: ResourceKey, namespace: string | undefined, name: string): KubeObject {
    const key = objectKey(namespace, name);
    const bucket = this.bucket(resource);
    const current = bucket.get(key);
    if (!current) throw new StoreError('NotFound', `${resource} "${name}" not found`);
    bucket.delete(key);
    this.sortedKeys.delete(resource);
    const revision = ++this.revision;
    const deleted: KubeObject = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(revision) },
    };
    this.emit({ type: 'DELETED', resource, object: deleted, resourceVersion: revision });
    return deleted;
  }

  /** Every change from now on; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes after `resourceVersion` still in history; throws Expired (410) when it is too old. */
  eventsSince(resource: ResourceKey, resourceVersion: number): StoreEvent[] {
    if (resourceVersion < this.oldestWatchableVersion - 1) {
      throw new StoreError(
        'Expired',
        `too old resource version: ${resourceVersion} (${this.oldestWatchableVersion})`,
      );
    }
    return this.history.filter((e) => e.resource === resource && e.resourceVersion > resourceVersion);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    // Trim in batches: splicing one event off a 20,000-long array on every write is quadratic at load.
    if (this.history.length > HISTORY_LIMIT + HISTORY_LIMIT / 4) {
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
    }
    for (const listener of this.listeners) listener(event);
  }

  private bucket(resource: ResourceKey): Map<string, KubeObject> {
    let bucket = this.buckets.get(resource);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(resource, bucket);
    }
    return bucket;
  }

  private sorted(resource: ResourceKey): string[] {
    let keys = this.sortedKeys.get(resource);
    if (!keys) {
      keys = [...this.bucket(resource).keys()].sort();
      this.sortedKeys.set(resource, keys);
    }
    return keys;
  }
}

/** The first index whose key satisfies a predicate that is false, then true, along the sorted keys. */
function firstIndex(keys: string[], isAtOrAfter: (key: string) => boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAtOrAfter(keys[mid] as string)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : `/${name}`;
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function specChanged(before: KubeObject, after: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(before) !== strip(after);
}
