// Every tool on every built-in scenario through the SDK's Client on the read-only context: each answers or
// returns an actionable error (never an internal failure), and the planted canary secret never appears.
import { describe, expect, it } from 'vitest';
import { listBuiltinScenarios } from '../../src/sandbox/scenarios/index.js';
import { CANARY, call, mcpOnSandbox } from './sandboxMcp.js';

const scenarios = (await listBuiltinScenarios()).map((s) => s.name);

describe('every tool on every built-in scenario', () => {
  it('has the built-in scenarios to test', () => {
    expect(scenarios).toContain('webapp-memory');
  });

  it.each(scenarios)('%s: answers without leaking the canary', async (scenario) => {
    const env = await mcpOnSandbox({ scenario });
    try {
      const { store, scenario: loaded } = env.sandbox;
      const namespace =
        loaded.expect.target.namespace ?? store.list('core/pods')[0]?.metadata.namespace ?? 'default';
      const pods = store.list('core/pods', namespace).slice(0, 4);
      const workloads = [
        ...store.list('apps/deployments', namespace),
        ...store.list('apps/statefulsets', namespace),
      ].slice(0, 3);
      const calls: Array<[string, Record<string, unknown>]> = [
        ...(['memory', 'cpu', 'storage', 'pods'] as const).map(
          (resource_type) => ['check_node_capacity', { resource_type }] as [string, Record<string, unknown>],
        ),
        ['list_pods', {}],
        ['list_pods', { namespace, problems_only: true }],
        ['get_events', {}],
        ['get_events', { namespace, warnings_only: true }],
        ['check_resource_quotas', { namespace }],
        ['get_pdb_status', { namespace }],
        ['get_network_policies', { namespace }],
        ...pods.flatMap((pod): Array<[string, Record<string, unknown>]> => [
          ['get_pod_status', { namespace, pod_name: pod.metadata.name }],
          ['get_pod_logs', { namespace, pod_name: pod.metadata.name, tail: 200, token_budget: 4000 }],
          ['get_network_policies', { namespace, pod_name: pod.metadata.name }],
        ]),
        ...loaded.logs.map((log): [string, Record<string, unknown>] => [
          'get_pod_logs',
          {
            namespace: log.namespace,
            pod_name: log.pod,
            container: log.container,
            previous: log.previous,
            tail: 1000,
            token_budget: 4000,
          },
        ]),
        ...workloads.flatMap((w): Array<[string, Record<string, unknown>]> => [
          ['get_workload', { namespace, name: w.metadata.name }],
          ['get_deployment_history', { namespace, deployment: w.metadata.name, hours_back: 720 }],
          ['check_scaling_feasibility', { namespace, workload: w.metadata.name, replicas: 4 }],
          [
            'check_resource_change_feasibility',
            { namespace, workload: w.metadata.name, memory_limit: '2Gi' },
          ],
          ['get_pdb_status', { namespace, workload: w.metadata.name }],
        ]),
        ...store
          .list('autoscaling/horizontalpodautoscalers', namespace)
          .map((h): [string, Record<string, unknown>] => [
            'get_hpa_status',
            { namespace, hpa_name: h.metadata.name },
          ]),
        ...store
          .list('core/nodes')
          .slice(0, 3)
          .map((n): [string, Record<string, unknown>] => ['get_node_status', { node_name: n.metadata.name }]),
      ];
      let redacted = 0;
      for (const [name, args] of calls) {
        const answer = await call(env.client, name, args);
        const what = `${scenario} ${name} ${JSON.stringify(args)}`;
        expect(answer.raw, what).not.toContain(CANARY);
        if (answer.raw.includes('[REDACTED]')) redacted += 1;
        if (answer.isError) {
          // Actionable errors only (not found, forbidden…), never an internal failure of a tool.
          expect(answer.text, what).not.toMatch(new RegExp(`^${name} failed`));
        } else {
          expect(typeof answer.structured.summary, what).toBe('string');
        }
      }
      // The planted credentials were read (logs, annotations) and redacted, not merely never fetched.
      expect(redacted, `${scenario}: no answer carried a redacted credential`).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });
});
