// A plain-HTTP front for the sandbox's API server that can hold back answers: it answers in waves (every request
// that arrives while answers are held goes out together, so the number of waves is the number of sequential round
// trips the client needed), and can lose the answer of a write it forwarded.
import { KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ActionCluster } from '../../src/actions/kube.js';

/**
 * What to do with one request: forward it; forward it and then reset the connection / never answer; or answer
 * RBAC's 403 without forwarding, as a namespace-scoped user's token gets for cluster-scoped reads.
 */
export type FrontFault = 'none' | 'reset_after_forward' | 'hold_answer' | 'forbidden';

export interface ApiFront {
  url: string;
  /** Each request's method, path and the wave it was answered in (1, 2, …). */
  requests: Array<{ method: string; path: string; wave: number }>;
  /** How many waves of answers went out: the client's sequential round trips. */
  waves(): number;
  /** A connection to the sandbox through this front with the given admin kubeconfig's credentials. */
  cluster(admin: KubeConfig): ActionCluster;
  /** Called with each forwarded request once the sandbox answered it (the write has landed by then). */
  forwarded: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

export interface ApiFrontOptions {
  /**
   * Hold each answer until no new request has come for this long, then send all held answers at once: a client
   * that needs an answer before its next request waits one wave per dependency.
   */
  quietMs?: number;
  fault?: (req: IncomingMessage) => FrontFault;
}

function forbiddenStatus(path: string) {
  const resource = /^\/api\/v1\/([a-z]+)/.exec(path)?.[1] ?? 'resource';
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'Forbidden',
    code: 403,
    message: `${resource} is forbidden: User "system:serviceaccount:production:oncall" cannot list resource "${resource}" in API group "" at the cluster scope`,
  };
}

export async function startApiFront(
  upstream: string,
  caPem: string,
  options: ApiFrontOptions = {},
): Promise<ApiFront> {
  const target = new URL(upstream);
  const requests: ApiFront['requests'] = [];
  const forwarded: ApiFront['forwarded'] = [];
  let waves = 0;
  let arrived = 0;
  let quiet = false;
  let timer: NodeJS.Timeout | undefined;
  let ready: Array<() => void> = [];
  const release = () => {
    if (!quiet || arrived === 0 || ready.length < arrived) return;
    waves += 1;
    const answers = ready;
    ready = [];
    arrived = 0;
    quiet = false;
    for (const answer of answers) answer();
  };
  const server: Server = createServer((req, res) => {
    arrived += 1;
    quiet = false;
    clearTimeout(timer);
    timer = setTimeout(() => {
      quiet = true;
      release();
    }, options.quietMs ?? 0);
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const fault = options.fault?.(req) ?? 'none';
    if (fault === 'forbidden') {
      ready.push(() => {
        requests.push({ method, path, wave: waves });
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify(forbiddenStatus(path)));
      });
      req.resume();
      return release();
    }
    const forward = httpsRequest(
      {
        host: target.hostname,
        port: target.port,
        path,
        method,
        headers: { ...req.headers, host: target.host },
        ca: caPem,
      },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          forwarded.push({ method, path, status: upstreamRes.statusCode ?? 0 });
          if (fault === 'reset_after_forward') {
            arrived -= 1;
            req.socket.resetAndDestroy();
            return release();
          }
          if (fault === 'hold_answer') {
            arrived -= 1;
            return release();
          }
          ready.push(() => {
            requests.push({ method, path, wave: waves });
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(chunks));
          });
          release();
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    forwarded,
    waves: () => waves,
    cluster(admin) {
      const config = new KubeConfig();
      config.loadFromOptions({
        // client-node refuses a plain-HTTP server unless told TLS is not in play.
        clusters: [{ name: 'front', server: url, skipTLSVerify: true }],
        users: [{ name: 'oncall', token: admin.getCurrentUser()?.token }],
        contexts: [{ name: 'sandbox', cluster: 'front', user: 'oncall', namespace: 'production' }],
        currentContext: 'sandbox',
      });
      return new ActionCluster(config);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
