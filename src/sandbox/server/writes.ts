// create, update, patch, delete and deletecollection, each validated first and honouring dryRun=All.
import { randomUUID } from 'node:crypto';
import { isoSeconds, type KubeObject } from '../store.js';
import { served, type ApiContext } from './context.js';
import { fromEventsV1 } from './eventsView.js';
import { objectJson } from './json.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { admitQuota, chargeAdmitted, releaseDeleted, withInitialUsage } from './quotaAdmission.js';
import { handleList, jsonReply, matchesFilter, parseFilter, type Reply } from './reads.js';
import type { ResourceRequest } from './requestInfo.js';
import { apiVersionOf, RESOURCE_TYPES, type ResourceType } from './resources.js';
import { alreadyExists, ApiError, badRequest, conflict, fromStoreError, notFound } from './status.js';
import { validateObject } from './validate.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `dryRun=All` (query) or `dryRun: ["All"]` (DeleteOptions body); anything else is a 400. */
export function isDryRun(query: URLSearchParams, body?: unknown): boolean {
  const values = query.getAll('dryRun');
  if (isRec(body) && Array.isArray(body.dryRun)) values.push(...body.dryRun.map(String));
  for (const value of values) {
    if (value !== 'All') throw badRequest(`Invalid dryRun value: "${value}": valid values are "All"`);
  }
  return values.length > 0;
}

const hasStatusSubresource = (type: ResourceType) => type.subresources.some((s) => s.name === 'status');

/** Checks the body is an object of this resource's kind and returns a shallow copy with its metadata copied. */
export function bodyObject(type: ResourceType, body: unknown, expectedKind = type.kind): KubeObject {
  if (!isRec(body)) throw badRequest('the request body must be a JSON object');
  const kind = body.kind;
  if (kind !== undefined && kind !== expectedKind)
    throw badRequest(
      `the kind of the object (${String(kind)}) does not match the kind of the resource (${expectedKind})`,
    );
  const metadata = body.metadata;
  if (metadata !== undefined && !isRec(metadata)) throw badRequest('metadata must be an object');
  return { ...body, metadata: { ...(metadata ?? {}) } } as KubeObject;
}

function toStored(type: ResourceType, object: KubeObject): KubeObject {
  const clean = withoutNulls(object) as KubeObject;
  if (type.view === 'events.k8s.io') return fromEventsV1(clean);
  return { ...clean, apiVersion: apiVersionOf(type), kind: type.kind };
}

