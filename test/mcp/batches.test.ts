// One POST may not smuggle a hundred tool calls: batches are refused for MCP 2025-06-18 and later (which
// removed them) and capped at a few messages for 2025-03-26 clients. Real HTTP against the real server.
import { KubeConfig } from '@kubernetes/client-node';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/auditLog.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { MAX_BATCH, serveHttp, type RunningHttpServer } from '../../src/mcp/http.js';
import { rawRequest } from '../http/rawRequest.js';

let server: RunningHttpServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopilot-mcp-batch-'));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:9' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const audit = new AuditLog(join(dir, 'audit.jsonl'));
  server = await serveHttp({ cluster: new ClusterClient({ kubeConfig }), audit, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const toolCalls = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    jsonrpc: '2.0',
    id: i + 1,
    method: 'tools/call',
    params: { name: 'check_node_capacity', arguments: { resource_type: 'memory' } },
  }));

function post(body: unknown, version?: string) {
  return rawRequest(server.port, {
    headers: {
      host: `127.0.0.1:${server.port}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(version ? { 'mcp-protocol-version': version } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function toolCallsAudited(): Promise<number> {
  const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).length;
}

describe('JSON-RPC batches on kopilot mcp --http', () => {
  it('refuses a batch of 100 tool calls with one JSON-RPC error and runs none of them', async () => {
    const answer = await post(toolCalls(100));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: `a JSON-RPC batch of 100 messages is over the limit of ${MAX_BATCH}: send fewer per request`,
      },
    });
    expect(await toolCallsAudited()).toBe(0);
  });

  it.each(['2025-06-18', '2025-11-25'])('refuses any batch from a client speaking %s', async (version) => {
    const answer = await post(toolCalls(2), version);
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.body) as { error: { message: string } }).error.message).toBe(
      `JSON-RPC batches are not part of MCP ${version}: send one message per request`,
    );
    expect(await toolCallsAudited()).toBe(0);
  });

  it('still answers a small batch from a 2025-03-26 client, message by message', async () => {
    const pings = [1, 2].map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }));
    const answer = await post(pings, '2025-03-26');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
  });
});
