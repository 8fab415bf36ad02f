// A page on a rebound DNS name (127.0.0.1.nip.io, 127.attacker.example) or any foreign Origin must not read
// the cluster through `kopilot mcp --http` on loopback; real HTTP requests carry the attacker's headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { serveHttp, type RunningHttpServer } from '../../src/mcp/http.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { rawRequest } from '../http/rawRequest.js';

let sandbox: Sandbox;
let server: RunningHttpServer;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'webapp-memory' });
  const { kubeConfig } = loadKubeconfig({ kubeconfig: sandbox.kubeconfigPath, context: 'sandbox-readonly' });
  server = await serveHttp({ cluster: new ClusterClient({ kubeConfig }), audit: false, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

const listPods = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'list_pods', arguments: { namespace: 'production' } },
});

function post(headers: Record<string, string>) {
  return rawRequest(server.port, {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: listPods,
  });
}

describe('kopilot mcp --http on loopback against DNS rebinding', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', '127.1.2.3', 'LOCALHOST'])(
    'answers Host %s with its port',
    async (name) => {
      const answer = await post({ host: `${name}:${server.port}` });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('pods in production');
    },
  );

  it.each([
    '127.attacker.example',
    '127.0.0.1.nip.io',
    'localhost.attacker.example',
    'attacker.example',
    '0.0.0.0',
    '127.0.0.1@attacker.example',
  ])('refuses Host %j with 421 and no cluster data', async (name) => {
    const answer = await post({ host: `${name}:${server.port}` });
    expect(answer.status).toBe(421);
    expect(answer.body).not.toContain('webapp');
    const error = JSON.parse(answer.body) as { jsonrpc: string; error: { message: string } };
    expect(error.jsonrpc).toBe('2.0');
    expect(error.error.message).toMatch(
      /^Host .* is not allowed: this server answers only to 127\.0\.0\.1:\d+/,
    );
    expect(error.error.message).not.toContain('\n');
  });

  it('refuses a loopback Host with another port (a rebound name on port 80 reaches no one)', async () => {
    expect((await post({ host: '127.0.0.1' })).status).toBe(421);
    expect((await post({ host: `127.0.0.1:${server.port + 1}` })).status).toBe(421);
  });

  it.each([
    'http://attacker.example',
    'http://127.0.0.1.nip.io:8931',
    'null',
    'file://',
    'http://127.attacker.example',
  ])('refuses Origin %s with 403', async (origin) => {
    const answer = await post({ host: `127.0.0.1:${server.port}`, origin });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('webapp');
    expect((JSON.parse(answer.body) as { error: { message: string } }).error.message).toMatch(
      /^Origin .* is not allowed/,
    );
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:8931', 'https://[::1]'])(
    'allows the loopback page %s',
    async (origin) => {
      const answer = await post({ host: `localhost:${server.port}`, origin });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('pods in production');
    },
  );
});