/**
 * Drops null fields, as decoding into the API types does (`creationTimestamp: null` in a template kubectl
 * sends becomes an omitted zero value), so equal templates stay equal.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRec(value)) return value;
  const out: Rec = {};
  for (const [key, field] of Object.entries(value)) if (field !== null) out[key] = withoutNulls(field);
  return out;
}

function checkNamespace(ctx: ApiContext, req: ResourceRequest, object: KubeObject): void {
  const { type, namespace } = req;
  if (!type.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  if (namespace === undefined)
    throw new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  if (
    object.metadata.namespace !== undefined &&
    object.metadata.namespace !== '' &&
    object.metadata.namespace !== namespace
  )
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  object.metadata.namespace = namespace;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return `${prefix}${suffix}`;
}

export function handleCreate(ctx: ApiContext, req: ResourceRequest, body: unknown, dryRun: boolean): Reply {
  const { type } = req;
  const object = bodyObject(type, body);
  checkNamespace(ctx, req, object);
  const meta = object.metadata;
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName !== '')
    meta.name = generatedName(meta.generateName);
  if (!meta.name) {
    throw new ApiError(
      422,
      'Invalid',
      `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      {
        kind: type.kind,
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: name or generateName is required',
            field: 'metadata.name',
          },
        ],
      },
    );
  }
  for (const field of [
    'resourceVersion',
    'uid',
    'deletionTimestamp',
    'creationTimestamp',
    'generation',
  ] as const)
    delete meta[field];
  const converted = toStored(type, object);
  const stored = type.storeKey === 'core/resourcequotas' ? withInitialUsage(ctx, converted) : converted;
  validateObject(type, stored);
  if (
    type.namespaced &&
    ctx.store.count('core/namespaces') > 0 &&
    !ctx.store.get('core/namespaces', undefined, meta.namespace ?? '')
  ) {
    throw notFound('', 'namespaces', meta.namespace ?? '');
  }
  const quotaUsage = admitQuota(ctx, type, undefined, stored);
  if (ctx.store.get(type.storeKey, meta.namespace, meta.name)) {
    throw alreadyExists(type.group, type.plural, meta.name);
  }
  if (dryRun) {
    const preview: KubeObject = {
      ...stored,
      metadata: {
        ...stored.metadata,
        uid: randomUUID(),
        generation: 1,
        creationTimestamp: isoSeconds(ctx.clock.now()),
      },
    };
    return jsonReply(201, served(type, preview));
  }
  try {
    const created = ctx.store.create(type.storeKey, stored);
    chargeAdmitted(ctx, type, created.metadata.namespace, quotaUsage);
    return { status: 201, json: objectJson(served(type, created)) };
  } catch (error) {
    throw fromStoreError(error, type.group, type.plural, meta.name);
  }
}

function current(ctx: ApiContext, req: ResourceRequest): KubeObject {
  const stored = ctx.store.get(req.type.storeKey, req.namespace, req.name ?? '');
  if (!stored) throw notFound(req.type.group, req.type.plural, req.name ?? '');
  return stored;
}

/** Stores `next` in place of `before` (or previews it on dryRun), after the checks a real server makes. */
function replace(
  ctx: ApiContext,
  req: ResourceRequest,
  before: KubeObject,
  next: KubeObject,
  dryRun: boolean,
): Reply {
  const { type } = req;
  const name = before.metadata.name;
  const expected = next.metadata.resourceVersion;
  if (expected !== undefined && expected !== '' && expected !== before.metadata.resourceVersion)
    throw conflict(type.group, type.plural, name);
  next.metadata.name = name;
  if (type.namespaced) next.metadata.namespace = before.metadata.namespace;
  next.metadata.resourceVersion = before.metadata.resourceVersion;
  validateObject(type, next, before);
  const quotaUsage = admitQuota(ctx, type, before, next, req.subresource);
  if (dryRun) {
    const preview: KubeObject = {
      ...next,
      metadata: {
        ...next.metadata,
        uid: before.metadata.uid,
        creationTimestamp: before.metadata.creationTimestamp,
      },
    };
    return jsonReply(200, served(type, preview));
  }
  try {
    const stored = ctx.store.update(type.storeKey, next);
    chargeAdmitted(ctx, type, stored.metadata.namespace, quotaUsage);
    return { status: 200, json: objectJson(served(type, stored)) };
  } catch (error) {
    throw fromStoreError(error, type.group, type.plural, name);
  }
}

/** Keeps the half of the object the request may not change: status on the main resource, the rest on /status. */
function keepOwnedFields(
  type: ResourceType,
  subresource: string | undefined,
  before: KubeObject,
  next: KubeObject,
): KubeObject {
  if (subresource === 'status') {
    return {
      ...before,
      metadata: { ...before.metadata, resourceVersion: next.metadata.resourceVersion },
      status: next.status,
    };
  }
  if (hasStatusSubresource(type)) {
    const kept: KubeObject = { ...next };
    if (before.status === undefined) delete kept.status;
    else kept.status = before.status;
    return kept;
  }
  return next;
}

export function handleUpdate(ctx: ApiContext, req: ResourceRequest, body: unknown, dryRun: boolean): Reply {
  const { type } = req;
  const before = current(ctx, req);
  const object = bodyObject(type, body);
  if (object.metadata.name !== undefined && object.metadata.name !== req.name)
    throw badRequest(
      `the name of the object (${String(object.metadata.name)}) does not match the name on the URL (${req.name ?? ''})`,
    );
  if (
    type.namespaced &&
    object.metadata.namespace !== undefined &&
    object.metadata.namespace !== req.namespace
  )
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const next = keepOwnedFields(type, req.subresource, before, toStored(type, object));
  next.metadata.uid = before.metadata.uid;
  return replace(ctx, req, before, next, dryRun);
}

export function handlePatch(
  ctx: ApiContext,
  req: ResourceRequest,
  body: unknown,
  contentType: string | undefined,
  dryRun: boolean,
): Reply {
  const { type } = req;
  const patchType = patchTypeOf(contentType);
  const before = current(ctx, req);
  const patched = applyPatch(patchType, served(type, before) as Rec, body) as KubeObject;
  if (!isRec(patched.metadata)) throw badRequest('the patch removed the object metadata');
  const next = keepOwnedFields(
    type,
    req.subresource,
    before,
    toStored(type, { ...patched, metadata: { ...patched.metadata } }),
  );
  next.metadata.uid = before.metadata.uid;
  return replace(ctx, req, before, next, dryRun);
}

