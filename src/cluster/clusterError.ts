// Errors from the cluster, each with a message that tells the model (and the engineer) what to do next.

export type ClusterErrorReason =
  'Forbidden' | 'Unauthorized' | 'NotFound' | 'Unreachable' | 'Timeout' | 'BadRequest' | 'ServerError';

export class ClusterError extends Error {
  constructor(
    readonly reason: ClusterErrorReason,
    message: string,
    readonly details: { status?: number; suggestions?: string[] } = {},
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export interface RequestDescription {
  verb: 'get' | 'list';
  /** Plural resource, with its API group when it has one: "pods", "deployments.apps". */
  resource: string;
  namespace?: string;
  name?: string;
  context: string;
  server: string;
}

function where(request: RequestDescription): string {
  return request.namespace ? ` in namespace ${request.namespace}` : ' cluster-wide';
}

/** Maps an HTTP status from the API server to an actionable error. */
export function errorFromStatus(status: number, body: string, request: RequestDescription): ClusterError {
  let apiMessage: string;
  try {
    apiMessage = String((JSON.parse(body) as { message?: unknown }).message ?? '');
  } catch {
    apiMessage = body.slice(0, 200);
  }
  const target = request.name ? `${request.resource} ${request.name}` : request.resource;
  switch (status) {
    case 401:
      return new ClusterError(
        'Unauthorized',
        `the API server rejected the credentials of context ${request.context}: log in again or choose another context`,
        { status },
      );
    case 403:
      return new ClusterError(
        'Forbidden',
        `forbidden: context ${request.context} may not ${request.verb} ${request.resource}${where(request)}; ` +
          `grant "${request.verb}" on "${request.resource}" (\`kopilot mcp rbac\` prints a read-only role), ` +
          `or answer without this data`,
        { status },
      );
    case 404:
      return new ClusterError('NotFound', `${target} not found${where(request)}`, { status });
    case 400:
    case 422:
      return new ClusterError(
        'BadRequest',
        `the API server refused the request: ${apiMessage || 'bad request'}`,
        {
          status,
        },
      );
    default:
      return new ClusterError(
        'ServerError',
        `the API server answered ${status} to ${request.verb} ${target}${where(request)}: ${apiMessage || 'no detail'}; retry shortly`,
        { status },
      );
  }
}

/** Maps a network failure (refused, DNS, TLS, timeout) to an "unreachable" error naming the server. */
export function errorFromNetwork(error: unknown, request: RequestDescription): ClusterError {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const detail = code || (error instanceof Error ? error.message : String(error));
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(detail)) {
    return new ClusterError(
      'Timeout',
      `the Kubernetes API server at ${request.server} (context ${request.context}) did not answer in time; the cluster may be overloaded or unreachable`,
    );
  }
  return new ClusterError(
    'Unreachable',
    `cannot reach the Kubernetes API server at ${request.server} (context ${request.context}): ${detail}; check that the cluster is up and the kubeconfig/context is right`,
  );
}
