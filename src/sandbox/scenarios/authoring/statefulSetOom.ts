// The redis cache StatefulSet was OOMKilled three times this morning: its dataset grew past the 2Gi limit.
// Expected: more memory for the StatefulSet.
import { days, hours, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-09-22T07:40:00Z';
const NS = 'storefront';

export function statefulSetOom(): BuiltinScenario {
  const b = smallCluster(NOW, 'statefulset-oom');
  b.namespace(NS, days(600));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'cart',
    image: 'registry.shop.example.com/storefront/cart:9.1.0',
    nodes: ['worker-01', 'worker-02'],
  });
  b.statefulSet({
    namespace: NS,
    name: 'redis-cache',
    age: days(600),
    replicas: 1,
    containers: [
      {
        name: 'redis',
        image: 'docker.io/library/redis:7.2.5',
        args: ['--maxmemory', '0'],
        requests: { cpu: '250m', memory: '1536Mi' },
        limits: { memory: '2Gi' },
        ports: [{ name: 'redis', containerPort: 6379 }],
      },
    ],
    pods: [
      {
        node: 'worker-03',
        age: days(30),
        state: {
          phase: 'running',
          restarts: 3,
          lastTermination: { reason: 'OOMKilled', exitCode: 137, ago: minutes(22) },
        },
        usage: { cpu: '180m', memory: '1968Mi' },
      },
    ],
  });
  for (const ago of [hours(3), hours(1), minutes(22)]) {
    b.event({
      namespace: 'default',
      involved: { kind: 'Node', name: 'worker-03' },
      reason: 'OOMKilling',
      type: 'Warning',
      message:
        'Memory cgroup out of memory: Killed process 2211 (redis-server) total-vm:2312800kB, anon-rss:2095104kB, file-rss:1024kB, shmem-rss:0kB, UID:999 pgtables:4200kB oom_score_adj:936',
      component: 'kernel-monitor',
      host: 'worker-03',
      first: ago,
    });
  }
  b.event({
    namespace: NS,
    involved: { kind: 'Pod', name: 'redis-cache-0', fieldPath: 'spec.containers{redis}' },
    reason: 'Pulled',
    message: 'Container image "docker.io/library/redis:7.2.5" already present on machine',
    component: 'kubelet',
    host: 'worker-03',
    first: hours(3),
    last: minutes(22),
    count: 3,
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'statefulset-oom',
    title: 'KubePodCrashLooping: redis-cache-0 OOMKilled three times at its 2Gi limit',
    description:
      'redis-cache-0 runs without maxmemory and its dataset grew with the autumn catalogue; it was OOMKilled (exit 137) three times in three hours and is at 1968Mi of 2Gi again. ' +
      'Raise the StatefulSet memory limit and request (e.g. 4Gi/3Gi); worker-03 and others have room.',
    now: NOW,
    expect: {
      actions: ['increase_resources'],
      target: { kind: 'StatefulSet', namespace: NS, name: 'redis-cache' },
      facts: ['OOMKilled', '2Gi', 'redis-cache-0'],
      forbidden: ['scale_workload', 'rollback_deployment', 'silence_alert'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-pod-crash-looping.json',
        json: apiV2Alerts(nowMs, [
          {
            labels: {
              alertname: 'KubePodCrashLooping',
              severity: 'warning',
              job: 'kube-state-metrics',
              namespace: NS,
              pod: 'redis-cache-0',
              container: 'redis',
              reason: 'OOMKilled',
            },
            annotations: {
              description: `Pod ${NS}/redis-cache-0 (redis) is restarting 3 times / 3 hours (last reason: OOMKilled).`,
              runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
              summary: 'Pod is crash looping.',
            },
            firingFor: minutes(20),
            expr: 'increase(kube_pod_container_status_restarts_total{job="kube-state-metrics"}[3h]) >= 3',
          },
        ]),
      },
    ],
    logs: {
      ...app.log,
      [`logs/${NS}/redis-cache-0/redis.log`]:
        '2025-09-22T07:18:03.551Z 1:M * Ready to accept connections tcp\n2025-09-22T07:39:12.002Z 1:M # WARNING: used_memory 1.91G, no maxmemory policy set\n',
    },
  };
}
