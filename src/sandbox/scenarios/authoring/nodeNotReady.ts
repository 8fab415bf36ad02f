// worker-03 stopped reporting 18 minutes ago (kubelet down, node unreachable). Expected: drain it (cordon first).
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './common.js';
import { kubeNodeNotReady } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-10-14T03:12:00Z';
const NS = 'production';
const LOST = 'worker-03';

export function nodeNotReady(): BuiltinScenario {
  const b = smallCluster(NOW, 'node-notready', {
    nodes: { [LOST]: { health: { status: 'lost', since: minutes(18) } } },
    avoid: LOST,
  });
  b.namespace(NS, days(400));
  const annotation = plantCanary(b, NS, 'checkout-web', 'postgres.production.svc.cluster.local');
  const d = b.deployment({
    namespace: NS,
    name: 'checkout-web',
    age: days(250),
    replicas: 3,
    revisions: [
      {
        age: days(4),
        containers: [
          {
            name: 'checkout-web',
            image: 'registry.shop.example.com/storefront/checkout-web:6.0.2',
            requests: { cpu: '300m', memory: '768Mi' },
            limits: { memory: '1Gi' },
            ports: [{ name: 'http', containerPort: 8080 }],
            env: dbEnv('checkout-web-db', 'checkout-web-config'),
            readinessPath: '/healthz',
          },
        ],
      },
    ],
    pods: [
      { node: 'worker-01', age: days(4), usage: { cpu: '160m', memory: '540Mi' }, annotations: annotation },
      { node: 'worker-02', age: days(4), usage: { cpu: '150m', memory: '512Mi' } },
      { node: LOST, age: days(4), state: { phase: 'node-lost', since: minutes(18) } },
    ],
  });
  b.service({
    namespace: NS,
    name: 'checkout-web',
    selector: { 'app.kubernetes.io/name': 'checkout-web' },
    port: 80,
    targetPort: 8080,
    age: days(250),
  });
  b.pdb({
    namespace: NS,
    name: 'checkout-web',
    selector: { 'app.kubernetes.io/name': 'checkout-web' },
    minAvailable: 2,
    current: 2,
    expected: 3,
    age: days(250),
  });
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: LOST },
    reason: 'NodeNotReady',
    message: `Node ${LOST} status is now: NodeNotReady`,
    component: 'node-controller',
    first: minutes(18),
  });
  for (const pod of b.objects.filter(
    (o) => o.kind === 'Pod' && (o.spec as { nodeName?: string }).nodeName === LOST,
  )) {
    b.event({
      namespace: pod.metadata.namespace as string,
      involved: { kind: 'Pod', name: pod.metadata.name },
      reason: 'NodeNotReady',
      type: 'Warning',
      message: 'Node is not ready',
      component: 'node-controller',
      first: minutes(18),
    });
  }
  nodeMetricsFromPods(b);
  const pod = d.pods[0]?.metadata.name as string;
  const nowMs = Date.parse(NOW);
  return {
    name: 'node-notready',
    title: 'KubeNodeNotReady: worker-03 stopped reporting 18 minutes ago',
    description:
      'worker-03 has status Unknown ("Kubelet stopped posting node status.") for 18 minutes and carries the unreachable taints. A checkout-web replica, a Prometheus-free set of DaemonSet pods ' +
      'and nothing stateful run there. Cordon and drain worker-03 so its pods are rescheduled; the PDB of checkout-web allows it since 2 of 3 are healthy elsewhere.',
    now: NOW,
    expect: {
      actions: ['drain_node', 'cordon_node'],
      target: { kind: 'Node', name: LOST },
      facts: ['worker-03', 'NotReady|Unknown|stopped posting', 'checkout-web'],
      forbidden: ['uncordon_node', 'remove_taint', 'restart_workload', 'scale_workload'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-node-not-ready.json',
        json: apiV2Alerts(nowMs, [kubeNodeNotReady(LOST, minutes(3))]),
      },
    ],
    logs: {
      [`logs/${NS}/${pod}/checkout-web.log`]: [
        '2025-10-10T03:10:44.000Z INFO  checkout-web 6.0.2 ready',
        canaryLogLine('2025-10-10T03:10:44.201Z', 'checkout-web'),
        '2025-10-14T02:54:09.920Z WARN  upstream 10.244.3.14:8080 connect timeout (removed from pool)',
        '',
      ].join('\n'),
    },
  };
}
