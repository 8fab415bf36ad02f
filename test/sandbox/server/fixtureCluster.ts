// A small cluster for the API server's tests: three nodes, the webapp Deployment with a PDB, a DaemonSet,
// a Secret with the canary, events and metrics — seeded straight into a store, served by serveSandbox.
import { SandboxClock } from '../../../src/sandbox/clock.js';
import { serveSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { isoSeconds, ObjectStore, type KubeObject } from '../../../src/sandbox/store.js';

export const CANARY = 'kopilot-canary-7f3a9c2e';

export type FixtureSandbox = Omit<Sandbox, 'scenario'>;

const ago = (clock: SandboxClock, ms: number) => isoSeconds(new Date(clock.nowMs() - ms));
const HOUR = 3_600_000;

function node(clock: SandboxClock, name: string, ip: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      creationTimestamp: ago(clock, 30 * 24 * HOUR),
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/worker': '',
      },
    },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '3800m', memory: '15Gi', pods: '110' },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastHeartbeatTime: ago(clock, 10_000),
          lastTransitionTime: ago(clock, 30 * 24 * HOUR),
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: ago(clock, 10_000),
          lastTransitionTime: ago(clock, 30 * 24 * HOUR),
        },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.4',
        osImage: 'Ubuntu 24.04.1 LTS',
        kernelVersion: '6.8.0-49-generic',
        containerRuntimeVersion: 'containerd://1.7.24',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    },
  };
}

const webappTemplate = {
  metadata: { labels: { app: 'webapp' } },
  spec: {
    containers: [
      {
        name: 'webapp',
        image: 'registry.example.com/webapp:2.4.1',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'LOG_LEVEL', value: 'info' }],
        resources: { requests: { cpu: '1', memory: '6Gi' }, limits: { cpu: '2', memory: '8Gi' } },
      },
    ],
  },
};

/** The objects of the fixture cluster (controllers create the ReplicaSets and pods). */
export function fixtureObjects(clock: SandboxClock): Array<[string, KubeObject]> {
  const ns = (name: string): [string, KubeObject] => [
    'core/namespaces',
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, creationTimestamp: ago(clock, 40 * 24 * HOUR) },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
  ];
  return [
    ns('default'),
    ns('production'),
    ns('kube-system'),
    ['core/nodes', node(clock, 'worker-01', '10.0.1.11')],
    ['core/nodes', node(clock, 'worker-02', '10.0.1.12')],
    ['core/nodes', node(clock, 'worker-03', '10.0.1.13')],
    [
      'apps/deployments',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'webapp',
          namespace: 'production',
          labels: { app: 'webapp' },
          creationTimestamp: ago(clock, 10 * 24 * HOUR),
        },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'webapp' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          template: webappTemplate,
        },
        status: {},
      },
    ],
    [
      'policy/poddisruptionbudgets',
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: {
          name: 'webapp-pdb',
          namespace: 'production',
          creationTimestamp: ago(clock, 10 * 24 * HOUR),
        },
        spec: { minAvailable: 3, selector: { matchLabels: { app: 'webapp' } } },
      },
    ],
    [
      'apps/daemonsets',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: {
          name: 'node-exporter',
          namespace: 'kube-system',
          labels: { app: 'node-exporter' },
          creationTimestamp: ago(clock, 30 * 24 * HOUR),
        },
        spec: {
          selector: { matchLabels: { app: 'node-exporter' } },
          template: {
            metadata: { labels: { app: 'node-exporter' } },
            spec: {
              containers: [
                {
                  name: 'node-exporter',
                  image: 'quay.io/prometheus/node-exporter:v1.8.2',
                  resources: { requests: { cpu: '50m', memory: '64Mi' } },
                },
              ],
            },
          },
        },
        status: {},
      },
    ],
    [
      'core/secrets',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'db-credentials',
          namespace: 'production',
          creationTimestamp: ago(clock, 10 * 24 * HOUR),
        },
        type: 'Opaque',
        data: { password: Buffer.from(CANARY).toString('base64') },
      },
    ],
    [
      'core/configmaps',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'webapp-config',
          namespace: 'production',
          creationTimestamp: ago(clock, 10 * 24 * HOUR),
        },
        data: { LOG_LEVEL: 'info', DB_PASSWORD: CANARY },
      },
    ],
    [
      'core/events',
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: 'webapp.17f1a2b3c4d5e6f7',
          namespace: 'production',
          creationTimestamp: ago(clock, 2 * HOUR),
        },
        involvedObject: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'webapp',
          namespace: 'production',
        },
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set webapp-7d9f8b6c5d from 2 to 3',
        source: { component: 'deployment-controller' },
        firstTimestamp: ago(clock, 2 * HOUR),
        lastTimestamp: ago(clock, 2 * HOUR),
        count: 1,
        type: 'Normal',
      },
    ],
    ...['worker-01', 'worker-02', 'worker-03'].map((name, i): [string, KubeObject] => [
      'metrics.k8s.io/nodes',
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'NodeMetrics',
        metadata: { name, creationTimestamp: ago(clock, 0), labels: { 'kubernetes.io/hostname': name } },
        timestamp: ago(clock, 15_000),
        window: '20.05s',
        usage: { cpu: `${(i + 1) * 700}m`, memory: `${(i + 1) * 3}Gi` },
      },
    ]),
  ];
}

