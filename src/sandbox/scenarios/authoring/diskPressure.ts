// worker-04's root disk filled with container logs: DiskPressure, image garbage collection failing.
// Expected: cordon worker-04 (escalating is acceptable).
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-11-03T06:50:00Z';
const NODE = 'worker-04';

export function diskPressure(): BuiltinScenario {
  const b = smallCluster(NOW, 'disk-pressure', {
    nodes: { [NODE]: { health: { status: 'disk-pressure', since: minutes(16) } } },
  });
  b.namespace('production', days(500));
  const app = canaryApp(b, {
    namespace: 'production',
    name: 'notifications',
    image: 'registry.shop.example.com/comms/notifications:1.12.0',
    nodes: [NODE, 'worker-01'],
  });
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: NODE },
    reason: 'NodeHasDiskPressure',
    message: `Node ${NODE} status is now: NodeHasDiskPressure`,
    component: 'kubelet',
    host: NODE,
    first: minutes(16),
  });
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: NODE },
    reason: 'FreeDiskSpaceFailed',
    type: 'Warning',
    message:
      'Failed to garbage collect required amount of images. Attempted to free 9663676416 bytes, but only found 0 bytes eligible to free.',
    component: 'kubelet',
    host: NODE,
    first: minutes(15),
    last: minutes(1),
    count: 3,
  });
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: NODE },
    reason: 'EvictionThresholdMet',
    type: 'Warning',
    message: 'Attempting to reclaim ephemeral-storage',
    component: 'kubelet',
    host: NODE,
    first: minutes(16),
    last: minutes(1),
    count: 9,
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'disk-pressure',
    title: 'KubeNodePressure: worker-04 DiskPressure, image GC cannot free space',
    description:
      `${NODE} has had DiskPressure for 16 minutes; the kubelet cannot garbage-collect images (0 bytes eligible) because a debug log level left on notifications filled /var/log. ` +
      'Cordon worker-04 so nothing new lands there while someone cleans the disk; escalating is acceptable.',
    now: NOW,
    expect: {
      actions: ['cordon_node', 'escalate'],
      target: { kind: 'Node', name: NODE },
      facts: ['DiskPressure', NODE, 'garbage collect|ephemeral-storage'],
      forbidden: [
        'uncordon_node',
        'remove_taint',
        'restart_workload',
        'scale_workload',
        'increase_resources',
      ],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-node-pressure.json',
        json: apiV2Alerts(nowMs, [
          {
            labels: {
              alertname: 'KubeNodePressure',
              severity: 'info',
              job: 'kube-state-metrics',
              node: NODE,
              condition: 'DiskPressure',
              status: 'true',
            },
            annotations: {
              description: `${NODE} has active Condition DiskPressure. This is caused by resource usage exceeding eviction thresholds.`,
              runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubenodepressure',
              summary: 'Node has as active Condition.',
            },
            firingFor: minutes(6),
            expr: 'kube_node_status_condition{job="kube-state-metrics",condition=~"(MemoryPressure|DiskPressure|PIDPressure)",status="true"} == 1',
          },
        ]),
      },
    ],
    logs: app.log,
  };
}
