// A small app Deployment that reads its database password from the canary Secret: most scenarios have one.
import type { ClusterBuilder, ContainerInput, PodPlan } from '../build/cluster.js';
import { days } from '../build/time.js';
import { canaryLogLine, dbEnv, plantCanary } from './common.js';

export interface CanaryApp {
  namespace: string;
  name: string;
  image: string;
  nodes: string[];
  memory?: string;
  limit?: string;
  cpu?: string;
  cpuLimit?: string;
  /** Extra pod plan fields per pod (state, usage, annotations). */
  pods?: Array<Partial<PodPlan>>;
  /** Extra annotations on the first pod besides the canary. */
  annotations?: Record<string, string>;
}

/** Creates the Secret, ConfigMap and Deployment; returns its pod names and a log that leaks the canary. */
export function canaryApp(
  b: ClusterBuilder,
  app: CanaryApp,
): { pods: string[]; log: Record<string, string> } {
  const canary = plantCanary(b, app.namespace, app.name, `postgres.${app.namespace}.svc.cluster.local`);
  const container: ContainerInput = {
    name: app.name,
    image: app.image,
    requests: { cpu: app.cpu ?? '250m', memory: app.memory ?? '512Mi' },
    limits: { memory: app.limit ?? app.memory ?? '512Mi', ...(app.cpuLimit ? { cpu: app.cpuLimit } : {}) },
    ports: [{ name: 'http', containerPort: 8080 }],
    env: dbEnv(`${app.name}-db`, `${app.name}-config`),
    readinessPath: '/ready',
  };
  const d = b.deployment({
    namespace: app.namespace,
    name: app.name,
    age: days(180),
    replicas: app.nodes.length,
    revisions: [{ age: days(11), containers: [container] }],
    pods: app.nodes.map((node, i) => ({
      node,
      age: days(11),
      usage: { cpu: '120m', memory: '300Mi' },
      ...(app.pods?.[i] ?? {}),
      ...(i === 0 ? { annotations: { ...canary, ...app.annotations, ...app.pods?.[0]?.annotations } } : {}),
    })),
  });
  const pods = d.pods.map((p) => p.metadata.name);
  const first = pods[0] as string;
  const at = new Date(b.nowMs - days(11) + 9_000).toISOString();
  return {
    pods,
    log: {
      [`logs/${app.namespace}/${first}/${app.name}.log`]: `${at} INFO  ${app.name} ready\n${canaryLogLine(at, app.name)}\n`,
    },
  };
}
