// A large, realistic cluster generated from a seed for scale work: N nodes, M pods in Deployments across
// team namespaces, a few broken pods, metrics for everything, and one memory incident to triage.
import { UsageError } from '../../errors.js';
import { ClusterBuilder, type PodPlan } from './build/cluster.js';
import { Random } from './build/ids.js';
import { days, hours, minutes, rfc3339 } from './build/time.js';
import { apiV2Alerts } from './authoring/alerts.js';
import { canaryLogLine, dbEnv, nodeMetricsFromPods, plantCanary } from './authoring/common.js';
import type { Scenario } from './schema.js';

export interface SyntheticOptions {
  nodes: number;
  pods: number;
  seed?: number | string;
  /** The snapshot's time (default: now). Same seed and same time give the same cluster. */
  now?: Date;
}

const NODE_SIZES = [
  { cpu: 8, memoryGi: 32, type: 'm5.2xlarge' },
  { cpu: 16, memoryGi: 64, type: 'm5.4xlarge' },
  { cpu: 4, memoryGi: 16, type: 'm5.xlarge' },
] as const;
const MEMORY_REQUESTS = ['128Mi', '256Mi', '512Mi', '1Gi'] as const;
const APPS = [
  'api',
  'web',
  'worker',
  'cache',
  'gateway',
  'indexer',
  'scheduler',
  'notifier',
  'billing',
  'auth',
];
const PODS_PER_NAMESPACE = 300;
const INCIDENT = { namespace: 'team-0001', deployment: 'checkout' };

/** "nodes=1000,pods=30000,seed=7" as `kopilot sandbox --synthetic` takes it. */
export function parseSyntheticSpec(text: string): SyntheticOptions {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (!key || !['nodes', 'pods', 'seed'].includes(key) || !value || !/^\d+$/.test(value)) {
      throw new UsageError(`--synthetic: expected nodes=N,pods=M[,seed=S], got "${text}"`);
    }
    out[key] = Number(value);
  }
  if (out.nodes === undefined || out.pods === undefined) {
    throw new UsageError(`--synthetic: expected nodes=N,pods=M[,seed=S], got "${text}"`);
  }
  return { nodes: out.nodes, pods: out.pods, ...(out.seed !== undefined ? { seed: out.seed } : {}) };
}

