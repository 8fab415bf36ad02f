// One HTTP(S) request to AlertManager (or Prometheus) with a timeout, TLS options amtool has (CA, insecure) and retries.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { RuntimeFailure, UsageError } from '../errors.js';

// node:https rather than global fetch: Node 20's fetch takes a custom CA only through an undici Agent,
// and undici is not importable from Node without adding the package; https.request takes `ca` directly.

export interface ConnectionOptions {
  /** Base URL, e.g. http://localhost:9093 (a path prefix such as /alertmanager is kept). */
  url: string;
  bearerToken?: string;
  /** `user:password`. */
  basicAuth?: string;
  headers?: Record<string, string>;
  /** PEM text of the CA that signed AlertManager's certificate. */
  ca?: string;
  /** Path to that PEM file (read once, when the client is made). */
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Extra attempts after a connection error or a 5xx. Default 2. */
  retries?: number;
  /** First back-off delay, doubled each retry. Default 200 ms. */
  backoffMs?: number;
  /** Who answers, as errors name it. Default AlertManager. */
  service?: string;
  /** The flag that passes the CA, for the untrusted-certificate hint. Default --alertmanager-ca-file. */
  caFlag?: string;
  /** What to check after a 401/403. Default: the bearer token or basic auth for the service. */
  authHint?: string;
}

export interface HttpResult {
  status: number;
  body: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Sends requests to one AlertManager; 2xx comes back, anything else becomes one clear error line. */
export class AlertmanagerHttp {
  readonly baseUrl: URL;
  private readonly ca: string | undefined;
  private readonly service: string;

  constructor(private readonly options: ConnectionOptions) {
    this.service = options.service ?? 'AlertManager';
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new UsageError(
        `invalid ${this.service} URL ${JSON.stringify(options.url)}: expected http(s)://host:port`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(`invalid ${this.service} URL ${options.url}: only http and https are supported`);
    }
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.baseUrl = url;
    if (options.basicAuth !== undefined && !options.basicAuth.includes(':')) {
      throw new UsageError(`invalid ${this.service} basic auth: expected user:password`);
    }
    this.ca = options.ca;
    if (options.caFile) {
      try {
        this.ca = readFileSync(options.caFile, 'utf8');
      } catch (error) {
        throw new UsageError(
          `cannot read the ${this.service} CA file ${options.caFile}: ${(error as Error).message}`,
        );
      }
    }
  }

  get displayUrl(): string {
    const shown = new URL(this.baseUrl);
    shown.username = '';
    shown.password = '';
    return shown.toString().replace(/\/$/, '');
  }

  /** Sends and retries; `path` is relative to the base URL, e.g. `api/v2/alerts`. */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { query?: URLSearchParams; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<HttpResult> {
    const url = new URL(path, this.baseUrl);
    if (options.query) url.search = options.query.toString();
    const retries = this.options.retries ?? 2;
    const backoff = this.options.backoffMs ?? 200;
    let lastProblem = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(backoff * 2 ** (attempt - 1), options.signal);
      options.signal?.throwIfAborted();
      let result: HttpResult;
      try {
        result = await this.once(method, url, options.body, options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        const code = (error as NodeJS.ErrnoException).code ?? '';
        lastProblem = describeNetworkError(error, this.options.caFlag ?? '--alertmanager-ca-file');
        // A POST that reached AlertManager may have been applied: only retry it when nothing connected.
        const retryable =
          method === 'POST' ? code === 'ECONNREFUSED' : RETRYABLE_CODES.has(code) || code === 'TIMEOUT';
        if (retryable) continue;
        throw new RuntimeFailure(`${this.service} at ${this.displayUrl} is unreachable: ${lastProblem}`);
      }
      if (result.status >= 500 && method !== 'POST') {
        lastProblem = `it answered ${result.status} ${http.STATUS_CODES[result.status] ?? ''}`.trim();
        continue;
      }
      if (result.status >= 400) throw new RuntimeFailure(this.describeRefusal(method, url, result));
      return result;
    }
    const attempts = retries + 1;
    throw new RuntimeFailure(
      `${this.service} at ${this.displayUrl} is unreachable: ${lastProblem} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    );
  }

  private describeRefusal(method: string, url: URL, result: HttpResult): string {
    const reason = `${result.status} ${http.STATUS_CODES[result.status] ?? ''}`.trim();
    const detail = errorDetail(result.body);
    const hint =
      result.status === 401 || result.status === 403
        ? ` (${this.options.authHint ?? `check the bearer token or basic auth for ${this.service}`})`
        : result.status === 404
          ? ` (is this ${this.service === 'AlertManager' ? 'an AlertManager with API v2' : this.service} at this URL?)`
          : '';
    return `${this.service} at ${this.displayUrl} refused ${method} ${url.pathname}: ${reason}${detail ? `: ${detail}` : ''}${hint}`;
  }

  private once(method: string, url: URL, body: unknown, signal?: AbortSignal): Promise<HttpResult> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (this.options.bearerToken) headers.authorization = `Bearer ${this.options.bearerToken}`;
    else if (this.options.basicAuth) {
      headers.authorization = `Basic ${Buffer.from(this.options.basicAuth).toString('base64')}`;
    } else if (url.username) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const transport = url.protocol === 'https:' ? https : http;
    const target = new URL(url);
    target.username = '';
    target.password = '';
    return new Promise<HttpResult>((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method,
          headers,
          signal,
          ...(url.protocol === 'https:'
            ? { ca: this.ca, rejectUnauthorized: !this.options.insecureSkipTlsVerify }
            : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              request.destroy(Object.assign(new Error('response larger than 64 MiB'), { code: 'ETOOBIG' }));
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      request.setTimeout(timeoutMs, () => {
        request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' }));
      });
      request.on('error', reject);
      request.end(payload);
    });
  }
}

/** AlertManager's error bodies are a JSON string or {message}, Prometheus's {error}; show at most one trimmed line. */
function errorDetail(body: string): string {
  let text = body.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') text = parsed;
    else if (parsed && typeof parsed === 'object' && 'message' in parsed) text = String(parsed.message);
    else if (parsed && typeof parsed === 'object' && 'error' in parsed) text = String(parsed.error);
  } catch {
    // plain text body
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function describeNetworkError(error: unknown, caFlag: string): string {
  const e = error as NodeJS.ErrnoException & { cause?: unknown };
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return `host not found (${e.message.replace(/^getaddrinfo ENOTFOUND /, '')})`;
  if (code === 'TIMEOUT') return e.message;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return `TLS certificate not trusted (${code}); pass the CA with ${caFlag} or use --insecure-skip-tls-verify`;
  }
  return code ? `${e.message} (${code})` : e.message;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
