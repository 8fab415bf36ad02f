// Turns a request path and method into what the API server acts on: verb, resource, namespace, name.
import { findResource, type ResourceType } from './resources.js';
import { ApiError, badRequest, pathNotFound } from './status.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** A request for a resource (`/api/v1/namespaces/ns/pods/web-1/log`). */
export interface ResourceRequest {
  kind: 'resource';
  verb: Verb;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
}

/** Discovery, version, health: paths that name no resource. */
export interface NonResourceRequest {
  kind: 'nonResource';
  path: string;
  query: URLSearchParams;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequest(method: string, rawUrl: string): RequestInfo {
  const url = new URL(rawUrl, 'http://sandbox.invalid');
  const query = url.searchParams;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  let group: string;
  let version: string;
  let parts: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1] ?? '';
    parts = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1] ?? '';
    version = segments[2] ?? '';
    parts = segments.slice(3);
  } else {
    return { kind: 'nonResource', path: url.pathname.replace(/\/+$/, '') || '/', query };
  }
  try {
    parts = parts.map((p) => decodeURIComponent(p));
  } catch {
    throw badRequest(`malformed path: ${url.pathname}`);
  }
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
    else namespace = undefined;
  }
  const [plural = '', name, subresource, ...rest] = parts;
  if (rest.length > 0) throw pathNotFound();
  const type = findResource(group, version, plural);
  if (!type) throw pathNotFound();
  if (namespace !== undefined && !type.namespaced) throw pathNotFound();
  if (subresource !== undefined && !type.subresources.some((s) => s.name === subresource))
    throw pathNotFound();
  const verb = verbFor(method, name, query);
  if (name !== undefined && name === '') throw badRequest('resource name may not be empty');
  return {
    kind: 'resource',
    verb,
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    query,
  };
}

function verbFor(method: string, name: string | undefined, query: URLSearchParams): Verb {
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const watch = query.get('watch');
      if (watch === '1' || watch === 'true') return 'watch';
      return name === undefined ? 'list' : 'get';
    }
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return name === undefined ? 'deletecollection' : 'delete';
    default:
      throw new ApiError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
  }
}
