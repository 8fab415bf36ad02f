// ResourceQuota admission for API writes: a create or update that would take a namespace past a quota is
// refused with 403 "exceeded quota: …", as kube-apiserver refuses it; dry runs are checked but never charged.
import { tryParseQuantity } from '../../cluster/quantity.js';
import {
  canonical,
  chargeQuotaUsage,
  exceededQuota,
  podQuotaUsage,
  type Usage,
} from '../controllers/quota.js';
import { isActive, podSpec } from '../controllers/podState.js';
import { QUOTAS } from '../controllers/runtime.js';
import type { KubeObject } from '../store.js';
import type { ApiContext } from './context.js';
import { RESOURCE_TYPES, type ResourceType } from './resources.js';
import { ApiError, qualifiedName } from './status.js';

/** Kinds whose object count a quota also limits under a bare name (`services: 10`), besides `count/<plural>`. */
const LEGACY_COUNTS = new Set([
  'pods',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'replicationcontrollers',
  'resourcequotas',
]);

/** What one object counts against a namespace's quotas, by quota resource name. */
export function objectQuotaUsage(type: ResourceType, object: KubeObject): Usage {
  if (type.storeKey === 'core/pods') return podQuotaUsage(podSpec(object));
  const count = `count/${type.group ? `${type.plural}.${type.group}` : type.plural}`;
  const usage: Usage = { [count]: 1 };
  if (!type.group && LEGACY_COUNTS.has(type.plural)) usage[type.plural] = 1;
  if (type.storeKey === 'core/persistentvolumeclaims') {
    const spec = (object.spec ?? {}) as {
      storageClassName?: string;
      resources?: { requests?: Record<string, string> };
    };
    const storage = tryParseQuantity(spec.resources?.requests?.storage) ?? 0;
    usage['requests.storage'] = storage;
    if (spec.storageClassName) {
      const byClass = `${spec.storageClassName}.storageclass.storage.k8s.io`;
      usage[`${byClass}/requests.storage`] = storage;
      usage[`${byClass}/persistentvolumeclaims`] = 1;
    }
  }
  if (type.storeKey === 'core/services') {
    const spec = (object.spec ?? {}) as { type?: string; ports?: unknown[] };
    if (spec.type === 'LoadBalancer') usage['services.loadbalancers'] = 1;
    if (spec.type === 'LoadBalancer' || spec.type === 'NodePort')
      usage['services.nodeports'] = spec.ports?.length ?? 0;
  }
  return usage;
}

/** What a write adds: the whole object on create, only the growth on update (a shrink frees nothing here). */
function addedUsage(type: ResourceType, before: KubeObject | undefined, next: KubeObject): Usage {
  const after = objectQuotaUsage(type, next);
  if (!before) return after;
  const previous = objectQuotaUsage(type, before);
  const added: Usage = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (previous[key] ?? 0);
    if (delta > 0) added[key] = delta;
  }
  return added;
}

/**
 * Refuses (403 Forbidden) a create (`before` undefined) or update that would exceed a quota of the object's
 * namespace. Returns the usage to charge once the write is stored; status writes and dry runs charge nothing.
 */
export function admitQuota(
  ctx: ApiContext,
  type: ResourceType,
  before: KubeObject | undefined,
  next: KubeObject,
  subresource?: string,
): Usage {
  const namespace = next.metadata.namespace;
  if (!type.namespaced || namespace === undefined || subresource === 'status' || type.view) return {};
  if (type.storeKey === QUOTAS) return {};
  const quotas = ctx.store.list(QUOTAS, namespace);
  if (quotas.length === 0) return {};
  const added = addedUsage(type, before, next);
  const exceeded = exceededQuota(quotas, added);
  if (exceeded !== undefined) {
    throw new ApiError(
      403,
      'Forbidden',
      `${qualifiedName(type.group, type.plural, next.metadata.name)} is forbidden: ${exceeded}`,
      { name: next.metadata.name, ...(type.group ? { group: type.group } : {}), kind: type.plural },
    );
  }
  return added;
}

/**
 * Adds a stored write's usage to the quotas' status.used, as the API server's quota admission does. Pods are
 * charged by the simulated controllers when they appear, so they are left to them here.
 */
export function chargeAdmitted(
  ctx: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  usage: Usage,
) {
  if (type.storeKey === 'core/pods' || Object.keys(usage).length === 0) return;
  chargeQuotaUsage(ctx.store, namespace, usage, 1);
}

/**
 * A new ResourceQuota with the status the quota controller first gives it: hard copied from spec, used counted
 * from what the namespace already holds (running pods, claims, objects), so admission has figures to check.
 */
export function withInitialUsage(ctx: ApiContext, quota: KubeObject): KubeObject {
  const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<
    string,
    string
  >;
  const namespace = quota.metadata.namespace;
  const totals: Usage = {};
  for (const type of RESOURCE_TYPES) {
    if (!type.namespaced || type.view || type.storeKey === QUOTAS) continue;
    for (const object of ctx.store.list(type.storeKey, namespace)) {
      if (type.storeKey === 'core/pods' && !isActive(object)) continue;
      for (const [key, value] of Object.entries(objectQuotaUsage(type, object)))
        totals[key] = (totals[key] ?? 0) + value;
    }
  }
  const used = Object.fromEntries(Object.keys(hard).map((key) => [key, canonical(key, totals[key] ?? 0)]));
  return { ...quota, status: { hard: { ...hard }, used } };
}

/**
 * Gives a deleted object's usage back to its namespace's quotas, as the quota controller does when it sees the
 * object go. Pods are released by the simulated controllers.
 */
export function releaseDeleted(ctx: ApiContext, storeKey: string, object: KubeObject): void {
  if (storeKey === 'core/pods' || storeKey === QUOTAS) return;
  const type = RESOURCE_TYPES.find((t) => t.storeKey === storeKey && !t.view);
  if (!type?.namespaced) return;
  chargeQuotaUsage(ctx.store, object.metadata.namespace, objectQuotaUsage(type, object), -1);
}
