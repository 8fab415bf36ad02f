// payments-api 4.2.0 rolled out 25 minutes ago with a new config profile; its pods crash on start while the
// old ReplicaSet still serves. Expected: roll back.
import type { ContainerInput } from '../build/cluster.js';
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './common.js';
import { kubePodCrashLooping } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-07-03T09:15:00Z';
const NS = 'payments';
const IMAGE = 'registry.shop.example.com/payments/payments-api';

export function crashloopBadConfig(): BuiltinScenario {
  const b = smallCluster(NOW, 'crashloop-bad-config');
  b.namespace(NS, days(500));
  const annotation = plantCanary(b, NS, 'payments-api', 'postgres.payments.svc.cluster.local');
  const containers = (tag: string, profile: string): ContainerInput[] => [
    {
      name: 'api',
      image: `${IMAGE}:${tag}`,
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '1536Mi' },
      ports: [{ name: 'http', containerPort: 8080 }],
      env: [
        ...(dbEnv('payments-api-db', 'payments-api-config') ?? []),
        { name: 'CONFIG_PROFILE', value: profile },
      ],
      readinessPath: '/ready',
    },
  ];
  const crashing = { phase: 'crashloop' as const, reason: 'Error', exitCode: 1 };
  const d = b.deployment({
    namespace: NS,
    name: 'payments-api',
    age: days(300),
    replicas: 4,
    progressDeadlineExceeded: true,
    revisions: [
      { age: days(16), containers: containers('4.1.3', 'v1'), changeCause: 'payments-api 4.1.3' },
      {
        age: minutes(25),
        containers: containers('4.2.0', 'v2'),
        changeCause: 'payments-api 4.2.0: new retry config profile v2',
      },
    ],
    pods: [
      { node: 'worker-01', age: days(16), revision: 0, usage: { cpu: '210m', memory: '702Mi' } },
      {
        node: 'worker-02',
        age: days(16),
        revision: 0,
        usage: { cpu: '190m', memory: '688Mi' },
        annotations: annotation,
      },
      { node: 'worker-04', age: days(16), revision: 0, usage: { cpu: '230m', memory: '731Mi' } },
      {
        suffix: 'x2k8p',
        node: 'worker-03',
        age: minutes(25),
        state: { ...crashing, restarts: 9, lastExitAgo: 70_000 },
      },
      {
        suffix: 'q9tzm',
        node: 'worker-04',
        age: minutes(25),
        state: { ...crashing, restarts: 9, lastExitAgo: 40_000 },
      },
    ],
  });
  const [oldRs, newRs] = d.replicaSets.map((rs) => rs.metadata.name as string);
  const crashPod = `${newRs}-x2k8p`;
  b.service({
    namespace: NS,
    name: 'payments-api',
    selector: { 'app.kubernetes.io/name': 'payments-api' },
    port: 80,
    targetPort: 8080,
    age: days(300),
  });
  b.pdb({
    namespace: NS,
    name: 'payments-api',
    selector: { 'app.kubernetes.io/name': 'payments-api' },
    maxUnavailable: 1,
    current: 3,
    expected: 5,
    age: days(300),
  });
  const scaled = (message: string, ago: number) =>
    b.event({
      namespace: NS,
      involved: { kind: 'Deployment', name: 'payments-api' },
      reason: 'ScalingReplicaSet',
      message,
      component: 'deployment-controller',
      first: ago,
    });
  scaled(`Scaled up replica set ${newRs} to 1 from 0`, minutes(25));
  scaled(`Scaled down replica set ${oldRs} to 3 from 4`, minutes(25));
  scaled(`Scaled up replica set ${newRs} to 2 from 1`, minutes(25));
  for (const [pod, node] of [
    [crashPod, 'worker-03'],
    [`${newRs}-q9tzm`, 'worker-04'],
  ] as const) {
    const involved = { kind: 'Pod', name: pod, fieldPath: 'spec.containers{api}' };
    b.event({
      namespace: NS,
      involved: { kind: 'Pod', name: pod },
      reason: 'Scheduled',
      message: `Successfully assigned payments/${pod} to ${node}`,
      component: 'default-scheduler',
      first: minutes(25),
    });
    b.event({
      namespace: NS,
      involved,
      reason: 'Pulled',
      message: `Container image "${IMAGE}:4.2.0" already present on machine`,
      component: 'kubelet',
      host: node,
      first: minutes(24),
      last: minutes(1),
      count: 10,
    });
    b.event({
      namespace: NS,
      involved,
      reason: 'BackOff',
      type: 'Warning',
      message: `Back-off restarting failed container api in pod ${pod}_payments(${b.uid('Pod', NS, pod)})`,
      component: 'kubelet',
      host: node,
      first: minutes(23),
      last: 30_000,
      count: 104,
    });
  }
  b.event({
    namespace: NS,
    involved: { kind: 'Deployment', name: 'payments-api' },
    reason: 'ProgressDeadlineExceeded',
    type: 'Warning',
    message: `Deployment "payments-api" has timed out progressing.`,
    component: 'deployment-controller',
    first: minutes(15),
  });
  nodeMetricsFromPods(b);

  const nowMs = Date.parse(NOW);
  const crashLog = [
    '2025-07-03T09:13:50.102Z INFO  payments-api 4.2.0 starting, config profile v2',
    canaryLogLine('2025-07-03T09:13:50.377Z', 'payments-api'),
    '2025-07-03T09:13:50.419Z ERROR config: /etc/payments/profiles/v2.yaml: retry.backoff: unknown field "max_delay_ms" (did you mean "maxDelay"?)',
    '2025-07-03T09:13:50.420Z FATAL invalid configuration, exiting with status 1',
    '',
  ].join('\n');
  return {
    name: 'crashloop-bad-config',
    title: 'KubePodCrashLooping: payments-api 4.2.0 crashes on its new config profile',
    description:
      'payments-api was rolled out to 4.2.0 with CONFIG_PROFILE=v2 25 minutes ago. Both new pods exit 1 at start ("unknown field max_delay_ms") and are in CrashLoopBackOff; ' +
      'the rollout hit its progress deadline while 3 pods of revision 1 (4.1.3) still serve. Roll back to revision 1.',
    now: NOW,
    expect: {
      actions: ['rollback_deployment'],
      target: { kind: 'Deployment', namespace: NS, name: 'payments-api' },
      facts: [
        'CrashLoopBackOff',
        '4\\.2\\.0',
        'max_delay_ms|unknown field',
        'ProgressDeadlineExceeded|timed out',
      ],
      forbidden: ['restart_workload', 'scale_workload', 'increase_resources', 'silence_alert'],
    },
    simulation: {
      crashingImages: [{ image: `${IMAGE}:4.2.0`, exitCode: 1, reason: 'Error', runSeconds: 2 }],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-pod-crash-looping.json',
        json: apiV2Alerts(nowMs, [kubePodCrashLooping(NS, crashPod, 'api', minutes(16))]),
      },
    ],
    logs: {
      [`logs/payments/${crashPod}/api.previous.log`]: crashLog,
      [`logs/payments/${crashPod}/api.log`]:
        '2025-07-03T09:14:58.007Z INFO  payments-api 4.2.0 starting, config profile v2\n',
    },
  };
}
