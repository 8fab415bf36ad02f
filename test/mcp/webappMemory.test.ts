// The design's incident through the SDK's real Client, in memory, on the sandbox's read-only context.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticAlertSource } from '../../src/alerts/alertSource.js';
import type { Alert } from '../../src/alerts/alert.js';
import { estimateTokens } from '../../src/mcp/budget.js';
import { CANARY, call, mcpOnSandbox, type McpOnSandbox } from './sandboxMcp.js';

const alerts: Alert[] = [
  {
    fingerprint: 'a1',
    name: 'HighMemoryUsage',
    severity: 'warning',
    state: 'firing',
    startsAt: new Date(Date.now() - 15 * 60_000).toISOString(),
    labels: { alertname: 'HighMemoryUsage', namespace: 'production', pod: 'webapp-123' },
    annotations: { summary: 'webapp-123 memory at 95% of its limit' },
    summary: 'webapp-123 memory at 95% of its limit',
    target: { namespace: 'production', kind: 'Pod', name: 'webapp-123' },
    source: 'bare',
  },
  {
    fingerprint: 'a2',
    name: 'NetworkLatencyHigh',
    severity: 'warning',
    state: 'firing',
    startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    labels: { alertname: 'NetworkLatencyHigh', namespace: 'production', service: 'webapp' },
    annotations: {},
    target: { namespace: 'production' },
    source: 'bare',
  },
  {
    fingerprint: 'a3',
    name: 'DiskFull',
    severity: 'critical',
    state: 'firing',
    startsAt: new Date().toISOString(),
    labels: { alertname: 'DiskFull', namespace: 'staging' },
    annotations: {},
    target: { namespace: 'staging' },
    source: 'bare',
  },
];

let env: McpOnSandbox;
const answers: string[] = [];

beforeAll(async () => {
  env = await mcpOnSandbox({ alerts: staticAlertSource(alerts) });
});
afterAll(async () => {
  await env?.close();
});

async function ask(name: string, args: Record<string, unknown>) {
  const answer = await call(env.client, name, args);
  answers.push(answer.raw);
  return answer;
}

