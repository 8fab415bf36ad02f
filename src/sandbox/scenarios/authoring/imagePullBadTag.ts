// frontend was updated to image tag v3.9.O (a letter O, not a zero): the new pod cannot pull it. Expected: roll back.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './common.js';
import { kubePodNotReady } from './kubePrometheus.js';
import { smallCluster } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-05-20T16:05:00Z';
const NS = 'storefront';
const REPO = 'registry.shop.example.com/storefront/frontend';

export function imagePullBadTag(): BuiltinScenario {
  const b = smallCluster(NOW, 'imagepull-bad-tag');
  b.namespace(NS, days(600));
  const annotation = plantCanary(b, NS, 'frontend', 'postgres.storefront.svc.cluster.local');
  const containers = (tag: string) => [
    {
      name: 'frontend',
      image: `${REPO}:${tag}`,
      requests: { cpu: '200m', memory: '512Mi' },
      limits: { memory: '768Mi' },
      ports: [{ name: 'http', containerPort: 3000 }],
      env: dbEnv('frontend-db', 'frontend-config'),
      readinessPath: '/healthz',
    },
  ];
  const d = b.deployment({
    namespace: NS,
    name: 'frontend',
    age: days(600),
    replicas: 3,
    revisions: [
      { age: days(8), containers: containers('v3.8.2') },
      { age: minutes(22), containers: containers('v3.9.O'), changeCause: 'bump frontend to v3.9.O' },
    ],
    pods: [
      {
        node: 'worker-01',
        age: days(8),
        revision: 0,
        usage: { cpu: '80m', memory: '301Mi' },
        annotations: annotation,
      },
      { node: 'worker-03', age: days(8), revision: 0, usage: { cpu: '75m', memory: '298Mi' } },
      { node: 'worker-04', age: days(8), revision: 0, usage: { cpu: '92m', memory: '310Mi' } },
      {
        suffix: 'p7r2n',
        node: 'worker-02',
        age: minutes(22),
        state: { phase: 'imagepull', message: `Back-off pulling image "${REPO}:v3.9.O"` },
      },
    ],
  });
  const [oldRs, newRs] = d.replicaSets.map((rs) => rs.metadata.name as string);
  const stuck = `${newRs}-p7r2n`;
  const oldPod = d.pods[0]?.metadata.name as string;
  b.service({
    namespace: NS,
    name: 'frontend',
    selector: { 'app.kubernetes.io/name': 'frontend' },
    port: 80,
    targetPort: 3000,
    age: days(600),
  });
  b.event({
    namespace: NS,
    involved: { kind: 'Deployment', name: 'frontend' },
    reason: 'ScalingReplicaSet',
    message: `Scaled up replica set ${newRs} to 1 from 0`,
    component: 'deployment-controller',
    first: minutes(22),
  });
  const involved = { kind: 'Pod', name: stuck, fieldPath: 'spec.containers{frontend}' };
  b.event({
    namespace: NS,
    involved: { kind: 'Pod', name: stuck },
    reason: 'Scheduled',
    message: `Successfully assigned ${NS}/${stuck} to worker-02`,
    component: 'default-scheduler',
    first: minutes(22),
  });
  b.event({
    namespace: NS,
    involved,
    reason: 'Pulling',
    message: `Pulling image "${REPO}:v3.9.O"`,
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(22),
    last: minutes(3),
    count: 8,
  });
  b.event({
    namespace: NS,
    involved,
    reason: 'Failed',
    type: 'Warning',
    message: `Failed to pull image "${REPO}:v3.9.O": rpc error: code = NotFound desc = failed to pull and unpack image "${REPO}:v3.9.O": failed to resolve reference "${REPO}:v3.9.O": ${REPO}:v3.9.O: not found`,
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(22),
    last: minutes(3),
    count: 8,
  });
  b.event({
    namespace: NS,
    involved,
    reason: 'Failed',
    type: 'Warning',
    message: 'Error: ErrImagePull',
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(22),
    last: minutes(3),
    count: 8,
  });
  b.event({
    namespace: NS,
    involved,
    reason: 'BackOff',
    type: 'Warning',
    message: `Back-off pulling image "${REPO}:v3.9.O"`,
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(21),
    last: 20_000,
    count: 86,
  });
  b.event({
    namespace: NS,
    involved,
    reason: 'Failed',
    type: 'Warning',
    message: 'Error: ImagePullBackOff',
    component: 'kubelet',
    host: 'worker-02',
    first: minutes(21),
    last: 20_000,
    count: 86,
  });
  void oldRs;
  nodeMetricsFromPods(b);
  const nowMs = Date.parse(NOW);
  return {
    name: 'imagepull-bad-tag',
    title: 'KubePodNotReady: frontend v3.9.O cannot be pulled (ImagePullBackOff)',
    description:
      'frontend was bumped to tag v3.9.O (letter O instead of zero) 22 minutes ago. The registry answers not found, the new pod is in ImagePullBackOff and the rollout is stuck; ' +
      'the three v3.8.2 pods still serve. Roll back (or fix the tag).',
    now: NOW,
    expect: {
      actions: ['rollback_deployment'],
      target: { kind: 'Deployment', namespace: NS, name: 'frontend' },
      facts: ['ImagePullBackOff|ErrImagePull', 'v3\\.9\\.O', 'not found'],
      forbidden: ['restart_workload', 'scale_workload', 'increase_resources', 'silence_alert'],
    },
    simulation: { unavailableImages: [`${REPO}:v3.9.O`] },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-pod-not-ready.json',
        json: apiV2Alerts(nowMs, [kubePodNotReady(NS, stuck, minutes(7))]),
      },
    ],
    logs: {
      [`logs/${NS}/${oldPod}/frontend.log`]: [
        '2025-05-12T16:02:11.006Z INFO  frontend v3.8.2 listening on :3000',
        canaryLogLine('2025-05-12T16:02:11.210Z', 'frontend'),
        '2025-05-20T16:04:41.771Z INFO  GET /healthz 200 1ms',
        '',
      ].join('\n'),
    },
  };
}
