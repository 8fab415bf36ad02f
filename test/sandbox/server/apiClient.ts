// Raw HTTPS requests to a sandbox with the kubeconfig's CA and tokens, for tests that check exact responses.
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { parse } from 'yaml';

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  user?: 'admin' | 'readonly' | 'anonymous';
}

interface Kubeconfig {
  clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ name: string; user: { token: string } }>;
}

export class SandboxApi {
  readonly server: string;
  private readonly ca: string;
  private readonly tokens: Record<string, string>;

  constructor(kubeconfigPath: string) {
    const config = parse(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
    const cluster = config.clusters[0]?.cluster;
    if (!cluster) throw new Error('kubeconfig without a cluster');
    this.server = cluster.server;
    this.ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
    this.tokens = Object.fromEntries(config.users.map((u) => [u.name, u.user.token]));
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const user = options.user ?? 'admin';
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    if (user !== 'anonymous') headers.Authorization = `Bearer ${this.tokens[`sandbox-${user}`] ?? ''}`;
    if (body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      // Node sends DELETE bodies without framing unless the length is given.
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(new URL(path, this.server), { method, headers, ca: this.ca }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const contentType = String(res.headers['content-type'] ?? '');
          let json: unknown;
          if (contentType.startsWith('application/json') && text !== '') json = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, contentType, text, json });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Opens a watch and collects its events until `stop()`; `ended` resolves when the server closes it. */
  watch(
    path: string,
    accept = 'application/json',
  ): {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- events are checked field by field
    events: any[];
    opened: Promise<void>;
    ended: Promise<void>;
    stop(): void;
  } {
    const events: unknown[] = [];
    let stop = () => {};
    let opened: () => void = () => {};
    const openedPromise = new Promise<void>((resolve) => (opened = resolve));
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpsRequest(
        new URL(path, this.server),
        {
          method: 'GET',
          headers: { Accept: accept, Authorization: `Bearer ${this.tokens['sandbox-admin'] ?? ''}` },
          ca: this.ca,
        },
        (res) => {
          opened();
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
              events.push(JSON.parse(buffer.slice(0, newline)));
              buffer = buffer.slice(newline + 1);
              newline = buffer.indexOf('\n');
            }
          });
          res.on('end', () => resolve());
          res.on('close', () => resolve());
        },
      );
      req.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error),
      );
      stop = () => req.destroy();
      req.end();
    });
    return { events, opened: openedPromise, ended, stop: () => stop() };
  }
}

/** Polls until `check` holds (for streamed events), failing after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
