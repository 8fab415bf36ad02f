// The server as other MCP clients meet it: the built binary over stdio, and Streamable HTTP with 20
// concurrent clients, bearer tokens and /healthz — all against the sandbox's read-only context.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { UsageError } from '../../src/errors.js';
import { serveHttp, type RunningHttpServer } from '../../src/mcp/http.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { CANARY, call } from './sandboxMcp.js';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'webapp-memory' });
  dir = await mkdtemp(join(tmpdir(), 'kopilot-mcp-transports-'));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('kopilot mcp over stdio (the built binary)', () => {
  it('answers the incident questions and audits each call', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        resolve('bin/kopilot.js'),
        'mcp',
        '--kubeconfig',
        sandbox.kubeconfigPath,
        '--context',
        'sandbox-readonly',
        '--no-alerts',
      ],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        XDG_STATE_HOME: join(dir, 'state'),
        KOPILOT_CONFIG_DIR: join(dir, 'config'),
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools).toHaveLength(TOOLS.length);
      const pod = await call(client, 'get_pod_status', { namespace: 'production', pod_name: 'webapp-123' });
      expect(pod.structured).toMatchObject({ memory_usage: '7.6Gi/8Gi (95%)', node: 'worker-02' });
      const nodes = await call(client, 'check_node_capacity', { resource_type: 'memory' });
      expect(nodes.structured.nodes_total).toBe(5);
      const logs = await call(client, 'get_pod_logs', { namespace: 'production', pod_name: 'webapp-123' });
      expect(logs.raw).not.toContain(CANARY);
    } finally {
      await client.close();
    }
    const audit = await new AuditLog(join(dir, 'state', 'kopilot', 'audit.jsonl')).readAll();
    expect(audit.map((r) => r.tool)).toEqual(['get_pod_status', 'check_node_capacity', 'get_pod_logs']);
    expect(audit[0]?.caller).toBe('stdio-test');
  });
});

describe('kopilot mcp over Streamable HTTP', () => {
  let server: RunningHttpServer;
  let cluster: ClusterClient;

  beforeAll(async () => {
    const { kubeConfig } = loadKubeconfig({
      kubeconfig: sandbox.kubeconfigPath,
      context: 'sandbox-readonly',
    });
    cluster = new ClusterClient({ kubeConfig });
    server = await serveHttp({ cluster, audit: new AuditLog(join(dir, 'http-audit.jsonl')), port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves /healthz', async () => {
    const response = await fetch(server.url.replace('/mcp', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('gives 20 concurrent clients correct answers', async () => {
    const pods = ['webapp-123', 'webapp-456', 'webapp-789'];
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const client = new Client({ name: `http-${i}`, version: '1' });
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
        try {
          const pod = pods[i % pods.length] as string;
          const status = await call(client, 'get_pod_status', { namespace: 'production', pod_name: pod });
          const capacity = await call(client, 'check_node_capacity', { resource_type: 'memory' });
          return { pod, status, capacity };
        } finally {
          await client.close();
        }
      }),
    );
    for (const { pod, status, capacity } of results) {
      expect(status.isError, status.text).toBe(false);
      expect(status.structured.pod).toBe(pod);
      expect(capacity.structured.total_available).toBe('48Gi');
    }
    expect(results.find((r) => r.pod === 'webapp-123')?.status.structured.memory_usage).toBe(
      '7.6Gi/8Gi (95%)',
    );
    const audit = (await readFile(join(dir, 'http-audit.jsonl'), 'utf8')).trim().split('\n');
    expect(audit).toHaveLength(40);
  });

  it('refuses to listen off loopback without a bearer token', async () => {
    await expect(serveHttp({ cluster, audit: false, host: '0.0.0.0', port: 0 })).rejects.toThrow(UsageError);
  });

  it('requires the bearer token when one is set', async () => {
    const guarded = await serveHttp({ cluster, audit: false, port: 0, bearerToken: 's3cret-token-value' });
    try {
      const anonymous = new Client({ name: 'anon', version: '1' });
      await expect(
        anonymous.connect(new StreamableHTTPClientTransport(new URL(guarded.url))),
      ).rejects.toThrow();
      const client = new Client({ name: 'ok', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(guarded.url), {
          requestInit: { headers: { Authorization: 'Bearer s3cret-token-value' } },
        }),
      );
      const nodes = await call(client, 'check_node_capacity', { resource_type: 'pods' });
      expect(nodes.structured.nodes_total).toBe(5);
      await client.close();
    } finally {
      await guarded.close();
    }
  });
});
