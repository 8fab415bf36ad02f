// get_workload: a Deployment/StatefulSet/DaemonSet at a glance — replicas, rollout state, conditions, template needs.
import { z } from 'zod';
import { ageOf } from '../../cluster/age.js';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { redactKeyedValue } from '../../cluster/redact.js';
import { clip, countBy } from '../budget.js';
import { podStatusReason, selectorMatches } from '../podFacts.js';
import { defineTool } from '../tool.js';
import { nameField, namespaceField, summaryField } from './common.js';
import { resourceText } from './getPodStatus.js';
import { findWorkload, workloadKindField, workloadPods } from './workloads.js';

/** An env var as the model may see it: a literal value (redacted when credential-like) or only its reference. */
export function envText(env: KubeObject): string {
  const from = env.valueFrom;
  if (from?.secretKeyRef)
    return `${env.name} from secret ${from.secretKeyRef.name} key ${from.secretKeyRef.key}`;
  if (from?.configMapKeyRef)
    return `${env.name} from configmap ${from.configMapKeyRef.name} key ${from.configMapKeyRef.key}`;
  if (from?.fieldRef) return `${env.name} from field ${from.fieldRef.fieldPath}`;
  if (from?.resourceFieldRef) return `${env.name} from resource ${from.resourceFieldRef.resource}`;
  return `${env.name}=${clip(redactKeyedValue(String(env.name), String(env.value ?? '')), 80)}`;
}

function rolloutState(kind: string, object: KubeObject): string {
  const status = object.status ?? {};
  const conditions: KubeObject[] = status.conditions ?? [];
  const progressing = conditions.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return 'stalled (ProgressDeadlineExceeded)';
  if (object.spec?.paused) return 'paused';
  if ((status.observedGeneration ?? 0) < (object.metadata.generation ?? 0))
    return 'pending (not yet observed)';
  if (kind === 'DaemonSet') {
    const want = Number(status.desiredNumberScheduled ?? 0);
    return Number(status.updatedNumberScheduled ?? 0) >= want && Number(status.numberAvailable ?? 0) >= want
      ? 'complete'
      : 'in progress';
  }
  const desired = Number(object.spec?.replicas ?? 1);
  const updated = Number(status.updatedReplicas ?? 0);
  const available = Number(status.availableReplicas ?? 0);
  const total = Number(status.replicas ?? 0);
  if (updated >= desired && available >= desired && total <= desired) return 'complete';
  return `in progress (${updated}/${desired} updated, ${available} available)`;
}

export const getWorkload = defineTool({
  name: 'get_workload',
  title: 'Workload',
  description:
    'Use to see a Deployment, StatefulSet or DaemonSet as a whole: desired/ready/updated replicas, rollout state, ' +
    'conditions, strategy, each container’s image, requests and limits, env (secrets only as references) and its ' +
    'pods by status. Example: {"namespace": "production", "name": "webapp"}',
  input: z.object({
    namespace: namespaceField,
    name: nameField('workload', 'webapp'),
    kind: workloadKindField,
  }),
  output: z.object({
    summary: summaryField,
    kind: z.string(),
    name: z.string(),
    namespace: z.string(),
    age: z.string().optional(),
    replicas: z.string().describe('ready/desired'),
    updated: z.number().optional(),
    available: z.number().optional(),
    rollout: z.string(),
    strategy: z.string().optional(),
    selector: z.string(),
    conditions: z.array(z.string()),
    containers: z.array(
      z.object({
        name: z.string(),
        image: z.string(),
        requests: z.string().optional(),
        limits: z.string().optional(),
        env: z.array(z.string()).optional(),
      }),
    ),
    pods_by_status: z.record(z.string(), z.number()),
  }),
  async run({ namespace, name, kind }, { cluster, now }) {
    const workload = await findWorkload(cluster, namespace, name, kind);
    const object = workload.object;
    const status = object.status ?? {};
    const pods = (await workloadPods(cluster, namespace, object)).filter((p) =>
      selectorMatches(object.spec?.selector, p.metadata.labels),
    );
    const desired =
      workload.kind === 'DaemonSet'
        ? Number(status.desiredNumberScheduled ?? 0)
        : Number(object.spec?.replicas ?? 1);
    const ready =
      workload.kind === 'DaemonSet' ? Number(status.numberReady ?? 0) : Number(status.readyReplicas ?? 0);
    const strategy = object.spec?.strategy ?? object.spec?.updateStrategy;
    const strategyText = strategy
      ? `${strategy.type ?? 'RollingUpdate'}${
          strategy.rollingUpdate
            ? ` (maxSurge ${strategy.rollingUpdate.maxSurge ?? '25%'}, maxUnavailable ${strategy.rollingUpdate.maxUnavailable ?? '25%'})`
            : ''
        }`
      : undefined;
    const selector = Object.entries((object.spec?.selector?.matchLabels ?? {}) as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const rollout = rolloutState(workload.kind, object);
    const byStatus = countBy(pods, podStatusReason);
    return {
      summary: `${workload.kind} ${name}: ${ready}/${desired} ready, rollout ${rollout}; pods ${
        Object.entries(byStatus)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ') || 'none'
      }`,
      kind: workload.kind,
      name,
      namespace,
      age: ageOf(object.metadata.creationTimestamp, now),
      replicas: `${ready}/${desired}`,
      updated: status.updatedReplicas ?? status.updatedNumberScheduled,
      available: status.availableReplicas ?? status.numberAvailable,
      rollout,
      strategy: strategyText,
      selector,
      conditions: ((status.conditions ?? []) as KubeObject[]).map(
        (c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`,
      ),
      containers: ((object.spec?.template?.spec?.containers ?? []) as KubeObject[]).map((c) => ({
        name: String(c.name),
        image: String(c.image ?? ''),
        requests: resourceText(c.resources?.requests),
        limits: resourceText(c.resources?.limits),
        env: c.env?.length ? (c.env as KubeObject[]).slice(0, 12).map(envText) : undefined,
      })),
      pods_by_status: byStatus,
    };
  },
});
