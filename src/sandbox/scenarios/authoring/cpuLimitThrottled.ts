// pricing-api is pinned at its 1-core CPU limit (96%) and throttled 78% of periods, with latency rising;
// there is no HPA and the nodes have spare CPU. Expected: raise the CPU limit/request.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { cpuThrottlingHigh } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-06-30T08:55:00Z';
const NS = 'pricing';

export function cpuLimitThrottled(): BuiltinScenario {
  const b = smallCluster(NOW, 'cpu-limit-throttled');
  b.namespace(NS, days(250));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'pricing-api',
    image: 'registry.shop.example.com/pricing/api:3.3.0',
    nodes: ['worker-01', 'worker-04'],
    memory: '1Gi',
    limit: '1536Mi',
    cpu: '500m',
    cpuLimit: '1',
    pods: [{ usage: { cpu: '962m', memory: '640Mi' } }, { usage: { cpu: '955m', memory: '622Mi' } }],
  });
  const pod = app.pods[0] as string;
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  const throttling = cpuThrottlingHigh(NS, pod, 'pricing-api', 78, minutes(18));
  throttling.labels.severity = 'warning';
  return {
    name: 'cpu-limit-throttled',
    title: 'CPUThrottlingHigh (warning) on pricing-api at its 1-core limit',
    description:
      'Since the quarter-start price recalculation began, both pricing-api pods use about 960m of their 1-core CPU limit and are throttled 78% of CFS periods; p99 latency doubled. ' +
      'There is no HPA, each node has several idle cores. Raise the CPU limit (e.g. 2) and request.',
    now: NOW,
    expect: {
      actions: ['increase_resources', 'scale_workload'],
      target: { kind: 'Deployment', namespace: NS, name: 'pricing-api' },
      facts: ['78%', '96%|962m|0\\.96', 'pricing-api'],
      forbidden: ['restart_workload', 'rollback_deployment', 'patch_hpa', 'silence_alert'],
    },
    objects: b.objects,
    alerts: [{ file: 'alerts/cpu-throttling-high.json', json: apiV2Alerts(nowMs, [throttling]) }],
    logs: app.log,
  };
}
