// Like the design incident, but no node can fit a bigger request: raising memory would leave the new pods
// Pending. Expected: escalate for capacity (a new node or a move), not increase_resources.
import { days, hours, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-12-18T20:05:00Z';
const NS = 'production';

export function memoryNoRoom(): BuiltinScenario {
  const b = smallCluster(NOW, 'memory-no-room');
  b.namespace(NS, days(500));
  b.namespace('data', days(500));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'webapp',
    image: 'registry.shop.example.com/storefront/webapp:2.6.1',
    nodes: ['worker-01', 'worker-02', 'worker-03'],
    memory: '6Gi',
    limit: '8Gi',
    cpu: '1',
    pods: [
      { usage: { cpu: '1100m', memory: '8015Mi' }, age: hours(5) },
      { usage: { cpu: '900m', memory: '6120Mi' } },
      { usage: { cpu: '950m', memory: '5900Mi' } },
    ],
  });
  const pod = app.pods[0] as string;
  // The data tier fills every node: no node has 4Gi free for a 10Gi request.
  b.statefulSet({
    namespace: 'data',
    name: 'clickhouse',
    age: days(300),
    replicas: 4,
    containers: [
      {
        name: 'clickhouse',
        image: 'docker.io/clickhouse/clickhouse-server:24.8',
        requests: { cpu: '2', memory: '18Gi' },
        limits: { memory: '18Gi' },
      },
    ],
    storage: '500Gi',
    pods: ['worker-01', 'worker-02', 'worker-03', 'worker-04'].map((node) => ({
      node,
      age: days(40),
      usage: { cpu: '1500m', memory: '16Gi' },
    })),
  });
  b.deployment({
    namespace: 'data',
    name: 'etl-runner',
    age: days(100),
    replicas: 1,
    revisions: [
      {
        age: days(3),
        containers: [
          {
            name: 'etl',
            image: 'registry.shop.example.com/data/etl-runner:0.31.0',
            requests: { cpu: '1', memory: '10Gi' },
            limits: { memory: '10Gi' },
          },
        ],
      },
    ],
    pods: [{ node: 'worker-04', age: days(3), usage: { cpu: '700m', memory: '7Gi' } }],
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'memory-no-room',
    title: 'HighMemoryUsage on webapp at 98% with no node able to fit more',
    description:
      `${pod} uses 7.8Gi of its 8Gi limit (98%). A pod requesting 10Gi fits on no node (the most free is 4.5Gi on worker-01: ClickHouse and the ETL runner fill them), ` +
      'so new pods would stay Pending and the rollout would stall. Escalate for capacity (a bigger node pool) with the numbers.',
    now: NOW,
    expect: {
      actions: ['escalate'],
      target: { kind: 'Deployment', namespace: NS, name: 'webapp' },
      facts: ['98%|7\\.8Gi', '8Gi', 'webapp'],
      forbidden: ['increase_resources', 'drain_node', 'rollback_deployment'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/high-memory-usage.json',
        json: apiV2Alerts(nowMs, [
          {
            labels: {
              alertname: 'HighMemoryUsage',
              severity: 'warning',
              namespace: NS,
              pod,
              container: 'webapp',
              deployment: 'webapp',
              job: 'kubelet',
            },
            annotations: {
              summary: `Container webapp in ${NS}/${pod} is using 98% of its memory limit.`,
              description: `${pod} working set is 7.8Gi of its 8Gi memory limit (98%) for more than 10 minutes.`,
            },
            firingFor: minutes(13),
            expr: 'container_memory_working_set_bytes / on(namespace,pod,container) kube_pod_container_resource_limits{resource="memory"} > 0.9',
          },
        ]),
      },
    ],
    logs: app.log,
  };
}
