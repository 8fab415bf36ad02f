// orders-api scaled to 4 but two pods stay Pending: the only node with room, worker-04, still carries the
// NoSchedule taint of a kernel upgrade finished two days ago. Expected: remove the leftover taint.
import { days, hours, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './common.js';
import { kubeDeploymentReplicasMismatch } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-09-09T11:20:00Z';
const NS = 'orders';
const PENDING =
  '0/4 nodes are available: 1 node(s) had untolerated taint {maintenance: kernel-upgrade}, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';

const app = (name: string, image: string, memory: string) => [
  {
    name,
    image,
    requests: { cpu: '500m', memory },
    limits: { memory },
    ports: [{ name: 'http', containerPort: 8080 }],
  },
];

export function pendingTaint(): BuiltinScenario {
  const b = smallCluster(NOW, 'pending-taint', {
    nodes: {
      'worker-04': {
        taints: [
          { key: 'maintenance', value: 'kernel-upgrade', effect: 'NoSchedule', ago: days(2) + hours(3) },
        ],
        labels: { 'maintenance.shop.example.com/ticket': 'OPS-2231' },
      },
    },
    avoid: 'worker-04',
  });
  b.namespace(NS, days(365));
  b.namespace('ml', days(200));
  const annotation = plantCanary(b, NS, 'orders-api', 'postgres.orders.svc.cluster.local');
  const d = b.deployment({
    namespace: NS,
    name: 'orders-api',
    age: days(365),
    replicas: 4,
    revisions: [
      {
        age: days(10),
        containers: [
          {
            ...app('orders-api', 'registry.shop.example.com/orders/api:5.4.0', '6Gi')[0]!,
            env: dbEnv('orders-api-db', 'orders-api-config'),
          },
        ],
      },
    ],
    pods: [
      { node: 'worker-01', age: days(10), usage: { cpu: '610m', memory: '4710Mi' }, annotations: annotation },
      { node: 'worker-02', age: days(10), usage: { cpu: '640m', memory: '4802Mi' } },
      { suffix: 'zr8kd', age: minutes(31), state: { phase: 'pending', message: PENDING } },
      { suffix: 'c5lwq', age: minutes(31), state: { phase: 'pending', message: PENDING } },
    ],
  });
  const running = d.pods[0]?.metadata.name as string;
  const pending = d.pods[2]?.metadata.name as string;
  b.hpa({
    namespace: NS,
    name: 'orders-api',
    target: 'orders-api',
    min: 2,
    max: 8,
    targetCpu: 70,
    currentCpu: 88,
    current: 4,
    desired: 4,
    lastScale: minutes(31),
    age: days(200),
  });
  b.deployment({
    namespace: 'ml',
    name: 'recommendations',
    age: days(200),
    replicas: 3,
    revisions: [
      {
        age: days(5),
        containers: app('recommendations', 'registry.shop.example.com/ml/recommendations:2.2.0', '12Gi'),
      },
    ],
    pods: ['worker-01', 'worker-02', 'worker-03'].map((node) => ({
      node,
      age: days(5),
      usage: { cpu: '1200m', memory: '10240Mi' },
    })),
  });
  b.statefulSet({
    namespace: NS,
    name: 'ledger',
    age: days(365),
    replicas: 2,
    containers: app('ledger', 'registry.shop.example.com/orders/ledger:1.9.3', '8Gi'),
    storage: '100Gi',
    pods: ['worker-01', 'worker-03'].map((node) => ({
      node,
      age: days(40),
      usage: { cpu: '300m', memory: '6100Mi' },
    })),
  });
  b.deployment({
    namespace: NS,
    name: 'session-store',
    age: days(365),
    replicas: 1,
    revisions: [{ age: days(40), containers: app('session-store', 'docker.io/library/redis:7.2.5', '2Gi') }],
    pods: [{ node: 'worker-02', age: days(40), usage: { cpu: '30m', memory: '820Mi' } }],
  });
  b.event({
    namespace: NS,
    involved: { kind: 'HorizontalPodAutoscaler', name: 'orders-api' },
    reason: 'SuccessfulRescale',
    message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
    component: 'horizontal-pod-autoscaler',
    first: minutes(31),
  });
  for (const pod of [pending, d.pods[3]?.metadata.name as string]) {
    b.event({
      namespace: NS,
      involved: { kind: 'Pod', name: pod },
      reason: 'FailedScheduling',
      type: 'Warning',
      message: PENDING,
      component: 'default-scheduler',
      first: minutes(31),
      last: minutes(1),
      count: 12,
    });
  }
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: 'worker-04' },
    reason: 'Rebooted',
    type: 'Warning',
    message: `Node worker-04 has been rebooted, boot id: ${b.random.uid()}`,
    component: 'kubelet',
    host: 'worker-04',
    first: days(2) + hours(1),
  });
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: 'worker-04' },
    reason: 'NodeReady',
    message: 'Node worker-04 status is now: NodeReady',
    component: 'kubelet',
    host: 'worker-04',
    first: days(2) + hours(1),
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'pending-taint',
    title: 'KubeDeploymentReplicasMismatch: orders-api pods Pending behind a leftover NoSchedule taint',
    description:
      'The HPA scaled orders-api to 4 replicas 31 minutes ago; two pods stay Pending (6Gi each). worker-01..03 lack memory and worker-04, nearly empty, still has the taint ' +
      'maintenance=kernel-upgrade:NoSchedule from a kernel upgrade that finished two days ago (it rebooted and is Ready). Removing the taint lets them schedule; escalating to the node owners is acceptable.',
    now: NOW,
    expect: {
      actions: ['remove_taint', 'escalate'],
      target: { kind: 'Node', name: 'worker-04' },
      facts: ['Pending', 'maintenance', 'worker-04', 'Insufficient memory|untolerated taint'],
      forbidden: ['scale_workload', 'increase_resources', 'restart_workload', 'drain_node', 'patch_hpa'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-deployment-replicas-mismatch.json',
        json: apiV2Alerts(nowMs, [kubeDeploymentReplicasMismatch(NS, 'orders-api', minutes(16))]),
      },
    ],
    logs: {
      [`logs/${NS}/${running}/orders-api.log`]: [
        '2025-08-30T11:18:02.114Z INFO  orders-api 5.4.0 started',
        canaryLogLine('2025-08-30T11:18:02.590Z', 'orders-api'),
        '2025-09-09T11:19:44.305Z WARN  http: 312 requests queued, p99 870ms',
        '',
      ].join('\n'),
    },
  };
}
