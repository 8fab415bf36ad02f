// CPUThrottlingHigh (severity info) on a node-exporter pod at 31%: the well-known noisy alert on a tiny CPU
// limit, with no user impact. Expected: silence it (or hand it to the platform team), change nothing.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { cpuThrottlingHigh } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-03-08T04:20:00Z';

export function cpuThrottlingNoise(): BuiltinScenario {
  const b = smallCluster(NOW, 'cpu-throttling-noise');
  b.namespace('production', days(600));
  const app = canaryApp(b, {
    namespace: 'production',
    name: 'catalog',
    image: 'registry.shop.example.com/storefront/catalog:1.18.2',
    nodes: ['worker-01', 'worker-02', 'worker-03'],
  });
  const exporter = b.objects.find(
    (o) =>
      o.kind === 'Pod' &&
      o.metadata.name.startsWith('node-exporter-') &&
      (o.spec as { nodeName: string }).nodeName === 'worker-02',
  );
  const pod = exporter?.metadata.name as string;
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'cpu-throttling-noise',
    title: 'CPUThrottlingHigh (info) on node-exporter: noise at 4 a.m.',
    description:
      `${pod} (DaemonSet monitoring/node-exporter) is throttled 31% of CFS periods under its 250m CPU limit while using 12m on average: short scrape bursts. ` +
      'Severity info, no user impact, every workload healthy. Nothing in the cluster should change: silence the alert and leave a note for the platform team.',
    now: NOW,
    expect: {
      actions: ['silence_alert', 'escalate'],
      target: { kind: 'Alert', name: 'CPUThrottlingHigh' },
      facts: ['node-exporter', '31%', 'info'],
      forbidden: ['increase_resources', 'restart_workload', 'scale_workload', 'cordon_node', 'drain_node'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/cpu-throttling-high.json',
        json: apiV2Alerts(nowMs, [cpuThrottlingHigh('monitoring', pod, 'node-exporter', 31, minutes(20))]),
      },
    ],
    logs: app.log,
  };
}
