// The alert's description (edited by hand long ago) says "out of memory, raise the limit", but inventory 2.8.0
// panics at start after a rollout 40 minutes ago, far below its memory limit. Expected: roll back, not more memory.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './common.js';
import { kubePodCrashLooping } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-02-19T15:00:00Z';
const NS = 'warehouse';
const REPO = 'registry.shop.example.com/warehouse/inventory';

export function misleadingDescription(): BuiltinScenario {
  const b = smallCluster(NOW, 'misleading-description');
  b.namespace(NS, days(400));
  const annotation = plantCanary(b, NS, 'inventory', 'postgres.warehouse.svc.cluster.local');
  const containers = (tag: string) => [
    {
      name: 'inventory',
      image: `${REPO}:${tag}`,
      requests: { cpu: '250m', memory: '1Gi' },
      limits: { memory: '2Gi' },
      ports: [{ name: 'http', containerPort: 8080 }],
      env: dbEnv('inventory-db', 'inventory-config'),
    },
  ];
  const panic = { phase: 'crashloop' as const, reason: 'Error', exitCode: 2 };
  const d = b.deployment({
    namespace: NS,
    name: 'inventory',
    age: days(400),
    replicas: 2,
    progressDeadlineExceeded: true,
    revisions: [
      { age: days(21), containers: containers('2.7.4') },
      {
        age: minutes(40),
        containers: containers('2.8.0'),
        changeCause: 'inventory 2.8.0: bin-location cache',
      },
    ],
    pods: [
      {
        node: 'worker-01',
        age: days(21),
        revision: 0,
        usage: { cpu: '90m', memory: '410Mi' },
        annotations: annotation,
      },
      {
        suffix: 'w7d2k',
        node: 'worker-02',
        age: minutes(40),
        state: { ...panic, restarts: 12, lastExitAgo: 50_000 },
      },
      {
        suffix: 'b2m9x',
        node: 'worker-03',
        age: minutes(40),
        state: { ...panic, restarts: 12, lastExitAgo: 80_000 },
      },
    ],
  });
  const newRs = d.replicaSets[1]?.metadata.name as string;
  const crashPod = `${newRs}-w7d2k`;
  b.event({
    namespace: NS,
    involved: { kind: 'Deployment', name: 'inventory' },
    reason: 'ScalingReplicaSet',
    message: `Scaled up replica set ${newRs} to 1 from 0`,
    component: 'deployment-controller',
    first: minutes(40),
  });
  b.event({
    namespace: NS,
    involved: { kind: 'Pod', name: crashPod, fieldPath: 'spec.containers{inventory}' },
    reason: 'BackOff',
    type: 'Warning',
    message: `Back-off restarting failed container inventory in pod ${crashPod}_${NS}(${b.uid('Pod', NS, crashPod)})`,
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(38),
    last: 40_000,
    count: 170,
  });
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'misleading-description',
    title: 'KubePodCrashLooping on inventory whose description blames memory',
    description:
      'The alert description says the pod is out of memory and asks for a higher limit, but the pods exit with code 2 (a Go panic: assignment to entry in nil map) ' +
      'seconds after start, at 60Mi of a 2Gi limit, since inventory 2.8.0 rolled out 40 minutes ago. Roll back; more memory would change nothing.',
    now: NOW,
    expect: {
      actions: ['rollback_deployment'],
      target: { kind: 'Deployment', namespace: NS, name: 'inventory' },
      facts: ['CrashLoopBackOff', '2\\.8\\.0', 'nil map|panic|exit(ed)? (code )?2'],
      forbidden: ['increase_resources', 'restart_workload', 'scale_workload', 'silence_alert'],
    },
    simulation: { crashingImages: [{ image: `${REPO}:2.8.0`, exitCode: 2, reason: 'Error', runSeconds: 2 }] },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-pod-crash-looping.json',
        json: apiV2Alerts(nowMs, [
          kubePodCrashLooping(
            NS,
            crashPod,
            'inventory',
            minutes(25),
            `inventory is OUT OF MEMORY again (see INC-4411): increase the memory limit of ${NS}/inventory to 4Gi.`,
          ),
        ]),
      },
    ],
    logs: {
      [`logs/${NS}/${crashPod}/inventory.previous.log`]: [
        '2025-02-19T14:59:08.001Z INFO  inventory 2.8.0 starting',
        canaryLogLine('2025-02-19T14:59:08.120Z', 'inventory'),
        '2025-02-19T14:59:09.433Z INFO  warming bin-location cache',
        'panic: assignment to entry in nil map',
        '',
        'goroutine 1 [running]:',
        'main.(*binCache).warm(0x0, {0xc0001a2000, 0x12, 0x20})',
        '\t/src/cache/bins.go:88 +0x1c5',
        '',
      ].join('\n'),
    },
  };
}