describe('webapp-memory: HighMemoryUsage on webapp-123', () => {
  it('get_pod_status reports 7.6Gi/8Gi (95%) on worker-02', async () => {
    const answer = await ask('get_pod_status', { namespace: 'production', pod_name: 'webapp-123' });
    expect(answer.isError).toBe(false);
    expect(answer.structured.memory_usage).toBe('7.6Gi/8Gi (95%)');
    expect(answer.structured.node).toBe('worker-02');
    expect(answer.structured.owner).toBe('Deployment webapp');
    expect(answer.text).toContain('7.6Gi/8Gi (95%)');
    expect(answer.structured.age).toMatch(/^\d+h\d*m?$/);
  });

  it('check_node_capacity reports the five nodes with what the scheduler can still fit', async () => {
    const answer = await ask('check_node_capacity', { resource_type: 'memory' });
    const nodes = answer.structured.nodes as Array<{ node: string; available_memory: string }>;
    expect(Object.fromEntries(nodes.map((n) => [n.node, n.available_memory]))).toEqual({
      'worker-01': '12Gi',
      'worker-02': '4Gi',
      'worker-03': '16Gi',
      'worker-04': '8Gi',
      'worker-05': '8Gi',
    });
    expect(nodes[0]?.node).toBe('worker-03');
    expect(answer.structured.total_available).toBe('48Gi');
  });

  it('get_deployment_history reports the 2→3 scale two hours ago and the image update six hours ago', async () => {
    const answer = await ask('get_deployment_history', { namespace: 'production', deployment: 'webapp' });
    const changes = answer.structured.changes as Array<{ when: string; change: string }>;
    expect(changes).toHaveLength(2);
    expect(changes[0]?.when).toMatch(/^2h(\dm)? ago$/);
    expect(changes[0]?.change).toContain('scaled 2→3');
    expect(changes[1]?.when).toMatch(/^6h(\dm)? ago$/);
    expect(changes[1]?.change).toMatch(/image .*webapp:2\.4\.1 → 2\.5\.0/);
    const shortWindow = await ask('get_deployment_history', {
      namespace: 'production',
      deployment: 'webapp',
      hours_back: 3,
    });
    expect((shortWindow.structured.changes as unknown[]).length).toBe(1);
  });

  it('list_related_alerts finds both production alerts, not the staging one', async () => {
    const answer = await ask('list_related_alerts', { namespace: 'production' });
    expect(answer.structured.total).toBe(2);
    expect((answer.structured.alerts as Array<{ name: string }>).map((a) => a.name).sort()).toEqual([
      'HighMemoryUsage',
      'NetworkLatencyHigh',
    ]);
    const byLabel = await ask('list_related_alerts', { labels: { pod: 'webapp-123' } });
    expect(byLabel.structured.total).toBe(1);
  });

  it('check_scaling_feasibility says webapp can scale to 5 and where the pods go', async () => {
    const answer = await ask('check_scaling_feasibility', {
      namespace: 'production',
      workload: 'webapp',
      replicas: 5,
    });
    expect(answer.structured.feasible).toBe(true);
    expect(answer.structured.pods_to_add).toBe(2);
    expect(answer.structured.per_pod_requests).toBe('cpu 1, memory 6Gi');
    const tooMany = await ask('check_scaling_feasibility', {
      namespace: 'production',
      workload: 'webapp',
      replicas: 12,
    });
    expect(tooMany.structured.feasible).toBe(false);
    expect((tooMany.structured.blockers as string[]).join(' ')).toMatch(
      /fit on no node|HPA webapp allows at most 6/,
    );
  });

  it('check_resource_change_feasibility accepts 10Gi/12Gi with the surge pod on a node with room', async () => {
    const answer = await ask('check_resource_change_feasibility', {
      namespace: 'production',
      workload: 'webapp',
      memory_request: '10Gi',
      memory_limit: '12Gi',
    });
    expect(answer.structured.feasible).toBe(true);
    expect(answer.structured.surge_pods).toBe(1);
    expect(answer.structured.surge_pod).toMatch(/worker-0[13]/);
    const huge = await ask('check_resource_change_feasibility', {
      namespace: 'production',
      workload: 'webapp',
      memory_request: '20Gi',
      memory_limit: '20Gi',
    });
    expect(huge.structured.feasible).toBe(false);
    expect(huge.structured.surge_pod).toMatch(/no node can fit/);
    const bad = await ask('check_resource_change_feasibility', {
      namespace: 'production',
      workload: 'webapp',
      memory_limit: '12 GB',
    });
    expect(bad.isError).toBe(true);
  });

  it('the other tools answer on the incident within their budget', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['check_resource_quotas', { namespace: 'production' }],
      ['get_hpa_status', { namespace: 'production', hpa_name: 'webapp' }],
      ['get_events', { namespace: 'production' }],
      ['get_pod_logs', { namespace: 'production', pod_name: 'webapp-123' }],
      ['list_pods', { namespace: 'production' }],
      ['list_pods', {}],
      ['get_workload', { namespace: 'production', name: 'webapp' }],
      ['get_node_status', { node_name: 'worker-02' }],
      ['get_pdb_status', { namespace: 'production', workload: 'webapp' }],
      ['get_network_policies', { namespace: 'production', pod_name: 'webapp-123' }],
    ];
    for (const [name, args] of calls) {
      const answer = await ask(name, args);
      expect(answer.isError, `${name}: ${answer.text}`).toBe(false);
      expect(typeof answer.structured.summary).toBe('string');
      expect(estimateTokens(answer.text), name).toBeLessThanOrEqual(400);
    }
    const hpa = await ask('get_hpa_status', { namespace: 'production', hpa_name: 'webapp' });
    expect(hpa.structured).toMatchObject({ min_replicas: 2, max_replicas: 6, current_replicas: 3 });
    const logs = await ask('get_pod_logs', { namespace: 'production', pod_name: 'webapp-123', grep: 'gc:' });
    expect((logs.structured.lines as string[]).every((line) => line.includes('gc:'))).toBe(true);
    expect(logs.structured.lines_matching).toBeGreaterThan(0);
  });

  it('summarises long lists with counts and says how to narrow them', async () => {
    const small = await ask('list_pods', { token_budget: 150 });
    expect(small.structured.total).toBeGreaterThan((small.structured.pods as unknown[]).length);
    expect(small.structured.more).toMatch(/^and \d+ more — narrow with/);
    const counts = Object.values(small.structured.by_status as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    expect(counts).toBe(small.structured.total);
    const big = await ask('list_pods', { token_budget: 4000 });
    expect((big.structured.pods as unknown[]).length).toBeGreaterThan(
      (small.structured.pods as unknown[]).length,
    );
    const refused = await call(env.client, 'list_pods', { token_budget: 100_000 });
    expect(refused.isError).toBe(true);
  });

  it('shows secrets only as references and redacts credentials in logs and annotations', async () => {
    const workload = await ask('get_workload', { namespace: 'production', name: 'webapp' });
    const env_ = ((workload.structured.containers as Array<{ env?: string[] }>)[0]?.env ?? []).join('\n');
    expect(env_).toContain('DB_PASSWORD from secret webapp-db key password');
    const logs = await ask('get_pod_logs', {
      namespace: 'production',
      pod_name: 'webapp-123',
      tail: 200,
      token_budget: 2000,
    });
    expect(logs.text).toContain('password=[REDACTED]');
    const pod = await ask('get_pod_status', { namespace: 'production', pod_name: 'webapp-123' });
    expect(JSON.stringify(pod.structured.annotations)).toContain('Bearer [REDACTED]');
  });

  it('errors are results the model can act on', async () => {
    const missing = await ask('get_pod_status', { namespace: 'production', pod_name: 'webapp-12' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/webapp-12 not found in namespace production; did you mean webapp-123/);
    const workload = await ask('get_workload', { namespace: 'production', name: 'webap' });
    expect(workload.text).toContain('did you mean webapp');
    const node = await ask('get_node_status', { node_name: 'worker-7' });
    expect(node.text).toMatch(/did you mean worker-0/);
    const badArgs = await call(env.client, 'check_node_capacity', { resource_type: 'gpu' });
    expect(badArgs.isError).toBe(true);
  });

  it('never lets the canary secret out, in any answer', () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const raw of answers) expect(raw).not.toContain(CANARY);
  });

  it('audits every call as one JSON line before answering', async () => {
    const before = (await env.audit.readAll()).length;
    await call(env.client, 'get_pod_status', { namespace: 'production', pod_name: 'nope' });
    const records = await env.audit.readAll();
    expect(records.length).toBe(before + 1);
    const last = records.at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({
      kind: 'tool_call',
      tool: 'get_pod_status',
      arguments: { namespace: 'production', pod_name: 'nope' },
      caller: 'kopilot-agent',
    });
    expect(typeof last.duration_ms).toBe('number');
    expect(last.result_bytes).toBeGreaterThan(0);
    expect(String(last.error)).toContain('not found');
  });

  it('reads each list once within the cache TTL however many calls ask for it', async () => {
    env.cluster.clearCache();
    const before = env.cluster.stats.requests;
    await Promise.all([
      call(env.client, 'check_node_capacity', { resource_type: 'memory' }),
      call(env.client, 'check_node_capacity', { resource_type: 'cpu' }),
      call(env.client, 'get_node_status', { node_name: 'worker-02' }),
    ]);
    // nodes, pods, node metrics: one request each, shared by the three calls.
    expect(env.cluster.stats.requests - before).toBe(3);
  });
});
