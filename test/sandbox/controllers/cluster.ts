// A small sandbox cluster for controller tests: nodes, a namespace's Deployment, and helpers to move time.
import { SandboxClock } from '../../../src/sandbox/clock.js';
import { startControllers, type Controllers } from '../../../src/sandbox/controllers/index.js';
import { simulationSchema, type SimulationInput } from '../../../src/sandbox/controllers/simulation.js';
import { ObjectStore, type KubeObject } from '../../../src/sandbox/store.js';

export interface TestCluster {
  store: ObjectStore;
  clock: SandboxClock;
  controllers: Controllers;
  /** Moves simulated time forward in steps, letting the controllers catch up after each. */
  advance(seconds: number): Promise<void>;
  pods(namespace: string, prefix?: string): KubeObject[];
  get(resource: string, namespace: string | undefined, name: string): KubeObject;
  events(namespace: string, reason?: string): KubeObject[];
  close(): void;
}

export function node(
  name: string,
  options: { memory?: string; cpu?: string; taints?: unknown[]; labels?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(options.labels ?? {}) } },
    spec: { podCIDR: `10.244.${name.slice(-1)}.0/24`, ...(options.taints ? { taints: options.taints } : {}) },
    status: {
      allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '16Gi', pods: '110' },
      capacity: { cpu: options.cpu ?? '4', memory: options.memory ?? '16Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: `192.168.1.${name.slice(-1)}` }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  };
}

export function deployment(
  name: string,
  options: {
    replicas?: number;
    image?: string;
    memoryLimit?: string;
    memoryRequest?: string;
    progressDeadlineSeconds?: number;
  } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'production', labels: { app: name } },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      ...(options.progressDeadlineSeconds
        ? { progressDeadlineSeconds: options.progressDeadlineSeconds }
        : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name,
              image: options.image ?? `registry.example.com/${name}:2.4.0`,
              resources: {
                requests: { cpu: '500m', memory: options.memoryRequest ?? '1Gi' },
                limits: { cpu: '1', memory: options.memoryLimit ?? '2Gi' },
              },
            },
          ],
        },
      },
    },
  };
}

export async function startCluster(
  objects: Array<[string, KubeObject]>,
  simulation: SimulationInput = {},
): Promise<TestCluster> {
  const clock = new SandboxClock();
  const store = new ObjectStore(clock);
  for (const [resource, object] of objects) store.create(resource, object);
  const controllers = startControllers({ store, clock, simulation: simulationSchema.parse(simulation) });
  await controllers.settle();
  const get = (resource: string, namespace: string | undefined, name: string): KubeObject => {
    const found = store.get(resource, namespace, name);
    if (!found) throw new Error(`${resource} ${name} not found`);
    return found;
  };
  return {
    store,
    clock,
    controllers,
    async advance(seconds) {
      for (let left = seconds; left > 0; left -= 0.5) {
        clock.advance(Math.min(0.5, left) * 1000);
        await controllers.settle();
      }
    },
    pods: (namespace, prefix = '') =>
      store.list('core/pods', namespace).filter((p) => p.metadata.name.startsWith(prefix)),
    get,
    events: (namespace, reason) =>
      store.list('core/events', namespace).filter((e) => reason === undefined || e.reason === reason),
    close: () => controllers.stop(),
  };
}

export function status<T = Record<string, unknown>>(object: KubeObject): T {
  return (object.status ?? {}) as T;
}

export function condition(object: KubeObject, type: string): Record<string, string> | undefined {
  return status<{ conditions?: Array<Record<string, string>> }>(object).conditions?.find(
    (c) => c.type === type,
  );
}

export function containerState(pod: KubeObject): Record<string, unknown> {
  return (status<{ containerStatuses?: Array<{ state: Record<string, unknown> }> }>(pod)
    .containerStatuses?.[0]?.state ?? {}) as Record<string, unknown>;
}

export function isReady(pod: KubeObject): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

/** Sets a Deployment's container image, as `kubectl set image` does. */
export function setImage(store: ObjectStore, name: string, image: string): void {
  store.mutate('apps/deployments', 'production', name, (d) => {
    const spec = d.spec as { template: { spec: { containers: Array<{ image: string }> } } };
    (spec.template.spec.containers[0] as { image: string }).image = image;
  });
}
