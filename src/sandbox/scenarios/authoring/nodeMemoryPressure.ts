// worker-02 reports MemoryPressure and the kubelet has started evicting pods: a batch pod far above its request
// fills the node. Expected: cordon worker-02 so nothing new lands there (escalating is acceptable).
import { days, hours, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-10-01T01:30:00Z';
const NODE = 'worker-02';

export function nodeMemoryPressure(): BuiltinScenario {
  const b = smallCluster(NOW, 'node-memory-pressure', {
    nodes: { [NODE]: { health: { status: 'memory-pressure', since: minutes(9) } } },
  });
  b.namespace('production', days(500));
  b.namespace('batch', days(200));
  const app = canaryApp(b, {
    namespace: 'production',
    name: 'cart',
    image: 'registry.shop.example.com/storefront/cart:9.1.0',
    nodes: ['worker-01', NODE, 'worker-03'],
  });
  const batch = b.deployment({
    namespace: 'batch',
    name: 'catalog-import',
    age: days(60),
    replicas: 1,
    revisions: [
      {
        age: days(2),
        containers: [
          {
            name: 'importer',
            image: 'registry.shop.example.com/batch/catalog-import:0.14.0',
            requests: { cpu: '100m', memory: '256Mi' },
          },
        ],
      },
    ],
    pods: [{ node: NODE, age: hours(3), usage: { cpu: '940m', memory: '21934Mi' } }],
  });
  const hog = batch.pods[0]?.metadata.name as string;
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: NODE },
    reason: 'NodeHasInsufficientMemory',
    type: 'Normal',
    message: `Node ${NODE} status is now: NodeHasInsufficientMemory`,
    component: 'kubelet',
    host: NODE,
    first: minutes(9),
  });
  b.event({
    namespace: 'default',
    involved: { kind: 'Node', name: NODE },
    reason: 'EvictionThresholdMet',
    type: 'Warning',
    message: 'Attempting to reclaim memory',
    component: 'kubelet',
    host: NODE,
    first: minutes(9),
    last: minutes(1),
    count: 7,
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'node-memory-pressure',
    title: 'KubeNodePressure: worker-02 under MemoryPressure, kubelet evicting',
    description:
      `${NODE} has had MemoryPressure for 9 minutes: ${hog} (batch/catalog-import) uses 21.4Gi against a 256Mi request and the kubelet is trying to reclaim memory by evicting. ` +
      'Cordon worker-02 so nothing new is scheduled there while the batch owners fix the importer; escalating is acceptable.',
    now: NOW,
    expect: {
      actions: ['cordon_node', 'escalate'],
      target: { kind: 'Node', name: NODE },
      facts: ['MemoryPressure', NODE, 'catalog-import|reclaim memory'],
      forbidden: ['uncordon_node', 'remove_taint', 'increase_resources'],
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
              condition: 'MemoryPressure',
              status: 'true',
            },
            annotations: {
              description: `${NODE} has active Condition MemoryPressure. This is caused by resource usage exceeding eviction thresholds.`,
              runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubenodepressure',
              summary: 'Node has as active Condition.',
            },
            firingFor: minutes(4),
            expr: 'kube_node_status_condition{job="kube-state-metrics",condition=~"(MemoryPressure|DiskPressure|PIDPressure)",status="true"} == 1',
          },
        ]),
      },
    ],
    logs: app.log,
  };
}
