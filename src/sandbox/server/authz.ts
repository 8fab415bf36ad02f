// Who is calling (bearer token → user) and what they may do: admin everything, read-only get/list/watch minus Secrets.
import type { RequestInfo } from './requestInfo.js';
import { ApiError } from './status.js';

export interface SandboxTokens {
  admin: string;
  readonly: string;
}

export interface Caller {
  user: string;
  readonly: boolean;
}

export const ADMIN_USER = 'sandbox-admin';
export const READONLY_USER = 'sandbox-readonly';

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Resolves the bearer token; a missing or unknown token is 401 Unauthorized. */
export function authenticate(authorization: string | undefined, tokens: SandboxTokens): Caller {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (token === tokens.admin) return { user: ADMIN_USER, readonly: false };
  if (token === tokens.readonly) return { user: READONLY_USER, readonly: true };
  throw new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** Throws 403 Forbidden, worded like the real API server's RBAC denial, when the caller may not do this. */
export function authorize(caller: Caller, request: RequestInfo, method: string): void {
  if (!caller.readonly) return;
  if (request.kind === 'nonResource') {
    if (method === 'GET' || method === 'HEAD') return;
    throw new ApiError(
      403,
      'Forbidden',
      `forbidden: User "${caller.user}" cannot ${method.toLowerCase()} path "${request.path}"`,
      {},
    );
  }
  const { type, verb, namespace, name, subresource } = request;
  const secret = type.group === '' && type.plural === 'secrets';
  if (READ_VERBS.has(verb) && !secret) return;
  const resource = type.group ? `${type.plural}.${type.group}` : type.plural;
  const subject = name === undefined ? `${resource} is forbidden` : `${resource} "${name}" is forbidden`;
  const fullResource = subresource ? `${type.plural}/${subresource}` : type.plural;
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  throw new ApiError(
    403,
    'Forbidden',
    `${subject}: User "${caller.user}" cannot ${verb} resource "${fullResource}" in API group "${type.group}" ${scope}`,
    {
      ...(name !== undefined ? { name } : {}),
      ...(type.group ? { group: type.group } : {}),
      kind: type.plural,
    },
  );
}
