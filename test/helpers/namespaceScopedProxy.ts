// An API server front that answers cluster-scoped reads with RBAC's 403, as a namespace-scoped user's token gets:
// plain HTTP on loopback in front of the sandbox's HTTPS, forwarding everything else unchanged.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface NamespaceScopedProxy {
  url: string;
  close(): Promise<void>;
}

export async function startNamespaceScopedProxy(
  upstream: string,
  caPem: string,
): Promise<NamespaceScopedProxy> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (/^\/api\/v1\/nodes(\/|\?|$)/.test(path)) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message:
            'nodes is forbidden: User "system:serviceaccount:production:oncall" cannot list resource "nodes" in API group "" at the cluster scope',
        }),
      );
      return;
    }
    const forward = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: req.method,
        headers: { ...req.headers, host: target.host },
        ca: caPem,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
