// Kubernetes `Status` failures: the error type every handler throws and the body a real API server sends.
import { StoreError } from '../store.js';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A failed API request: HTTP code, machine reason, human message, optional details. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods "web-1"` or `deployments.apps "webapp"`, as the API server names a resource in messages. */
export function qualifiedName(group: string, plural: string, name?: string): string {
  const resource = group ? `${plural}.${group}` : plural;
  return name === undefined ? resource : `${resource} "${name}"`;
}

export function notFound(group: string, plural: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedName(group, plural, name)} not found`, {
    name,
    ...(group ? { group } : {}),
    kind: plural,
  });
}

export function alreadyExists(group: string, plural: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedName(group, plural, name)} already exists`, {
    name,
    ...(group ? { group } : {}),
    kind: plural,
  });
}

export function conflict(group: string, plural: string, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(group, plural, name)}: the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...(group ? { group } : {}), kind: plural },
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function invalid(
  group: string,
  kind: string,
  name: string,
  causes: Array<{ field: string; message: string; reason?: string }>,
): ApiError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const kindName = group ? `${kind}.${group}` : kind;
  return new ApiError(422, 'Invalid', `${kindName} "${name}" is invalid: ${summary}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: causes.map((c) => ({
      reason: c.reason ?? 'FieldValueInvalid',
      message: c.message,
      field: c.field,
    })),
  });
}

export function methodNotAllowed(method: string, path: string): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource`,
    {
      kind: path,
      causes: [{ reason: 'UnexpectedServerResponse', message: `${method} is not supported` }],
    },
  );
}

export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/** Maps a store failure onto the Status a real API server answers with. */
export function fromStoreError(error: unknown, group: string, plural: string, name: string): unknown {
  if (!(error instanceof StoreError)) return error;
  switch (error.reason) {
    case 'NotFound':
      return notFound(group, plural, name);
    case 'AlreadyExists':
      return alreadyExists(group, plural, name);
    case 'Conflict':
      return conflict(group, plural, name);
    case 'Expired':
      return new ApiError(410, 'Expired', error.message);
  }
}
