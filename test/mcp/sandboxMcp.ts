// Test helper: the sandbox (webapp-memory by default) and an MCP SDK Client connected in memory through the
// read-only context, with a real audit log in a temporary folder.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src/audit/auditLog.js';
import type { AlertSource } from '../../src/alerts/alertSource.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

export const CANARY = 'kopilot-canary-7f3a9c2e';

export interface McpOnSandbox {
  sandbox: Sandbox;
  cluster: ClusterClient;
  client: Client;
  audit: AuditLog;
  close(): Promise<void>;
}

export async function mcpOnSandbox(
  options: { scenario?: string; alerts?: AlertSource; context?: string } = {},
): Promise<McpOnSandbox> {
  const sandbox = await startSandbox({ scenario: options.scenario ?? 'webapp-memory' });
  const dir = await mkdtemp(join(tmpdir(), 'kopilot-mcp-'));
  const audit = new AuditLog(join(dir, 'audit.jsonl'));
  const { kubeConfig } = loadKubeconfig({
    kubeconfig: sandbox.kubeconfigPath,
    context: options.context ?? 'sandbox-readonly',
  });
  const cluster = new ClusterClient({ kubeConfig });
  const connection = await connectInMemory({ cluster, audit, alerts: options.alerts });
  return {
    sandbox,
    cluster,
    client: connection.client,
    audit,
    async close() {
      await connection.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
  raw: string;
}

export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  return {
    isError: Boolean(result.isError),
    text: content.map((c) => c.text ?? '').join('\n'),
    structured: (result.structuredContent ?? {}) as Record<string, unknown>,
    raw: JSON.stringify(result),
  };
}
