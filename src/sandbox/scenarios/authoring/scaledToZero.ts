// Someone scaled recommendations to 0 twenty minutes ago (a `kubectl scale` meant for staging). Expected: scale it back to 3.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-07-21T16:00:00Z';
const NS = 'storefront';

export function scaledToZero(): BuiltinScenario {
  const b = smallCluster(NOW, 'scaled-to-zero');
  b.namespace(NS, days(600));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'frontend',
    image: 'registry.shop.example.com/storefront/frontend:v3.8.2',
    nodes: ['worker-01', 'worker-02', 'worker-03'],
  });
  const d = b.deployment({
    namespace: NS,
    name: 'recommendations',
    age: days(200),
    replicas: 0,
    generation: 6,
    revisions: [
      {
        age: days(9),
        containers: [
          {
            name: 'recommendations',
            image: 'registry.shop.example.com/ml/recommendations:2.2.0',
            requests: { cpu: '500m', memory: '2Gi' },
            limits: { memory: '3Gi' },
            ports: [{ name: 'http', containerPort: 8080 }],
          },
        ],
      },
    ],
    pods: [],
  });
  const rs = d.replicaSets[0]?.metadata.name as string;
  b.service({
    namespace: NS,
    name: 'recommendations',
    selector: { 'app.kubernetes.io/name': 'recommendations' },
    port: 80,
    targetPort: 8080,
    age: days(200),
  });
  b.event({
    namespace: NS,
    involved: { kind: 'Deployment', name: 'recommendations' },
    reason: 'ScalingReplicaSet',
    message: `Scaled down replica set ${rs} to 0 from 3`,
    component: 'deployment-controller',
    first: minutes(20),
  });
  for (const suffix of ['k7x2m', 'p4q9d', 'z8n5w']) {
    b.event({
      namespace: NS,
      involved: { kind: 'ReplicaSet', name: rs },
      reason: 'SuccessfulDelete',
      message: `Deleted pod: ${rs}-${suffix}`,
      component: 'replicaset-controller',
      first: minutes(20),
    });
  }
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'scaled-to-zero',
    title: 'TargetDown: recommendations has no pods since a manual scale to 0',
    description:
      'Twenty minutes ago the recommendations Deployment was scaled from 3 to 0 replicas (no HPA; the audit trail shows a kubectl scale meant for staging). Its Service has no endpoints ' +
      'and the storefront shows empty recommendation blocks. Scale it back to 3.',
    now: NOW,
    expect: {
      actions: ['scale_workload', 'escalate'],
      target: { kind: 'Deployment', namespace: NS, name: 'recommendations' },
      facts: ['to 0 from 3|0/3|replicas: 0', 'recommendations'],
      forbidden: ['rollback_deployment', 'restart_workload', 'patch_hpa', 'silence_alert'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/target-down.json',
        json: apiV2Alerts(nowMs, [
          {
            labels: {
              alertname: 'TargetDown',
              severity: 'warning',
              job: 'recommendations',
              namespace: NS,
              service: 'recommendations',
            },
            annotations: {
              description: `100% of the recommendations/recommendations targets in ${NS} namespace are down.`,
              runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/general/targetdown',
              summary: 'One or more targets are unreachable.',
            },
            firingFor: minutes(10),
            expr: '100 * (count(up == 0) BY (cluster, job, namespace, service) / count(up) BY (cluster, job, namespace, service)) > 10',
          },
        ]),
      },
    ],
    logs: app.log,
  };
}
