// The tool contract as MCP clients see it: a snapshot of every tool's name, description, input and output
// schema and annotations, so a changed contract is a reviewed change (`vitest -u` after review).
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { ClusterPool } from '../../src/cluster/clusterPool.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';

function offlineKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [
      { name: 'prod', cluster: 'c', user: 'u' },
      { name: 'staging', cluster: 'c', user: 'u' },
    ],
    currentContext: 'prod',
  });
  return kubeConfig;
}

const DESIGN_TOOLS = {
  get_pod_status: ['namespace', 'pod_name'],
  check_node_capacity: ['resource_type'],
  get_deployment_history: ['namespace', 'deployment', 'hours_back'],
  list_related_alerts: ['namespace', 'labels'],
  check_resource_quotas: ['namespace'],
  get_hpa_status: ['namespace', 'hpa_name'],
};

describe('tool definitions', () => {
  it('match the reviewed snapshot', async () => {
    const { client, close } = await connectInMemory({
      cluster: new ClusterClient({ kubeConfig: offlineKubeConfig() }),
      audit: false,
    });
    const { tools } = await client.listTools();
    await close();
    expect(tools.map((t) => t.name)).toEqual([
      'get_pod_status',
      'check_node_capacity',
      'get_deployment_history',
      'list_related_alerts',
      'check_resource_quotas',
      'get_hpa_status',
      'get_events',
      'get_pod_logs',
      'list_pods',
      'get_workload',
      'get_node_status',
      'check_scaling_feasibility',
      'check_resource_change_feasibility',
      'get_pdb_status',
      'get_network_policies',
      'get_metric_trend',
      'get_pvc_status',
    ]);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.description, tool.name).toMatch(/^Use .*Example: \{.*\}$/s);
      expect(Object.keys(tool.inputSchema.properties ?? {}), tool.name).toContain('token_budget');
    }
    for (const [name, params] of Object.entries(DESIGN_TOOLS)) {
      const tool = tools.find((t) => t.name === name);
      expect(
        Object.keys(tool?.inputSchema.properties ?? {}).filter((p) => p !== 'token_budget'),
        name,
      ).toEqual(params);
    }
    expect(tools).toMatchSnapshot();
  });

  it('offer a context parameter only when several contexts are allowed', async () => {
    const pool = new ClusterPool(offlineKubeConfig(), ['staging']);
    const { client, close } = await connectInMemory({ cluster: pool, audit: false });
    const { tools } = await client.listTools();
    const property = tools[0]?.inputSchema.properties?.context as { enum?: string[] } | undefined;
    expect(property?.enum).toEqual(['prod', 'staging']);
    const refused = await client.callTool({
      name: 'list_pods',
      arguments: { context: 'other' },
    });
    expect(refused.isError).toBe(true);
    await close();
  });

  it('say an unreachable API server is unreachable, without crashing', async () => {
    const { client, close } = await connectInMemory({
      cluster: new ClusterClient({ kubeConfig: offlineKubeConfig() }),
      audit: false,
    });
    const result = await client.callTool({
      name: 'check_node_capacity',
      arguments: { resource_type: 'memory' },
    });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(
      /cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:9 \(context prod\)/,
    );
    // Still serving.
    expect((await client.listTools()).tools.length).toBe(TOOLS.length);
    await close();
  });
});
