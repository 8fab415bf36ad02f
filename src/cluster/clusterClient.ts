// The one access layer to Kubernetes: every read of every tool goes through here — rate-limited,
// cached for a few seconds, paginated, and with errors turned into actionable messages.
import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { AgentReuse } from './agentReuse.js';
import { ClusterError, errorFromNetwork, errorFromStatus, type RequestDescription } from './clusterError.js';
import { closestNames } from './closestNames.js';
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimitOptions } from './rateLimiter.js';
import { resourcePath, resourceType } from './resources.js';
import { TtlCache } from './ttlCache.js';

/** A Kubernetes object as the API serves it; tools read the fields they need. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid?: string; controller?: boolean }>;
    generation?: number;
    resourceVersion?: string;
    [field: string]: unknown;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface LogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  limitBytes?: number;
}

export interface ClusterClientOptions {
  kubeConfig: KubeConfig;
  /** How long a read is reused by later calls (default 5 s); 0 turns the cache off. */
  cacheTtlMs?: number;
  rateLimit?: RateLimitOptions;
  /** Items per page of a list (default 500, as kubectl). */
  pageSize?: number;
  requestTimeoutMs?: number;
  /** Retries of a 429 (or a 503 with Retry-After): how many, and the most waited in all (default 3, 10 s). */
  retry?: { attempts: number; totalWaitMs: number };
}

export interface ClusterStats {
  requests: number;
  cacheHits: number;
  cacheMisses: number;
}

export class ClusterClient {
  readonly context: string;
  readonly server: string;
  private readonly cache: TtlCache<unknown>;
  private readonly bucket: TokenBucket;
  private readonly pageSize: number;
  private readonly timeoutMs: number;
  private readonly retry: { attempts: number; totalWaitMs: number };
  private requests = 0;
  private clockOffsetMs = 0;
  private readonly agents = new AgentReuse();

