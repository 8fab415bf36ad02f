// The access layer keeps its TLS connection to the API server: a paginated list is not one handshake per page, and
// a kept-alive connection dropped while idle (as load balancers in front of API servers do) costs no failed read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

describe('ClusterClient connections', () => {
  let sandbox: Sandbox;
  let proxy: Server;
  let proxyUrl: string;
  let connections = 0;
  const sockets = new Set<Socket>();
  const clientSockets = new Set<Socket>();
  /** Connections dropped while idle: the next request sent on one is answered with a TCP reset. */
  const dropped = new Set<Socket>();

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
    const target = new URL(sandbox.url);
    // A TCP pass-through in front of the sandbox: TLS goes end to end, and every new connection is counted here.
    proxy = createServer((socket) => {
      connections += 1;
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(socket).add(upstream);
      clientSockets.add(socket);
      socket.on('data', (chunk: Buffer) => {
        if (dropped.has(socket)) {
          socket.resetAndDestroy();
          upstream.destroy();
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => socket.write(chunk));
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    proxyUrl = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    // The client keeps its connection for the next read: end it, or the proxy would wait for it forever.
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
    await sandbox.close();
  });

  function clientThroughProxy(): ClusterClient {
    const { kubeConfig } = loadKubeconfig({
      kubeconfig: sandbox.kubeconfigPath,
      context: 'sandbox-readonly',
    });
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the sandbox kubeconfig names no cluster');
    kubeConfig.clusters = kubeConfig.clusters.map((c) =>
      c.name === cluster.name ? { ...c, server: proxyUrl } : c,
    );
    return new ClusterClient({ kubeConfig, pageSize: 2, cacheTtlMs: 0 });
  }

  it('lists every page of pods over one TLS connection, and later reads reuse it', async () => {
    connections = 0;
    const client = clientThroughProxy();
    const pods = await client.list('core/pods');
    const pages = Math.ceil(pods.length / 2);
    expect(pages).toBeGreaterThan(5);
    expect(client.stats.requests).toBe(pages);
    expect(connections).toBe(1);
    await client.list('core/nodes');
    await client.get('core/pods', 'production', 'webapp-123');
    expect(connections).toBe(1);
  });

  it('reads again on a fresh connection when the idle kept-alive one was reset', async () => {
    connections = 0;
    const client = clientThroughProxy();
    await client.get('core/pods', 'production', 'webapp-123');
    expect(connections).toBe(1);
    for (const socket of clientSockets) dropped.add(socket);
    const node = await client.get('core/nodes', undefined, 'worker-02');
    expect(node.metadata.name).toBe('worker-02');
    expect(connections).toBe(2);
  });
});