/** Kinds whose objects can own others (ownerReferences), so deleting them cascades. */
const OWNER_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Service',
  'Node',
]);

function propagationPolicy(query: URLSearchParams, body: unknown): string {
  const fromBody = isRec(body) ? body.propagationPolicy : undefined;
  const policy =
    (typeof fromBody === 'string' ? fromBody : undefined) ?? query.get('propagationPolicy') ?? 'Background';
  if (isRec(body) && body.orphanDependents === true) return 'Orphan';
  if (!['Background', 'Foreground', 'Orphan'].includes(policy))
    throw badRequest(`unknown propagationPolicy "${policy}"`);
  return policy;
}

/** Removes an object and, like the garbage collector, its dependents (or orphans them). */
export function deleteWithDependents(
  ctx: ApiContext,
  storeKey: string,
  object: KubeObject,
  policy: string,
): KubeObject {
  const deleted = ctx.store.delete(storeKey, object.metadata.namespace, object.metadata.name);
  releaseDeleted(ctx, storeKey, deleted);
  const uid = object.metadata.uid;
  if (storeKey === 'core/namespaces') {
    for (const type of RESOURCE_TYPES) {
      if (!type.namespaced || type.view) continue;
      for (const child of ctx.store.list(type.storeKey, object.metadata.name)) {
        ctx.store.delete(type.storeKey, child.metadata.namespace, child.metadata.name);
      }
    }
    return deleted;
  }
  if (!uid || !OWNER_KINDS.has(object.kind)) return deleted;
  for (const type of RESOURCE_TYPES) {
    if (type.view) continue;
    for (const child of ctx.store.list(type.storeKey, object.metadata.namespace)) {
      if (!child.metadata.ownerReferences?.some((ref) => ref.uid === uid)) continue;
      if (policy === 'Orphan') {
        ctx.store.mutate(type.storeKey, child.metadata.namespace, child.metadata.name, (draft) => {
          draft.metadata.ownerReferences = draft.metadata.ownerReferences?.filter((ref) => ref.uid !== uid);
          if (draft.metadata.ownerReferences?.length === 0) delete draft.metadata.ownerReferences;
        });
      } else if (ctx.store.get(type.storeKey, child.metadata.namespace, child.metadata.name)) {
        deleteWithDependents(ctx, type.storeKey, child, policy);
      }
    }
  }
  return deleted;
}

export function handleDelete(ctx: ApiContext, req: ResourceRequest, body: unknown, dryRun: boolean): Reply {
  const { type } = req;
  const before = current(ctx, req);
  const preconditions = isRec(body) && isRec(body.preconditions) ? body.preconditions : {};
  if (typeof preconditions.uid === 'string' && preconditions.uid !== before.metadata.uid) {
    throw new ApiError(
      409,
      'Conflict',
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${before.metadata.uid ?? ''}`,
      {
        name: before.metadata.name,
        kind: type.plural,
      },
    );
  }
  if (
    typeof preconditions.resourceVersion === 'string' &&
    preconditions.resourceVersion !== before.metadata.resourceVersion
  ) {
    throw new ApiError(
      409,
      'Conflict',
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${before.metadata.resourceVersion ?? ''}`,
      { name: before.metadata.name, kind: type.plural },
    );
  }
  const policy = propagationPolicy(req.query, body);
  if (dryRun) return { status: 200, json: objectJson(served(type, before)) };
  const deleted = deleteWithDependents(ctx, type.storeKey, before, policy);
  return { status: 200, json: objectJson(served(type, deleted)) };
}

export function handleDeleteCollection(
  ctx: ApiContext,
  req: ResourceRequest,
  body: unknown,
  dryRun: boolean,
): Reply {
  const { type } = req;
  const filter = parseFilter(req);
  const policy = propagationPolicy(req.query, body);
  const victims = ctx.store
    .list(type.storeKey, req.namespace)
    .filter((o) => matchesFilter(filter, served(type, o)));
  const listing = handleList(ctx, req, false);
  if (dryRun) return listing;
  for (const victim of victims) {
    if (ctx.store.get(type.storeKey, victim.metadata.namespace, victim.metadata.name))
      deleteWithDependents(ctx, type.storeKey, victim, policy);
  }
  return listing;
}