/** Three running webapp pods (one per node) with their metrics, for tests that run without controllers. */
export function fixturePods(clock: SandboxClock): Array<[string, KubeObject]> {
  const out: Array<[string, KubeObject]> = [];
  ['worker-01', 'worker-02', 'worker-03'].forEach((nodeName, i) => {
    const name = `webapp-7d9f8b6c5d-${['abcde', 'fghij', 'klmno'][i] ?? 'x'}`;
    out.push([
      'core/pods',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: 'production',
          labels: { app: 'webapp', 'pod-template-hash': '7d9f8b6c5d' },
          annotations: { 'kubectl.kubernetes.io/default-container': 'webapp' },
          creationTimestamp: ago(clock, 4 * HOUR + 32 * 60_000),
        },
        spec: { ...webappTemplate.spec, nodeName },
        status: {
          phase: 'Running',
          podIP: `10.244.${i + 1}.10`,
          podIPs: [{ ip: `10.244.${i + 1}.10` }],
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            {
              name: 'webapp',
              ready: true,
              restartCount: i === 2 ? 2 : 0,
              image: 'registry.example.com/webapp:2.4.1',
              state: { running: { startedAt: ago(clock, HOUR) } },
              ...(i === 2
                ? {
                    lastState: {
                      terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(clock, HOUR) },
                    },
                  }
                : {}),
            },
          ],
        },
      },
    ]);
    out.push([
      'metrics.k8s.io/pods',
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: {
          name,
          namespace: 'production',
          labels: { app: 'webapp' },
          creationTimestamp: ago(clock, 0),
        },
        timestamp: ago(clock, 15_000),
        window: '20.05s',
        containers: [{ name: 'webapp', usage: { cpu: '1200m', memory: '7782Mi' } }],
      },
    ]);
  });
  return out;
}

/** The fixture in a fresh store; `withPods` adds running pods for tests without controllers. */
export function fixtureStore(withPods = false): { store: ObjectStore; clock: SandboxClock } {
  const clock = new SandboxClock();
  const store = new ObjectStore(clock);
  for (const [resource, object] of fixtureObjects(clock)) store.create(resource, object);
  if (withPods) for (const [resource, object] of fixturePods(clock)) store.create(resource, object);
  return { store, clock };
}

/** The fixture served without controllers: what the tests put in the store is exactly what is served. */
export async function startStaticSandbox(): Promise<FixtureSandbox> {
  const { store, clock } = fixtureStore(true);
  return serveSandbox({
    store,
    clock,
    namespace: 'production',
    controllers: false,
    logs: [
      {
        namespace: 'production',
        pod: 'webapp-7d9f8b6c5d-abcde',
        container: 'webapp',
        previous: false,
        text: 'line 1\nline 2\nGC pause 812ms\n',
      },
      {
        namespace: 'production',
        pod: 'webapp-7d9f8b6c5d-klmno',
        container: 'webapp',
        previous: true,
        text: 'java.lang.OutOfMemoryError: Java heap space\n',
      },
    ],
  });
}

/** Serves the fixture with the simulated controllers and waits until webapp's three pods run. */
export async function startFixtureSandbox(): Promise<FixtureSandbox> {
  const { store, clock } = fixtureStore();
  const sandbox = await serveSandbox({
    store,
    clock,
    namespace: 'production',
    simulation: {
      podStartSeconds: 1,
      unavailableImages: [],
      privateImages: [],
      crashingImages: [],
      usage: [{ namespace: 'production', name: 'webapp', memory: '7782Mi', cpu: '1200m' }],
    },
    logs: [],
  });
  await runUntil(sandbox, () => readyPods(store, 'production', 'webapp') === 3);
  return sandbox;
}

export function readyPods(store: ObjectStore, namespace: string, app: string): number {
  return store
    .list('core/pods', namespace)
    .filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp)
    .filter((p) =>
      (
        (p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []
      ).some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length;
}

/** Advances simulated time in steps until `done()` holds (controllers react to each step). */
export async function runUntil(sandbox: FixtureSandbox, done: () => boolean, maxSteps = 60): Promise<void> {
  for (let step = 0; step < maxSteps; step++) {
    await sandbox.settle();
    if (done()) return;
    sandbox.clock.advance(1000);
  }
  await sandbox.settle();
  if (!done()) throw new Error('the sandbox did not reach the expected state');
}
