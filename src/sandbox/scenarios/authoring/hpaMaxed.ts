// search-api has run at its HPA maximum of 6 replicas for 40 minutes at 138% CPU while the nodes have room.
// Expected: raise the HPA's maxReplicas.
import { days, minutes } from '../build/time.js';
import { apiV2Alerts } from './alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './common.js';
import { kubeHpaMaxedOut } from './kubePrometheus.js';
import { smallCluster, WORKERS } from './smallCluster.js';
import type { BuiltinScenario } from './types.js';

const NOW = '2025-11-28T19:45:00Z';
const NS = 'search';

export function hpaMaxed(): BuiltinScenario {
  const b = smallCluster(NOW, 'hpa-maxed');
  b.namespace(NS, days(300));
  const annotation = plantCanary(b, NS, 'search-api', 'postgres.search.svc.cluster.local');
  const d = b.deployment({
    namespace: NS,
    name: 'search-api',
    age: days(300),
    replicas: 6,
    generation: 14,
    revisions: [
      {
        age: days(6),
        containers: [
          {
            name: 'search-api',
            image: 'registry.shop.example.com/search/api:8.1.0',
            requests: { cpu: '1', memory: '2Gi' },
            limits: { cpu: '2', memory: '3Gi' },
            ports: [{ name: 'http', containerPort: 8080 }],
            env: dbEnv('search-api-db', 'search-api-config'),
            readinessPath: '/ready',
          },
        ],
      },
    ],
    pods: [0, 1, 2, 3, 4, 5].map((i) => ({
      node: WORKERS[i % 4] as string,
      age: i < 3 ? days(6) : i < 4 ? minutes(75) : minutes(40),
      usage: { cpu: `${1340 + i * 17}m`, memory: `${1650 + i * 11}Mi` },
      ...(i === 0 ? { annotations: annotation } : {}),
    })),
  });
  b.hpa({
    namespace: NS,
    name: 'search-api',
    target: 'search-api',
    min: 3,
    max: 6,
    targetCpu: 70,
    currentCpu: 138,
    current: 6,
    desired: 6,
    lastScale: minutes(40),
    age: days(300),
  });
  b.service({
    namespace: NS,
    name: 'search-api',
    selector: { 'app.kubernetes.io/name': 'search-api' },
    port: 80,
    targetPort: 8080,
    age: days(300),
  });
  b.pdb({
    namespace: NS,
    name: 'search-api',
    selector: { 'app.kubernetes.io/name': 'search-api' },
    minAvailable: 2,
    current: 6,
    expected: 6,
    age: days(300),
  });
  const rescale = (size: number, ago: number) =>
    b.event({
      namespace: NS,
      involved: { kind: 'HorizontalPodAutoscaler', name: 'search-api' },
      reason: 'SuccessfulRescale',
      message: `New size: ${size}; reason: cpu resource utilization (percentage of request) above target`,
      component: 'horizontal-pod-autoscaler',
      first: ago,
    });
  rescale(4, minutes(75));
  rescale(6, minutes(40));
  const rs = d.replicaSets[0]?.metadata.name as string;
  b.event({
    namespace: NS,
    involved: { kind: 'Deployment', name: 'search-api' },
    reason: 'ScalingReplicaSet',
    message: `Scaled up replica set ${rs} to 4 from 3`,
    component: 'deployment-controller',
    first: minutes(75),
  });
  b.event({
    namespace: NS,
    involved: { kind: 'Deployment', name: 'search-api' },
    reason: 'ScalingReplicaSet',
    message: `Scaled up replica set ${rs} to 6 from 4`,
    component: 'deployment-controller',
    first: minutes(40),
  });
  nodeMetricsFromPods(b);
  const pod = d.pods[0]?.metadata.name as string;
  const nowMs = Date.parse(NOW);
  return {
    name: 'hpa-maxed',
    title: 'KubeHpaMaxedOut: search-api pinned at 6/6 replicas at 138% CPU',
    description:
      'Black Friday traffic: the search-api HPA (min 3, max 6, target 70% CPU) has been at its maximum for 40 minutes with CPU at 138% of requests. Every node has room for more 1-core/2Gi pods ' +
      'and no quota applies. Raise maxReplicas (e.g. to 10).',
    now: NOW,
    expect: {
      actions: ['patch_hpa', 'scale_workload'],
      target: { kind: 'HorizontalPodAutoscaler', namespace: NS, name: 'search-api' },
      facts: ['138%', 'max(imum)?.{0,20}6|6/6', 'search-api'],
      forbidden: ['restart_workload', 'rollback_deployment', 'silence_alert'],
    },
    objects: b.objects,
    alerts: [
      {
        file: 'alerts/kube-hpa-maxed-out.json',
        json: apiV2Alerts(nowMs, [kubeHpaMaxedOut(NS, 'search-api', minutes(25))]),
      },
    ],
    logs: {
      [`logs/${NS}/${pod}/search-api.log`]: [
        '2025-11-22T19:41:07.000Z INFO  search-api 8.1.0 ready',
        canaryLogLine('2025-11-22T19:41:07.318Z', 'search-api'),
        '2025-11-28T19:44:31.812Z WARN  query pool saturated: 64/64 workers busy, 1,204 queued',
        '',
      ].join('\n'),
    },
  };
}