  constructor(private readonly options: ClusterClientOptions) {
    this.context = options.kubeConfig.getCurrentContext();
    this.server = options.kubeConfig.getCurrentCluster()?.server ?? '';
    if (!this.server)
      throw new ClusterError('Unreachable', `context ${this.context} names no cluster server`);
    this.cache = new TtlCache(options.cacheTtlMs ?? 5000);
    this.bucket = new TokenBucket(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.pageSize = options.pageSize ?? 500;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.retry = options.retry ?? { attempts: 3, totalWaitMs: 10_000 };
  }

  get stats(): ClusterStats {
    return { requests: this.requests, cacheHits: this.cache.hits, cacheMisses: this.cache.misses };
  }

  /** Forgets every cached read (the next call asks the API server again). */
  clearCache(): void {
    this.cache.clear();
  }

  /** The API server's notion of now (from its Date header), so ages match the cluster's clock. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Every object of a resource (all pages), cached for the TTL. */
  list<T extends KubeObject = KubeObject>(resource: string, options: ListOptions = {}): Promise<T[]> {
    const type = resourceType(resource);
    const key = `list ${resource} ${options.namespace ?? '*'} ${options.labelSelector ?? ''} ${options.fieldSelector ?? ''}`;
    return this.cache.get(key, async () => {
      const items: T[] = [];
      let continueToken: string | undefined;
      do {
        const query = new URLSearchParams({ limit: String(this.pageSize) });
        if (options.labelSelector) query.set('labelSelector', options.labelSelector);
        if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
        if (continueToken) query.set('continue', continueToken);
        const page = (await this.request(`${resourcePath(type, options.namespace)}?${query}`, {
          verb: 'list',
          resource: describeResource(type.group, type.plural),
          namespace: type.namespaced ? options.namespace : undefined,
        })) as { items?: T[]; metadata?: { continue?: string } };
        for (const item of page.items ?? []) items.push(item);
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      return items;
    }) as Promise<T[]>;
  }

  /** One object; NotFound names the closest existing names so the caller can retry. */
  async get<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    const type = resourceType(resource);
    const key = `get ${resource} ${namespace ?? ''} ${name}`;
    try {
      return (await this.cache.get(key, () =>
        this.request(resourcePath(type, namespace, name), {
          verb: 'get',
          resource: describeResource(type.group, type.plural),
          namespace: type.namespaced ? namespace : undefined,
          name,
        }),
      )) as T;
    } catch (error) {
      if (error instanceof ClusterError && error.reason === 'NotFound') {
        throw await this.withSuggestions(error, resource, namespace, name);
      }
      throw error;
    }
  }

  /** One object, or undefined when it does not exist. */
  async find<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(resource, namespace, name);
    } catch (error) {
      if (error instanceof ClusterError && error.reason === 'NotFound') return undefined;
      throw error;
    }
  }

  /** The tail of a container's log (text), capped in lines and bytes. */
  async podLog(namespace: string, pod: string, options: LogOptions = {}): Promise<string> {
    const query = new URLSearchParams();
    if (options.container) query.set('container', options.container);
    if (options.previous) query.set('previous', 'true');
    query.set('tailLines', String(options.tailLines ?? 50));
    query.set('limitBytes', String(options.limitBytes ?? 256 * 1024));
    const path = `${resourcePath(resourceType('core/pods'), namespace, pod)}/log?${query}`;
    return (await this.cache.get(`log ${path}`, () =>
      this.request(path, { verb: 'get', resource: 'pods/log', namespace, name: pod }, 'text'),
    )) as string;
  }

  private async withSuggestions(
    error: ClusterError,
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<ClusterError> {
    const type = resourceType(resource);
    let names: string[];
    try {
      names = (await this.list(resource, { namespace })).map((item) => item.metadata.name);
    } catch {
      return error;
    }
    const suggestions = closestNames(name, names);
    const where = type.namespaced && namespace ? ` in namespace ${namespace}` : '';
    const hint = suggestions.length
      ? `; did you mean ${suggestions.join(', ')}?`
      : names.length
        ? `; ${names.length} ${type.plural} exist${where}, none with a similar name`
        : `; there are no ${type.plural}${where}`;
    return new ClusterError('NotFound', `${type.kind} ${name} not found${where}${hint}`, {
      status: 404,
      suggestions,
    });
  }

  private async request(
    path: string,
    description: Omit<RequestDescription, 'context' | 'server'>,
    as: 'json' | 'text' = 'json',
  ): Promise<unknown> {
    const request: RequestDescription = { ...description, context: this.context, server: this.server };
    await this.bucket.take();
    this.requests += 1;
    const options: https.RequestOptions = { headers: {} };
    try {
      await this.options.kubeConfig.applyToHTTPSOptions(options);
    } catch (error) {
      // The client library refuses plain http without skipTLSVerify; kubectl allows it (local clusters).
      if (!this.server.startsWith('http:')) throw errorFromNetwork(error, request);
      delete options.agent;
    }
    const url = new URL(path, this.server.endsWith('/') ? this.server : `${this.server}/`);
    const transport = url.protocol === 'http:' ? http : https;
    const headers = {
      ...(options.headers as Record<string, string>),
      Accept: as === 'json' ? 'application/json' : '*/*',
    };
    if (url.protocol === 'http:' && options.agent instanceof https.Agent) delete options.agent;
    else options.agent = this.agents.reuse(options.agent);
    const send = () =>
      new Promise<Answer>((resolve, reject) => {
        const req = transport.request(
          url,
          { ...options, method: 'GET', headers, timeout: this.timeoutMs },
          (res) => {
            // Decoding chunk by chunk as they arrive costs less than one decode of a 1.5 MB page at the end.
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: text,
                date: res.headers.date,
                retryAfter: res.headers['retry-after'],
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
        req.on('error', (error) =>
          reject(req.reusedSocket ? Object.assign(error, { reusedSocket: true }) : error),
        );
        req.end();
      });
    const sendOnce = () =>
      send()
        .catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
          // A kept-alive connection the server or a load balancer closed while idle fails the first request
          // sent on it; every request here is a GET, so it is sent once more on a fresh connection.
          if (error.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return send();
          throw error;
        })
        .catch((error: unknown) => {
          throw errorFromNetwork(error, request);
        });
    let answer = await sendOnce();
    // An API server under load (priority and fairness) answers 429, or 503 with Retry-After: wait as asked and
    // ask again, as client-go does, but a few times and a few seconds at most.
    let waited = 0;
    for (let retry = 0; retry < this.retry.attempts; retry++) {
      const wait = retryWaitMs(answer, this.now());
      if (wait === undefined || waited + wait > this.retry.totalWaitMs) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      waited += wait;
      this.requests += 1;
      answer = await sendOnce();
    }
    const { status, body, date } = answer;
    if (date) {
      const serverTime = Date.parse(date);
      if (!Number.isNaN(serverTime)) this.clockOffsetMs = serverTime - Date.now();
    }
    if (status < 200 || status >= 300) throw errorFromStatus(status, body, request);
    if (as === 'text') return body;
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new ClusterError('ServerError', `the API server sent a response that is not JSON for ${path}`);
    }
  }
}

interface Answer {
  status: number;
  body: string;
  date?: string;
  retryAfter?: string;
}

/** How long to wait before asking again, or undefined when the answer is not one to retry. */
function retryWaitMs(answer: Answer, now: number): number | undefined {
  if (answer.status !== 429 && !(answer.status === 503 && answer.retryAfter !== undefined)) return undefined;
  if (answer.retryAfter === undefined) return 1000;
  const seconds = Number(answer.retryAfter.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(seconds * 1000, 100);
  const at = Date.parse(answer.retryAfter);
  return Number.isNaN(at) ? 1000 : Math.max(at - now, 100);
}

function describeResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}
