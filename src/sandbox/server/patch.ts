// PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch for the fields kubectl uses.
import { badRequest, ApiError } from './status.js';

type Json = unknown;
type Obj = Record<string, Json>;

const isObject = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type PatchType = 'json' | 'merge' | 'strategic';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  switch (media) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
}

/** Applies a patch to a copy of `target`; never mutates the input. */
export function applyPatch(type: PatchType, target: Obj, patch: Json): Obj {
  switch (type) {
    case 'json':
      return jsonPatch(target, patch);
    case 'merge':
      if (!isObject(patch)) throw badRequest('merge patch must be a JSON object');
      return mergePatch(target, patch) as Obj;
    case 'strategic':
      if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
      return strategicMerge(target, patch, '') as Obj;
  }
}

// ---- RFC 7386 ----

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Obj = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

// ---- RFC 6902 ----

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, tokens: string[]): Json {
  let current = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else return undefined;
  }
  return current;
}

function parentOf(doc: Json, tokens: string[], path: string): { parent: Obj | Json[]; key: string } {
  const parent = getAt(doc, tokens.slice(0, -1));
  if (!isObject(parent) && !Array.isArray(parent)) throw badRequest(`doc is missing path: "${path}"`);
  return { parent, key: tokens[tokens.length - 1] ?? '' };
}

function arrayIndex(array: Json[], key: string, path: string, forInsert: boolean): number {
  if (forInsert && key === '-') return array.length;
  const index = Number(key);
  const max = forInsert ? array.length : array.length - 1;
  if (!/^\d+$/.test(key) || index > max) throw badRequest(`unable to find index ${key} in path "${path}"`);
  return index;
}

function jsonPatch(target: Obj, patch: Json): Obj {
  if (!Array.isArray(patch)) throw badRequest('json patch must be a JSON array of operations');
  let doc: Json = structuredClone(target);
  for (const raw of patch) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw badRequest('each json patch operation needs "op" and "path"');
    const { op, path } = raw;
    const tokens = parsePointer(path);
    const remove = (p: string, t: string[]): Json => {
      const { parent, key } = parentOf(doc, t, p);
      if (Array.isArray(parent)) {
        const index = arrayIndex(parent, key, p, false);
        return parent.splice(index, 1)[0];
      }
      if (!(key in parent)) throw badRequest(`unable to remove nonexistent key: ${key}: missing value`);
      const value = parent[key];
      delete parent[key];
      return value;
    };
    const add = (t: string[], p: string, value: Json) => {
      if (t.length === 0) {
        doc = value;
        return;
      }
      const { parent, key } = parentOf(doc, t, p);
      if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, p, true), 0, value);
      else parent[key] = value;
    };
    switch (op) {
      case 'add':
        add(tokens, path, structuredClone(raw.value));
        break;
      case 'remove':
        remove(path, tokens);
        break;
      case 'replace': {
        if (getAt(doc, tokens) === undefined && tokens.length > 0) {
          // kube-apiserver (evanphx/json-patch) refuses to replace a missing key.
          throw badRequest(
            `the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${path}`,
          );
        }
        if (tokens.length === 0) doc = structuredClone(raw.value);
        else {
          const { parent, key } = parentOf(doc, tokens, path);
          if (Array.isArray(parent))
            parent[arrayIndex(parent, key, path, false)] = structuredClone(raw.value);
          else parent[key] = structuredClone(raw.value);
        }
        break;
      }
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw badRequest(`"${op}" needs "from"`);
        const fromTokens = parsePointer(raw.from);
        const value = op === 'move' ? remove(raw.from, fromTokens) : structuredClone(getAt(doc, fromTokens));
        if (value === undefined) throw badRequest(`doc is missing from path: "${raw.from}"`);
        add(tokens, path, value);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, tokens)) !== JSON.stringify(raw.value))
          throw new ApiError(422, 'Invalid', `testing value ${path} failed: test failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  if (!isObject(doc)) throw badRequest('json patch result is not an object');
  return doc;
}

// ---- strategic merge patch ----

/** Merge keys of the list fields kubectl patches (from the Kubernetes API types' patchMergeKey tags). */
function mergeKeyFor(field: string, items: Json[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'containerStatuses':
    case 'initContainerStatuses':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'conditions':
    case 'addresses':
      return 'type';
    case 'ownerReferences':
      return 'uid';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

/** Primitive lists merged as sets rather than replaced. */
const SET_LISTS = new Set(['finalizers']);

function strategicMerge(original: Json, patch: Json, field: string): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Obj = isObject(original) ? { ...original } : {};
  const retainKeys = Array.isArray(patch.$retainKeys) ? patch.$retainKeys.map(String) : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const listName = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[listName];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[listName] = current.filter(
          (item) => !value.some((v) => JSON.stringify(v) === JSON.stringify(item)),
        );
      }
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (Array.isArray(value)) {
      result[key] = mergeList(Array.isArray(current) ? current : [], value, key);
    } else if (isObject(value)) {
      const merged = strategicMerge(current, value, key);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  if (retainKeys) for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
  void field;
  return result;
}

function mergeList(current: Json[], patch: Json[], field: string): Json[] {
  if (SET_LISTS.has(field)) {
    const out = [...current];
    for (const item of patch)
      if (!out.some((c) => JSON.stringify(c) === JSON.stringify(item))) out.push(item);
    return out;
  }
  const mergeKey = mergeKeyFor(field, [...current, ...patch]);
  if (!mergeKey || !patch.every(isObject)) {
    // Lists without a merge key are replaced as a whole (after dropping a replace directive element).
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map((p) => stripDirectives(p));
  }
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map((p) => stripDirectives(p));
  }
  const out: Json[] = [...current];
  for (const item of patch as Obj[]) {
    const keyValue = item[mergeKey];
    const index = out.findIndex(
      (c) => isObject(c) && JSON.stringify(c[mergeKey]) === JSON.stringify(keyValue),
    );
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = strategicMerge(out[index], item, field);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    if (v === null) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}
