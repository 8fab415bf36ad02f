// A plain-HTTP front for the sandbox's API server that can hold back answers: it delays each one, records when each
// request was open (to count sequential round trips), and can lose the answer of a write it forwarded.
import { KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ActionCluster } from '../../src/actions/kube.js';

/** What to do with one request: forward it, or forward it and then reset the connection / never answer. */
export type FrontFault = 'none' | 'reset_after_forward' | 'hold_answer';

export interface ApiFront {
  url: string;
  /** Each request's method, path and when it was open (ms since the front started). */
  requests: Array<{ method: string; path: string; start: number; end: number }>;
  /** A connection to the sandbox through this front with the given admin kubeconfig's credentials. */
  cluster(admin: KubeConfig): ActionCluster;
  /** Called with each forwarded request once the sandbox answered it (the write has landed by then). */
  forwarded: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

export interface ApiFrontOptions {
  delayMs?: number;
  fault?: (req: IncomingMessage) => FrontFault;
}

/** The number of sequential waves: requests that overlap in time belong to one wave. */
export function roundTripWaves(requests: ApiFront['requests']): number {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  let waves = 0;
  let waveEnd = -Infinity;
  for (const r of sorted) {
    if (r.start >= waveEnd) {
      waves += 1;
      waveEnd = r.end;
    } else waveEnd = Math.max(waveEnd, r.end);
  }
  return waves;
}

export async function startApiFront(
  upstream: string,
  caPem: string,
  options: ApiFrontOptions = {},
): Promise<ApiFront> {
  const target = new URL(upstream);
  const t0 = performance.now();
  const requests: ApiFront['requests'] = [];
  const forwarded: ApiFront['forwarded'] = [];
  const server: Server = createServer((req, res) => {
    const start = performance.now() - t0;
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const fault = options.fault?.(req) ?? 'none';
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
            req.socket.resetAndDestroy();
            return;
          }
          if (fault === 'hold_answer') return;
          setTimeout(() => {
            requests.push({ method, path, start, end: performance.now() - t0 });
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(chunks));
          }, options.delayMs ?? 0);
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
