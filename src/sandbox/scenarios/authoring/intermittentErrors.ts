// gateway answers 3% 502s in bursts; pods, nodes, rollouts and metrics all look healthy. Nothing points at a
// cause. Expected: collect diagnostics (or escalate), no blind change.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-08-19T17:25:00Z';
const NS = 'edge';

export function intermittentErrors(): BuiltinScenario {
  const b = smallCluster(NOW, 'intermittent-errors');
  b.namespace(NS, days(500));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'gateway',
    image: 'registry.shop.example.com/edge/gateway:2.19.3',
    nodes: ['worker-01', 'worker-02', 'worker-03', 'worker-04'],
  });
  b.service({
    namespace: NS,
    name: 'gateway',
    selector: { 'app.kubernetes.io/name': 'gateway' },
    port: 80,
    targetPort: 8080,
    age: days(500),
  });
  b.networkPolicy({
    namespace: NS,
    name: 'gateway-ingress',
    podSelector: { 'app.kubernetes.io/name': 'gateway' },
    ingressFrom: [{ 'app.kubernetes.io/name': 'ingress-nginx' }],
    ports: [8080],
    age: days(300),
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  const pod = app.pods[0] as string;
  return {
    name: 'intermittent-errors',
    title: 'GatewayErrorRateHigh: 3.1% 502s from gateway, nothing obviously wrong',
    description:
      'gateway returns 502 for 3.1% of requests in bursts of a few seconds. All four pods are Ready with no restarts, nothing was deployed for 11 days, CPU and memory are low, ' +
      'nodes are healthy. There is no evidence for a change: collect diagnostics (logs, events, describe) for the humans, or escalate.',
    now: NOW,
    expect: {
      actions: ['collect_diagnostics', 'escalate'],
      target: { kind: 'Deployment', namespace: NS, name: 'gateway' },
      facts: ['gateway', '502|3\\.1%'],
      forbidden: [
        'rollback_deployment',
        'restart_workload',
        'scale_workload',
        'increase_resources',
        'drain_node',
      ],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/gateway-error-rate-high.json',
        json: apiV2Alerts(nowMs, [
          {
            labels: {
              alertname: 'GatewayErrorRateHigh',
              severity: 'warning',
              namespace: NS,
              service: 'gateway',
              deployment: 'gateway',
              job: 'ingress-nginx',
            },
            annotations: {
              summary: '3.1% of gateway requests fail with 5xx.',
              description: `5xx ratio of ${NS}/gateway is 3.1% over 10 minutes (threshold 1%), mostly 502 Bad Gateway. Example pod: ${pod}.`,
            },
            firingFor: minutes(12),
            expr: 'sum(rate(nginx_ingress_controller_requests{service="gateway",status=~"5.."}[5m])) / sum(rate(nginx_ingress_controller_requests{service="gateway"}[5m])) > 0.01',
          },
        ]),
      },
    ],
    logs: app.log,
  };
}
