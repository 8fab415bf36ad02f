// One of three session-api pods has failed its readiness probe for 35 minutes (a deadlocked worker pool) while
// its siblings are fine. Expected: restart that pod.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { kubePodNotReady } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-05-05T12:10:00Z';
const NS = 'identity';

export function stuckUnreadyPod(): BuiltinScenario {
  const b = smallCluster(NOW, 'stuck-unready-pod');
  b.namespace(NS, days(420));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'session-api',
    image: 'registry.shop.example.com/identity/session-api:7.2.2',
    nodes: ['worker-01', 'worker-02', 'worker-03'],
    pods: [{}, { state: { phase: 'unready' }, usage: { cpu: '2m', memory: '318Mi' } }, {}],
  });
  const stuck = app.pods[1] as string;
  b.service({
    namespace: NS,
    name: 'session-api',
    selector: { 'app.kubernetes.io/name': 'session-api' },
    port: 80,
    targetPort: 8080,
    age: days(420),
  });
  b.event({
    namespace: NS,
    involved: { kind: 'Pod', name: stuck, fieldPath: 'spec.containers{session-api}' },
    reason: 'Unhealthy',
    type: 'Warning',
    message:
      'Readiness probe failed: Get "http://10.244.2.9:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(35),
    last: 8_000,
    count: 211,
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'stuck-unready-pod',
    title: 'KubePodNotReady: one session-api pod deadlocked, its siblings fine',
    description:
      `${stuck} has failed its readiness probe (timeouts) for 35 minutes at 2m CPU: its worker pool is deadlocked; the other two replicas serve normally and nothing changed. ` +
      'Restart (delete) that one pod; its ReplicaSet replaces it. Escalating is acceptable.',
    now: NOW,
    expect: {
      actions: ['restart_pod', 'restart_workload', 'escalate'],
      target: { kind: 'Pod', namespace: NS, name: stuck },
      facts: ['Readiness probe failed', 'session-api', 'deadline exceeded|timeout'],
      forbidden: ['rollback_deployment', 'scale_workload', 'increase_resources', 'drain_node'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-pod-not-ready.json',
        json: apiV2Alerts(nowMs, [kubePodNotReady(NS, stuck, minutes(20))]),
      },
    ],
    logs: {
      ...app.log,
      [`logs/${NS}/${stuck}/session-api.log`]: [
        '2025-05-05T11:34:40.118Z WARN  pool: 32/32 workers busy waiting on lock "session-gc"',
        '2025-05-05T11:35:10.120Z WARN  pool: 32/32 workers busy waiting on lock "session-gc"',
        '',
      ].join('\n'),
    },
  };
}
