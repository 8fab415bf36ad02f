// The postgres volume is 97% full and WAL keeps growing. Expected: expand the PVC (escalating to the DBAs is acceptable).
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryApp } from './canaryApp.js';
import { nodeMetricsFromPods } from './common.js';
import { kubePersistentVolumeFillingUp } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-04-17T22:10:00Z';
const NS = 'production';

export function pvcFillingUp(): BuiltinScenario {
  const b = smallCluster(NOW, 'pvc-filling-up');
  b.namespace(NS, days(700));
  const app = canaryApp(b, {
    namespace: NS,
    name: 'orders-api',
    image: 'registry.shop.example.com/orders/api:5.3.9',
    nodes: ['worker-01', 'worker-02'],
  });
  b.statefulSet({
    namespace: NS,
    name: 'postgres',
    age: days(700),
    replicas: 1,
    containers: [
      {
        name: 'postgres',
        image: 'docker.io/library/postgres:16.4',
        requests: { cpu: '2', memory: '8Gi' },
        limits: { memory: '8Gi' },
        ports: [{ name: 'postgres', containerPort: 5432 }],
        env: [
          { name: 'POSTGRES_PASSWORD', secret: { name: 'orders-api-db', key: 'password' } },
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        ],
      },
    ],
    storage: '100Gi',
    pods: [{ node: 'worker-03', age: days(61), usage: { cpu: '730m', memory: '6800Mi' } }],
  });
  b.event({
    namespace: NS,
    involved: { kind: 'PersistentVolumeClaim', name: 'data-postgres-0' },
    reason: 'ProvisioningSucceeded',
    message: 'Successfully provisioned volume pvc-4b1c for claim production/data-postgres-0',
    component: 'ebs.csi.aws.com_ebs-csi-controller-7d9f8c6b5-2xkqp',
    first: days(61),
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'pvc-filling-up',
    title: 'KubePersistentVolumeFillingUp: data-postgres-0 has 2.7% free',
    description:
      'The 100Gi gp3 volume of postgres-0 is 97.3% full; WAL has grown 6Gi in the last day since a replication slot went stale. Postgres stops accepting writes when the disk fills. ' +
      'Expand the PVC (e.g. to 150Gi; gp3 supports online expansion); escalating to the database owners is acceptable.',
    now: NOW,
    expect: {
      actions: ['expand_pvc', 'escalate'],
      target: { kind: 'PersistentVolumeClaim', namespace: NS, name: 'data-postgres-0' },
      facts: ['data-postgres-0', '100Gi', '2\\.7%|97', 'storage'],
      forbidden: ['restart_workload', 'restart_pod', 'scale_workload', 'increase_resources', 'silence_alert'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-persistent-volume-filling-up.json',
        json: apiV2Alerts(nowMs, [kubePersistentVolumeFillingUp(NS, 'data-postgres-0', 2.7, minutes(9))]),
      },
    ],
    logs: {
      ...app.log,
      [`logs/${NS}/postgres-0/postgres.log`]: [
        '2025-04-17T21:40:02.114Z [61] LOG:  checkpoints are occurring too frequently (24 seconds apart)',
        '2025-04-17T21:40:02.114Z [61] HINT:  Consider increasing the configuration parameter "max_wal_size".',
        '2025-04-17T22:05:44.870Z [8812] WARNING:  replication slot "analytics_cdc" is inactive, retaining 41 GB of WAL',
        '',
      ].join('\n'),
    },
  };
}
