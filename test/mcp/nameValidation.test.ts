// Arguments that would walk the API (namespace "..", pod_name "..", "a/b") are refused by the tool schemas
// as the API server refuses such names, through the SDK's real client on the sandbox; valid names still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/cluster/clusterError.js';
import { call, mcpOnSandbox, type McpOnSandbox } from './sandboxMcp.js';

let rig: McpOnSandbox;

beforeAll(async () => {
  rig = await mcpOnSandbox();
});
afterAll(async () => {
  await rig?.close();
});

const walkers = [
  '..',
  '.',
  '../..',
  'a/b',
  '..%2f',
  '%2e%2e',
  'kube-system/pods',
  'Production',
  '-x',
  'x-',
  ' production',
  'a'.repeat(64),
];

describe('tool arguments are Kubernetes names, not paths', () => {
  it.each(walkers)('list_pods refuses namespace %j and lists nothing', async (namespace) => {
    const answer = await call(rig.client, 'list_pods', { namespace });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('namespace');
    expect(answer.text).toContain('at most 63 characters');
    expect(answer.structured).toEqual({});
    expect(answer.text).not.toMatch(/webapp-123|pods in/);
  });

  it.each(['..', '.', 'a/b', 'webapp-123/log', 'x'.repeat(254)])(
    'get_pod_status refuses pod_name %j instead of answering with another object',
    async (pod_name) => {
      const answer = await call(rig.client, 'get_pod_status', { namespace: 'production', pod_name });
      expect(answer.isError).toBe(true);
      expect(answer.text).toMatch(/Pod name/);
      expect(answer.text).toContain('e.g. "webapp-123"');
      expect(answer.structured).toEqual({});
    },
  );

  it('says what a valid name looks like', async () => {
    const answer = await call(rig.client, 'get_pod_logs', {
      namespace: 'production',
      pod_name: 'webapp-123',
      container: 'App_1',
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(
      `"App_1" is not a valid container name: a container name is lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
    );
  });

  it.each([
    ['get_node_status', { node_name: '..' }],
    ['get_events', { namespace: '..' }],
    ['get_events', { namespace: 'production', object_name: '..', object_kind: 'Pod' }],
    ['get_events', { namespace: 'production', object_name: 'webapp-123', object_kind: '../x' }],
    ['get_workload', { namespace: 'production', name: '..', kind: 'Deployment' }],
    ['get_deployment_history', { namespace: '..', deployment: 'webapp' }],
    ['get_hpa_status', { namespace: 'production', hpa_name: '..' }],
    ['get_pdb_status', { namespace: 'production', workload: '..' }],
    ['get_network_policies', { namespace: 'production', pod_name: '..' }],
    ['check_resource_quotas', { namespace: '..' }],
    ['check_scaling_feasibility', { namespace: 'production', workload: '..', replicas: 3 }],
    ['list_related_alerts', { namespace: '..' }],
  ])('%s refuses %j', async (tool, args) => {
    const answer = await call(rig.client, tool, args);
    expect(answer.isError, answer.text).toBe(true);
    expect(answer.text).toMatch(/is not (a valid|an object kind)/);
  });

  it('still answers for valid names, dotted node names included', async () => {
    const pod = await call(rig.client, 'get_pod_status', { namespace: 'production', pod_name: 'webapp-123' });
    expect(pod.isError, pod.text).toBe(false);
    expect(pod.structured.pod).toBe('webapp-123');
    const missing = await call(rig.client, 'get_node_status', { node_name: 'ip-10-0-1-5.ec2.internal' });
    expect(missing.text).toMatch(/not found/);
  });

  it('the cluster layer refuses dot segments even when a caller skips the schema', async () => {
    await expect(rig.cluster.list('core/pods', { namespace: '..' })).rejects.toThrow(ClusterError);
    await expect(rig.cluster.get('core/pods', 'production', '..')).rejects.toThrow(/not a Kubernetes name/);
    await expect(rig.cluster.podLog('..', 'webapp-123')).rejects.toThrow(/not a Kubernetes name/);
  });
});