export function generateSyntheticCluster(options: SyntheticOptions): Scenario {
  const { nodes, pods } = options;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 20_000)
    throw new UsageError('synthetic nodes must be 1–20000');
  if (!Number.isInteger(pods) || pods < 1 || pods > 500_000)
    throw new UsageError('synthetic pods must be 1–500000');
  const seed = String(options.seed ?? 1);
  const nowMs = Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000;
  const now = rfc3339(nowMs);
  const b = new ClusterBuilder(now, `synthetic-${seed}`);
  const random = new Random(`synthetic-${seed}-layout`);

  // Nodes: a mix of sizes; a handful unhealthy at scale.
  const nodeNames: string[] = [];
  const free: number[] = [];
  for (let i = 0; i < nodes; i++) {
    const size = NODE_SIZES[i % NODE_SIZES.length] as (typeof NODE_SIZES)[number];
    const name = `node-${String(i + 1).padStart(4, '0')}`;
    const lost = nodes >= 100 && i % 250 === 249;
    b.node({
      name,
      age: days(random.int(5, 300)),
      cpu: size.cpu,
      memoryGi: size.memoryGi,
      instanceType: size.type,
      zone: `eu-west-1${'abc'[i % 3]}`,
      ...(lost ? { health: { status: 'lost' as const, since: minutes(random.int(6, 40)) } } : {}),
    });
    nodeNames.push(name);
    free.push(lost ? 0 : (size.memoryGi - 2) * 1024);
  }

  // Pods in Deployments, spread over team namespaces, placed where their request fits.
  const namespaceCount = Math.max(1, Math.ceil(pods / PODS_PER_NAMESPACE));
  let remaining = pods;
  let cursor = 0;
  const place = (requestMi: number): string | undefined => {
    for (let tries = 0; tries < nodeNames.length; tries++) {
      const i = (cursor + tries) % nodeNames.length;
      if ((free[i] as number) >= requestMi) {
        free[i] = (free[i] as number) - requestMi;
        cursor = (i + 1) % nodeNames.length;
        return nodeNames[i];
      }
    }
    return undefined;
  };
  let incidentPod: string | undefined;
  for (let n = 0; n < namespaceCount && remaining > 0; n++) {
    const namespace = `team-${String(n + 1).padStart(4, '0')}`;
    b.namespace(namespace, days(random.int(30, 400)), { 'team.example.com/name': `team-${n + 1}` });
    let inNamespace = Math.min(remaining, PODS_PER_NAMESPACE);
    remaining -= inNamespace;
    for (let d = 0; inNamespace > 0; d++) {
      const isIncident = n === 0 && d === 0;
      const replicas = isIncident ? Math.min(3, inNamespace) : Math.min(inNamespace, random.int(1, 12));
      inNamespace -= replicas;
      const name = isIncident ? INCIDENT.deployment : `${random.pick(APPS)}-${d}`;
      const memory = isIncident ? '1Gi' : random.pick(MEMORY_REQUESTS);
      const requestMi = memory.endsWith('Gi') ? 1024 : Number(memory.replace('Mi', ''));
      const limitMi = requestMi * 2;
      const image = `registry.example.com/${namespace}/${name.replace(/-\d+$/, '')}:1.${random.int(0, 40)}.${random.int(0, 9)}`;
      const revisionAge = days(random.int(1, 30));
      const env = isIncident ? dbEnv('checkout-db', 'checkout-config') : undefined;
      const annotation = isIncident
        ? plantCanary(b, namespace, 'checkout', 'postgres.team-0001.svc.cluster.local')
        : {};
      const plans: PodPlan[] = [];
      for (let r = 0; r < replicas; r++) {
        const node = place(requestMi);
        const roll = random.next();
        const state: PodPlan['state'] = !node
          ? {
              phase: 'pending',
              message: `0/${nodes} nodes are available: ${nodes} Insufficient memory. preemption: 0/${nodes} nodes are available: ${nodes} No preemption victims found for incoming pod.`,
            }
          : isIncident
            ? { phase: 'running' }
            : roll < 0.01
              ? {
                  phase: 'crashloop',
                  restarts: random.int(3, 80),
                  reason: 'Error',
                  exitCode: 1,
                  lastExitAgo: random.int(5, 280) * 1000,
                }
              : roll < 0.013
                ? { phase: 'imagepull' }
                : roll < 0.016
                  ? {
                      phase: 'running',
                      restarts: 1,
                      lastTermination: { reason: 'OOMKilled', exitCode: 137, ago: hours(random.int(1, 20)) },
                    }
                  : { phase: 'running' };
        const usedMi =
          isIncident && r === 0
            ? Math.round(limitMi * 0.95)
            : random.int(Math.floor(requestMi * 0.3), requestMi);
        const podName = isIncident && r === 0 ? `${name}-${random.suffix(10)}-${random.suffix()}` : undefined;
        if (podName) incidentPod = podName;
        plans.push({
          ...(podName ? { name: podName, annotations: annotation } : {}),
          ...(node ? { node } : {}),
          age: revisionAge - minutes(random.int(1, 60)),
          state,
          usage: { cpu: `${random.int(1, 900)}m`, memory: `${usedMi}Mi` },
        });
      }
      b.deployment({
        namespace,
        name,
        age: revisionAge + days(random.int(1, 200)),
        replicas,
        revisions: [
          {
            age: revisionAge,
            containers: [
              {
                name: name.replace(/-\d+$/, ''),
                image,
                requests: { cpu: `${random.int(1, 10) * 50}m`, memory },
                limits: { memory: `${limitMi}Mi` },
                ports: [{ name: 'http', containerPort: 8080 }],
                ...(env ? { env } : {}),
              },
            ],
          },
        ],
        pods: plans,
      });
    }
  }
  nodeMetricsFromPods(b);

  const incidentName = incidentPod ?? '';
  return {
    name: `synthetic-${nodes}-nodes-${pods}-pods`,
    title: `Synthetic cluster: ${nodes} nodes, ${pods} pods (seed ${seed})`,
    description: `A generated cluster for scale work. ${INCIDENT.namespace}/${incidentName} of Deployment ${INCIDENT.deployment} uses 95% of its memory limit.`,
    now,
    snapshotNow: now,
    objects: b.objects,
    logs: incidentPod
      ? [
          {
            namespace: INCIDENT.namespace,
            pod: incidentName,
            container: 'checkout',
            previous: false,
            text: `${canaryLogLine(rfc3339(nowMs - hours(3)), 'checkout')}\n${rfc3339(nowMs - minutes(2))} WARN heap usage 95% of limit\n`,
          },
        ]
      : [],
    alerts: [
      {
        file: 'alerts/high-memory-usage.json',
        json: apiV2Alerts(nowMs, [
          {
            labels: {
              alertname: 'HighMemoryUsage',
              severity: 'warning',
              namespace: INCIDENT.namespace,
              pod: incidentName,
              container: 'checkout',
              deployment: INCIDENT.deployment,
            },
            annotations: {
              summary: `Container checkout in ${INCIDENT.namespace}/${incidentName} is using 95% of its memory limit.`,
              description: 'Memory working set above 90% of the limit for more than 10 minutes.',
            },
            firingFor: minutes(11),
            expr: 'container_memory_working_set_bytes / on(namespace,pod,container) kube_pod_container_resource_limits{resource="memory"} > 0.9',
          },
        ]),
      },
    ],
    expect: {
      actions: ['increase_resources'],
      target: { kind: 'Deployment', namespace: INCIDENT.namespace, name: INCIDENT.deployment },
      facts: ['95%', incidentName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')],
      forbidden: [],
    },
  };
}
