// An API server under load answers 429 (or 503) with Retry-After: the read layer waits as asked and asks
// again a few times, but gives up at once when told to wait longer than it may. A real local HTTP server.
import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { ClusterError } from '../../src/cluster/clusterError.js';

type Reply = { status: number; headers?: Record<string, string> };
let server: http.Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** An API server answering `replies` in turn, then 200 with one pod; counts the requests it saw. */
async function apiServer(replies: Reply[]): Promise<{ client: ClusterClient; requests: () => number }> {
  let seen = 0;
  server = http.createServer((req, res) => {
    const reply = replies[seen++];
    if (reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ kind: 'Status', message: 'too many requests, please try again later' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        items: [{ metadata: { name: 'webapp-123', namespace: 'production' } }],
        metadata: {},
      }),
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'local', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }],
    users: [{ name: 'me' }],
    contexts: [{ name: 'local', cluster: 'local', user: 'me' }],
    currentContext: 'local',
  });
  return { client: new ClusterClient({ kubeConfig, cacheTtlMs: 0 }), requests: () => seen };
}

describe('throttled reads', () => {
  it('waits out 429 Retry-After and reads the pods on the third try', async () => {
    const { client, requests } = await apiServer([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 429, headers: { 'retry-after': '0' } },
    ]);
    const pods = await client.list('core/pods', { namespace: 'production' });
    expect(pods.map((p) => p.metadata.name)).toEqual(['webapp-123']);
    expect(requests()).toBe(3);
  });

  it('retries a 503 that carries Retry-After, but not a bare 503', async () => {
    const retried = await apiServer([{ status: 503, headers: { 'retry-after': '0' } }]);
    expect(await retried.client.list('core/pods', { namespace: 'production' })).toHaveLength(1);
    expect(retried.requests()).toBe(2);
    await new Promise((resolve) => server?.close(resolve));
    const bare = await apiServer([{ status: 503 }]);
    await expect(bare.client.list('core/pods', { namespace: 'production' })).rejects.toThrow(/answered 503/);
    expect(bare.requests()).toBe(1);
  });

  it('gives up after a few tries when the server keeps throttling', async () => {
    const { client, requests } = await apiServer(
      Array.from({ length: 20 }, () => ({ status: 429, headers: { 'retry-after': '0' } })),
    );
    await expect(client.list('core/pods', { namespace: 'production' })).rejects.toThrow(ClusterError);
    expect(requests()).toBe(4);
  });

  it('does not sleep for an hour when told to: it fails at once', async () => {
    const { client, requests } = await apiServer([{ status: 429, headers: { 'retry-after': '3600' } }]);
    await expect(client.get('core/pods', 'production', 'webapp-123')).rejects.toThrow(/answered 429/);
    expect(requests()).toBe(1);
  });
});
