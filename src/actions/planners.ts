// Per action: reads the target and turns validated parameters into exact writes and a before→after diff.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../alerts/alert.js';
import { formatBytes, formatCpu, tryParseQuantity } from '../cluster/quantity.js';
import type { ActionParameters, ActionTarget, ActionType } from './catalogue.js';
import { durationMs } from './definitions.js';
import {
  type ActionCluster,
  type JsonPatchOp,
  type KubeObject,
  type ObjectKind,
  type ObjectRef,
  pointer,
  refText,
} from './kube.js';
import type { FieldChange, PlannedStep, RefusalReason } from './planTypes.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';

/** A numeric change policy bounds apply to. */
export interface BoundedChange {
  field: string;
  unit: 'replicas' | 'resource';
  before: number;
  after: number;
}

/** Load the change adds, for the capacity check. */
export type CapacityQuestion =
  | {
      kind: 'scale';
      namespace: string;
      workload: string;
      workloadKind: 'Deployment' | 'StatefulSet';
      replicas: number;
    }
  | {
      kind: 'resize';
      namespace: string;
      workload: string;
      workloadKind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
      container: string;
      memory_request?: string;
      memory_limit?: string;
      cpu_request?: string;
      cpu_limit?: string;
    }
  | { kind: 'drain'; node: string; pods: KubeObject[] };

export interface Draft {
  target: ActionTarget;
  ref?: ObjectRef;
  object?: KubeObject;
  steps: PlannedStep[];
  changes: FieldChange[];
  direction?: 'up' | 'down';
  verification: string;
  bounded: BoundedChange[];
  capacity?: CapacityQuestion;
  revisionBefore?: number;
  /** The inverse action's parameters (its target is the plan's target). */
  inverse?: { action: ActionType; parameters: Record<string, unknown> };
  warnings: string[];
}

export type DraftResult = { ok: true; draft: Draft } | { ok: false; reason: RefusalReason; message: string };

export interface PlannerInput<K extends ActionType = ActionType> {
  action: K;
  parameters: ActionParameters[K];
  requested: ActionTarget;
  cluster: ActionCluster;
  alert?: Alert;
  now: Date;
  diagnosticsDir?: string;
}

class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}
const refuse = (reason: RefusalReason, message: string): never => {
  throw new Refusal(reason, message);
};

function refOf(target: ActionTarget): ObjectRef {
  return { kind: target.kind as ObjectKind, namespace: target.namespace, name: target.name };
}

function targetOf(ref: ObjectRef): ActionTarget {
  return { kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
}

/** Pins the resourceVersion the plan was built on: the server answers 409 if the object changed since. */
function pin(object: KubeObject): JsonPatchOp {
  return { op: 'replace', path: '/metadata/resourceVersion', value: object.metadata.resourceVersion };
}

function controllerOf(object: KubeObject) {
  return object.metadata.ownerReferences?.find((o) => o.controller) ?? undefined;
}

/** Pod → its controlling workload (ReplicaSet → Deployment), for actions that change workloads. */
async function workloadOf(
  cluster: ActionCluster,
  requested: ActionTarget,
  allowed: readonly ObjectKind[],
): Promise<{ ref: ObjectRef; object: KubeObject }> {
  let ref = refOf(requested);
  let object = await cluster.read(ref);
  for (let hop = 0; hop < 3 && !allowed.includes(ref.kind); hop++) {
    const owner = controllerOf(object);
    if (!owner) {
      return refuse(
        'nothing_to_change',
        `${refText(ref)} has no controller; kopilot changes ${allowed.join(' or ')} objects, not bare pods`,
      );
    }
    ref = { kind: owner.kind as ObjectKind, namespace: ref.namespace, name: owner.name };
    object = await cluster.read(ref);
  }
  if (!allowed.includes(ref.kind)) {
    return refuse(
      'nothing_to_change',
      `${refText(ref)} cannot be changed this way; expected ${allowed.join(' or ')}`,
    );
  }
  return { ref, object };
}

const RESOURCE_FIELDS = [
  ['memory_limit', 'memory', 'limits'],
  ['memory_request', 'memory', 'requests'],
  ['cpu_limit', 'cpu', 'limits'],
  ['cpu_request', 'cpu', 'requests'],
] as const;

function human(resource: 'memory' | 'cpu', value: number | undefined): string {
  if (value === undefined) return 'none';
  return resource === 'memory' ? formatBytes(value) : formatCpu(value);
}

async function increaseResources(input: PlannerInput<'increase_resources'>): Promise<Draft> {
  const { ref, object } = await workloadOf(input.cluster, input.requested, [
    'Deployment',
    'StatefulSet',
    'DaemonSet',
  ]);
  const containers: KubeObject[] = object.spec?.template?.spec?.containers ?? [];
  const p = input.parameters;
  const index = p.container
    ? containers.findIndex((c) => c.name === p.container)
    : containers.length === 1
      ? 0
      : -1;
  if (index < 0 && !p.container) {
    return refuse(
      'invalid',
      `${refText(ref)} has containers ${containers.map((c) => c.name).join(', ')}; name one with the container parameter`,
    );
  }
  if (index < 0) {
    return refuse(
      'invalid',
      `${refText(ref)} has no container "${p.container}"; its containers are ${containers.map((c) => c.name).join(', ')}`,
    );
  }
  const container = containers[index] as KubeObject;
  const base = ['spec', 'template', 'spec', 'containers', index, 'resources'];
  const resources = (container.resources ?? {}) as {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
  };
  const next = { limits: { ...(resources.limits ?? {}) }, requests: { ...(resources.requests ?? {}) } };
  const changes: FieldChange[] = [];
  const bounded: BoundedChange[] = [];
  let up = false;
  for (const [param, resource, which] of RESOURCE_FIELDS) {
    const text = p[param];
    if (text === undefined) continue;
    const before = tryParseQuantity(resources[which]?.[resource]);
    const after = tryParseQuantity(text) as number;
    if (before === after) continue;
    next[which][resource] = text;
    const field = `${resource} ${which === 'limits' ? 'limit' : 'request'} (container ${container.name})`;
    changes.push({
      object: refText(ref),
      field,
      before: human(resource, before),
      after: human(resource, after),
    });
    if (before !== undefined) bounded.push({ field, unit: 'resource', before, after });
    if (before === undefined || after > before) up = true;
  }
  if (changes.length === 0) {
    return refuse(
      'nothing_to_change',
      `${refText(ref)} container ${container.name} already has those values`,
    );
  }
  for (const resource of ['memory', 'cpu'] as const) {
    const limit = tryParseQuantity(next.limits[resource]);
    const request = tryParseQuantity(next.requests[resource]);
    if (limit !== undefined && request !== undefined && request > limit) {
      return refuse(
        'invalid',
        `${resource} request ${human(resource, request)} would be above the ${resource} limit ${human(resource, limit)}; raise the limit too`,
      );
    }
  }
  const ops: JsonPatchOp[] = [pin(object)];
  if (container.resources === undefined) {
    ops.push({ op: 'add', path: pointer(base), value: prune(next) });
  } else {
    for (const which of ['limits', 'requests'] as const) {
      const changed = Object.keys(next[which]).filter((k) => next[which][k] !== resources[which]?.[k]);
      if (!changed.length) continue;
      if (resources[which] === undefined)
        ops.push({ op: 'add', path: pointer([...base, which]), value: next[which] });
      else
        for (const k of changed)
          ops.push({ op: 'add', path: pointer([...base, which, k]), value: next[which][k] });
    }
  }
  const revisionBefore = revisionOf(object);
  const inverseParameters: Record<string, unknown> = { container: container.name };
  for (const [param, resource, which] of RESOURCE_FIELDS) {
    if (p[param] !== undefined && resources[which]?.[resource])
      inverseParameters[param] = resources[which]?.[resource];
  }
  return {
    target: targetOf(ref),
    ref,
    object,
    steps: [
      { kind: 'patch', ref, ops, description: `patch ${refText(ref)} container ${container.name} resources` },
    ],
    changes,
    direction: up ? 'up' : 'down',
    verification: `rollout of ${refText(ref)} until every replica is updated and available`,
    bounded,
    capacity: {
      kind: 'resize',
      namespace: ref.namespace ?? '',
      workload: ref.name,
      workloadKind: ref.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet',
      container: String(container.name),
      ...Object.fromEntries(
        RESOURCE_FIELDS.filter(([param]) => p[param] !== undefined).map(([param]) => [param, p[param]]),
      ),
    },
    revisionBefore,
    inverse:
      ref.kind === 'Deployment' && revisionBefore
        ? { action: 'rollback_deployment', parameters: { revision: revisionBefore } }
        : { action: 'increase_resources', parameters: inverseParameters },
    warnings: [],
  };
}

function prune(resources: { limits: Record<string, string>; requests: Record<string, string> }) {
  const out: Record<string, Record<string, string>> = {};
  if (Object.keys(resources.limits).length) out.limits = resources.limits;
  if (Object.keys(resources.requests).length) out.requests = resources.requests;
  return out;
}

function revisionOf(object: KubeObject): number | undefined {
  const text = object.metadata.annotations?.[REVISION];
  return text ? Number(text) : undefined;
}

async function scaleWorkload(input: PlannerInput<'scale_workload'>): Promise<Draft> {
  const { ref, object } = await workloadOf(input.cluster, input.requested, ['Deployment', 'StatefulSet']);
  const before = Number(object.spec?.replicas ?? 1);
  const after = input.parameters.replicas;
  if (before === after) return refuse('nothing_to_change', `${refText(ref)} already has ${after} replicas`);
  const warnings: string[] = [];
  const hpas = ref.namespace ? await input.cluster.autoscalers(ref.namespace).catch(() => []) : [];
  const hpa = hpas.find(
    (h) => h.spec?.scaleTargetRef?.kind === ref.kind && h.spec?.scaleTargetRef?.name === ref.name,
  );
  if (hpa) {
    warnings.push(
      `HorizontalPodAutoscaler ${hpa.metadata.name} manages ${ref.name} (min ${hpa.spec?.minReplicas ?? 1}, max ${hpa.spec?.maxReplicas}); it may undo this — consider patch_hpa`,
    );
  }
  return {
    target: targetOf(ref),
    ref,
    object,
    steps: [
      {
        kind: 'patch',
        ref,
        ops: [pin(object), { op: 'add', path: '/spec/replicas', value: after }],
        description: `set ${refText(ref)} replicas to ${after}`,
      },
    ],
    changes: [{ object: refText(ref), field: 'replicas', before: String(before), after: String(after) }],
    direction: after > before ? 'up' : 'down',
    verification: `${refText(ref)} has ${after} available replicas`,
    bounded: [{ field: 'replicas', unit: 'replicas', before, after }],
    capacity:
      after > before
        ? {
            kind: 'scale',
            namespace: ref.namespace ?? '',
            workload: ref.name,
            workloadKind: ref.kind as 'Deployment' | 'StatefulSet',
            replicas: after,
          }
        : undefined,
    inverse: { action: 'scale_workload', parameters: { replicas: before } },
    warnings,
  };
}

async function restartWorkload(input: PlannerInput<'restart_workload'>): Promise<Draft> {
  const { ref, object } = await workloadOf(input.cluster, input.requested, [
    'Deployment',
    'StatefulSet',
    'DaemonSet',
  ]);
  const stamp = input.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const template = object.spec?.template ?? {};
  const before = template.metadata?.annotations?.[RESTARTED_AT];
  const ops: JsonPatchOp[] = [pin(object)];
  if (!template.metadata)
    ops.push({
      op: 'add',
      path: '/spec/template/metadata',
      value: { annotations: { [RESTARTED_AT]: stamp } },
    });
  else if (!template.metadata.annotations) {
    ops.push({ op: 'add', path: '/spec/template/metadata/annotations', value: { [RESTARTED_AT]: stamp } });
  } else
    ops.push({
      op: 'add',
      path: pointer(['spec', 'template', 'metadata', 'annotations', RESTARTED_AT]),
      value: stamp,
    });
  const replicas = Number(object.spec?.replicas ?? object.status?.desiredNumberScheduled ?? 1);
  return {
    target: targetOf(ref),
    ref,
    object,
    steps: [{ kind: 'patch', ref, ops, description: `rolling restart of ${refText(ref)}` }],
    changes: [
      {
        object: refText(ref),
        field: `pod template annotation ${RESTARTED_AT}`,
        before: before ?? 'none',
        after: stamp,
      },
      {
        object: refText(ref),
        field: 'pods replaced one by one',
        before: String(replicas),
        after: String(replicas),
      },
    ],
    verification: `rollout of ${refText(ref)} until every replica is restarted and available`,
    bounded: [],
    revisionBefore: revisionOf(object),
    inverse:
      ref.kind === 'Deployment' && revisionOf(object)
        ? { action: 'rollback_deployment', parameters: { revision: revisionOf(object) } }
        : undefined,
    warnings: [],
  };
}

async function restartPod(input: PlannerInput<'restart_pod'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const pod = await input.cluster.read(ref);
  const owner = controllerOf(pod);
  if (!owner || owner.kind === 'Node') {
    return refuse(
      'nothing_to_change',
      `${refText(ref)} has no controller: deleting it would not bring it back; restart its workload instead`,
    );
  }
  return {
    target: targetOf(ref),
    ref,
    object: pod,
    steps: [
      {
        kind: 'delete_pod',
        ref,
        uid: pod.metadata.uid ?? '',
        owner: { kind: owner.kind, name: owner.name },
        description: `delete ${refText(ref)}`,
      },
    ],
    changes: [
      {
        object: refText(ref),
        field: `pod (recreated by ${owner.kind} ${owner.name})`,
        before: String(pod.status?.phase ?? 'present'),
        after: 'deleted',
      },
    ],
    verification: `${owner.kind} ${owner.name} has replaced ${ref.name} with a ready pod`,
    bounded: [],
    warnings: [],
  };
}

async function rollbackDeployment(input: PlannerInput<'rollback_deployment'>): Promise<Draft> {
  const { ref, object } = await workloadOf(input.cluster, input.requested, ['Deployment']);
  const current = revisionOf(object);
  const labels = (object.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const owned = (await input.cluster.replicaSets(ref.namespace ?? '', selector || undefined)).filter(
    (rs) => controllerOf(rs)?.uid === object.metadata.uid || controllerOf(rs)?.name === ref.name,
  );
  const revisions = owned
    .map((rs) => ({ rs, revision: revisionOf(rs) ?? 0 }))
    .filter((r) => r.revision > 0)
    .sort((a, b) => b.revision - a.revision);
  const wanted =
    input.parameters.revision ??
    revisions.find((r) => current === undefined || r.revision < current)?.revision;
  const found = revisions.find((r) => r.revision === wanted);
  if (!found) {
    const known = revisions.map((r) => r.revision).join(', ') || 'none';
    return refuse(
      'nothing_to_change',
      wanted === undefined
        ? `${refText(ref)} has no earlier revision to roll back to (revisions: ${known})`
        : `${refText(ref)} has no revision ${wanted} (revisions: ${known})`,
    );
  }
  if (found.revision === current) {
    return refuse('nothing_to_change', `${refText(ref)} is already at revision ${current}`);
  }
  const template = structuredClone(found.rs.spec?.template ?? {}) as KubeObject;
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  const changes: FieldChange[] = [
    {
      object: refText(ref),
      field: 'revision',
      before: String(current ?? 'unknown'),
      after: String(found.revision),
    },
    ...templateDiff(refText(ref), object.spec?.template ?? {}, template),
  ];
  return {
    target: targetOf(ref),
    ref,
    object,
    steps: [
      {
        kind: 'patch',
        ref,
        ops: [pin(object), { op: 'replace', path: '/spec/template', value: template }],
        description: `roll ${refText(ref)} back to revision ${found.revision}`,
      },
    ],
    changes,
    verification: `rollout of ${refText(ref)} until every replica runs revision ${found.revision}'s template and is available`,
    bounded: [],
    revisionBefore: current,
    inverse: current ? { action: 'rollback_deployment', parameters: { revision: current } } : undefined,
    warnings: [],
  };
}

/** Image and resource differences between two pod templates, container by container. */
function templateDiff(object: string, before: KubeObject, after: KubeObject): FieldChange[] {
  const out: FieldChange[] = [];
  const beforeContainers: KubeObject[] = before.spec?.containers ?? [];
  for (const c of (after.spec?.containers ?? []) as KubeObject[]) {
    const old = beforeContainers.find((b) => b.name === c.name);
    if (old?.image !== c.image)
      out.push({
        object,
        field: `image (container ${c.name})`,
        before: old?.image ?? 'none',
        after: c.image,
      });
    for (const [, resource, which] of RESOURCE_FIELDS) {
      const a = tryParseQuantity(old?.resources?.[which]?.[resource]);
      const b = tryParseQuantity(c.resources?.[which]?.[resource]);
      if (a !== b) {
        out.push({
          object,
          field: `${resource} ${which === 'limits' ? 'limit' : 'request'} (container ${c.name})`,
          before: human(resource, a),
          after: human(resource, b),
        });
      }
    }
  }
  return out;
}

async function patchHpa(input: PlannerInput<'patch_hpa'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const hpa = await input.cluster.read(ref);
  const ops: JsonPatchOp[] = [pin(hpa)];
  const changes: FieldChange[] = [];
  const bounded: BoundedChange[] = [];
  const inverse: Record<string, unknown> = {};
  let up = false;
  const fields = [
    ['min_replicas', 'minReplicas', Number(hpa.spec?.minReplicas ?? 1)],
    ['max_replicas', 'maxReplicas', Number(hpa.spec?.maxReplicas ?? 1)],
  ] as const;
  const next = { minReplicas: fields[0][2], maxReplicas: fields[1][2] };
  for (const [param, field, before] of fields) {
    const after = input.parameters[param];
    if (after === undefined || after === before) continue;
    next[field] = after;
    ops.push({ op: 'add', path: `/spec/${field}`, value: after });
    changes.push({ object: refText(ref), field, before: String(before), after: String(after) });
    bounded.push({ field, unit: 'replicas', before, after });
    inverse[param] = before;
    if (after > before) up = true;
  }
  if (!changes.length) return refuse('nothing_to_change', `${refText(ref)} already has those bounds`);
  if (next.minReplicas > next.maxReplicas) {
    return refuse(
      'invalid',
      `minReplicas ${next.minReplicas} would be above maxReplicas ${next.maxReplicas}`,
    );
  }
  return {
    target: targetOf(ref),
    ref,
    object: hpa,
    steps: [{ kind: 'patch', ref, ops, description: `patch ${refText(ref)} replica bounds` }],
    changes,
    direction: up ? 'up' : 'down',
    verification: `${refText(ref)} reports the new bounds and its replicas within them`,
    bounded,
    inverse: { action: 'patch_hpa', parameters: inverse },
    warnings: [],
  };
}

async function setSchedulable(
  input: PlannerInput<'cordon_node' | 'uncordon_node'>,
  unschedulable: boolean,
): Promise<Draft> {
  const ref = refOf(input.requested);
  const node = await input.cluster.read(ref);
  const before = Boolean(node.spec?.unschedulable);
  if (before === unschedulable) {
    return refuse(
      'nothing_to_change',
      `node ${ref.name} is already ${unschedulable ? 'cordoned' : 'schedulable'}`,
    );
  }
  return {
    target: targetOf(ref),
    ref,
    object: node,
    steps: [
      {
        kind: 'patch',
        ref,
        ops: [pin(node), { op: 'add', path: '/spec/unschedulable', value: unschedulable }],
        description: `${unschedulable ? 'cordon' : 'uncordon'} node ${ref.name}`,
      },
    ],
    changes: [
      { object: refText(ref), field: 'unschedulable', before: String(before), after: String(unschedulable) },
    ],
    verification: `node ${ref.name} is ${unschedulable ? 'unschedulable' : 'schedulable'}`,
    bounded: [],
    inverse: { action: unschedulable ? 'uncordon_node' : 'cordon_node', parameters: {} },
    warnings: [],
  };
}

/** Pods a drain leaves alone: DaemonSet pods (recreated in place), mirror pods, finished pods. */
function drainSkips(pod: KubeObject): string | undefined {
  if (controllerOf(pod)?.kind === 'DaemonSet') return 'DaemonSet';
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) return 'mirror';
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 'finished';
  return undefined;
}

/** Evicting a pod loses its emptyDir data (kubectl drain asks for --delete-emptydir-data). */
function emptyDirWarning(pods: KubeObject[]): string[] {
  const names = pods
    .filter((p) => ((p.spec?.volumes ?? []) as KubeObject[]).some((v) => v.emptyDir !== undefined))
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  if (!names.length) return [];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return [`${names.length} evicted pod(s) use emptyDir volumes whose data is lost: ${shown}`];
}

async function drainNode(input: PlannerInput<'drain_node'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const node = await input.cluster.read(ref);
  const pods = await input.cluster.podsOnNode(ref.name);
  const evict = pods.filter((p) => !drainSkips(p));
  const kept = pods.length - evict.length;
  const bare = evict.filter((p) => !controllerOf(p));
  if (bare.length) {
    return refuse(
      'policy',
      `node ${ref.name} runs pods no controller would recreate (${bare.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}); move or delete them first`,
    );
  }
  const steps: PlannedStep[] = [];
  const cordoned = Boolean(node.spec?.unschedulable);
  if (!cordoned) {
    steps.push({
      kind: 'patch',
      ref,
      ops: [pin(node), { op: 'add', path: '/spec/unschedulable', value: true }],
      description: `cordon node ${ref.name}`,
    });
  }
  for (const pod of evict) {
    const podRef: ObjectRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
    steps.push({
      kind: 'evict_pod',
      ref: podRef,
      uid: pod.metadata.uid ?? '',
      gracePeriodSeconds: input.parameters.grace_period_seconds,
      description: `evict ${refText(podRef)}`,
    });
  }
  return {
    target: targetOf(ref),
    ref,
    object: node,
    steps,
    changes: [
      { object: refText(ref), field: 'unschedulable', before: String(cordoned), after: 'true' },
      {
        object: refText(ref),
        field: `pods on the node${kept ? ` (${kept} DaemonSet/mirror/finished pods stay)` : ''}`,
        before: String(pods.length),
        after: String(kept),
      },
    ],
    verification: `node ${ref.name} is unschedulable and its evicted pods are gone`,
    bounded: [],
    capacity: { kind: 'drain', node: ref.name, pods: evict },
    inverse: { action: 'uncordon_node', parameters: {} },
    warnings: emptyDirWarning(evict),
  };
}

async function removeTaint(input: PlannerInput<'remove_taint'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const node = await input.cluster.read(ref);
  const taints: KubeObject[] = node.spec?.taints ?? [];
  const { key, effect } = input.parameters;
  const removed = taints.filter((t) => t.key === key && (!effect || t.effect === effect));
  if (!removed.length) {
    const present = taints.map((t) => `${t.key}:${t.effect}`).join(', ') || 'none';
    return refuse(
      'nothing_to_change',
      `node ${ref.name} has no taint ${key}${effect ? `:${effect}` : ''} (taints: ${present})`,
    );
  }
  const kept = taints.filter((t) => !removed.includes(t));
  return {
    target: targetOf(ref),
    ref,
    object: node,
    steps: [
      {
        kind: 'patch',
        ref,
        ops: [pin(node), { op: 'replace', path: '/spec/taints', value: kept }],
        description: `remove taint ${key} from node ${ref.name}`,
      },
    ],
    changes: removed.map((t) => ({
      object: refText(ref),
      field: 'taint',
      before: `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`,
      after: 'removed',
    })),
    verification: `node ${ref.name} no longer has taint ${key}`,
    bounded: [],
    warnings: [],
  };
}

async function expandPvc(input: PlannerInput<'expand_pvc'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const pvc = await input.cluster.read(ref);
  const beforeText = pvc.spec?.resources?.requests?.storage as string | undefined;
  const before = tryParseQuantity(beforeText);
  const after = tryParseQuantity(input.parameters.size) as number;
  if (before !== undefined && after <= before) {
    return refuse(
      'invalid',
      `${refText(ref)} already requests ${formatBytes(before)}; a volume can only grow (asked for ${formatBytes(after)})`,
    );
  }
  return {
    target: targetOf(ref),
    ref,
    object: pvc,
    steps: [
      {
        kind: 'patch',
        ref,
        ops: [
          pin(pvc),
          { op: 'add', path: '/spec/resources/requests/storage', value: input.parameters.size },
        ],
        description: `grow ${refText(ref)} to ${input.parameters.size}`,
      },
    ],
    changes: [
      {
        object: refText(ref),
        field: 'storage request',
        before: before === undefined ? 'none' : formatBytes(before),
        after: formatBytes(after),
      },
    ],
    direction: 'up',
    verification: `${refText(ref)} requests ${input.parameters.size} (capacity follows when the volume is resized)`,
    bounded: before === undefined ? [] : [{ field: 'storage request', unit: 'resource', before, after }],
    warnings: [],
  };
}

async function relaxPdb(input: PlannerInput<'relax_pdb'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const pdb = await input.cluster.read(ref);
  const spec = (pdb.spec ?? {}) as { minAvailable?: number | string; maxUnavailable?: number | string };
  const { min_available: minAvailable, max_unavailable: maxUnavailable } = input.parameters;
  const ops: JsonPatchOp[] = [pin(pdb)];
  const changes: FieldChange[] = [];
  const show = (v: unknown) => (v === undefined ? 'none' : String(v));
  if (minAvailable !== undefined) {
    if (
      typeof minAvailable === typeof spec.minAvailable &&
      Number.parseInt(String(minAvailable)) >= Number.parseInt(String(spec.minAvailable))
    ) {
      return refuse(
        'invalid',
        `minAvailable ${minAvailable} does not relax ${refText(ref)} (today ${spec.minAvailable})`,
      );
    }
    if (spec.maxUnavailable !== undefined) ops.push({ op: 'remove', path: '/spec/maxUnavailable' });
    ops.push({ op: 'add', path: '/spec/minAvailable', value: minAvailable });
    changes.push({
      object: refText(ref),
      field: 'minAvailable',
      before: show(spec.minAvailable),
      after: show(minAvailable),
    });
    if (spec.maxUnavailable !== undefined)
      changes.push({
        object: refText(ref),
        field: 'maxUnavailable',
        before: show(spec.maxUnavailable),
        after: 'none',
      });
  } else if (maxUnavailable !== undefined) {
    if (
      typeof maxUnavailable === typeof spec.maxUnavailable &&
      Number.parseInt(String(maxUnavailable)) <= Number.parseInt(String(spec.maxUnavailable))
    ) {
      return refuse(
        'invalid',
        `maxUnavailable ${maxUnavailable} does not relax ${refText(ref)} (today ${spec.maxUnavailable})`,
      );
    }
    if (spec.minAvailable !== undefined) ops.push({ op: 'remove', path: '/spec/minAvailable' });
    ops.push({ op: 'add', path: '/spec/maxUnavailable', value: maxUnavailable });
    changes.push({
      object: refText(ref),
      field: 'maxUnavailable',
      before: show(spec.maxUnavailable),
      after: show(maxUnavailable),
    });
    if (spec.minAvailable !== undefined)
      changes.push({
        object: refText(ref),
        field: 'minAvailable',
        before: show(spec.minAvailable),
        after: 'none',
      });
  }
  const inverse =
    spec.minAvailable !== undefined
      ? { min_available: spec.minAvailable }
      : spec.maxUnavailable !== undefined
        ? { max_unavailable: spec.maxUnavailable }
        : undefined;
  return {
    target: targetOf(ref),
    ref,
    object: pdb,
    steps: [{ kind: 'patch', ref, ops, description: `relax ${refText(ref)}` }],
    changes,
    verification: `${refText(ref)} allows at least one disruption`,
    bounded: [],
    inverse: inverse ? { action: 'relax_pdb', parameters: inverse } : undefined,
    warnings: [],
  };
}

/** Labels that identify one alert instance; AlertManager-added and volatile ones are left out. */
function silenceMatchers(alert: Alert) {
  return Object.entries(alert.labels)
    .filter(([name]) => !['severity', 'prometheus', 'receive_resource'].includes(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

async function silenceAlert(input: PlannerInput<'silence_alert'>): Promise<Draft> {
  const alert = input.alert;
  if (!alert) return refuse('invalid', 'silence_alert needs the alert under triage; none was given');
  const ms = durationMs(input.parameters.duration) as number;
  const matchers = silenceMatchers(alert);
  const labelText = matchers.map((m) => `${m.name}="${m.value}"`).join(', ');
  const comment = `${input.parameters.comment ?? 'silenced from kopilot triage'} (kopilot, alert ${alert.fingerprint})`;
  return {
    target: { kind: 'Alert', name: alert.name },
    steps: [
      {
        kind: 'silence',
        matchers,
        durationMs: ms,
        comment,
        description: `silence ${alert.name} for ${input.parameters.duration}`,
      },
    ],
    changes: [
      {
        object: `Alert ${alert.name}`,
        field: `AlertManager silence {${labelText}}`,
        before: 'none',
        after: `for ${input.parameters.duration}`,
      },
    ],
    verification: `the silence is active in AlertManager`,
    bounded: [],
    warnings: [],
  };
}

async function collectDiagnostics(input: PlannerInput<'collect_diagnostics'>): Promise<Draft> {
  const ref = refOf(input.requested);
  const object = await input.cluster.read(ref);
  const stamp = input.now.toISOString().replace(/[:.]/g, '-');
  const folder = join(
    input.diagnosticsDir ??
      join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'kopilot', 'diagnostics'),
    `${ref.kind.toLowerCase()}-${ref.namespace ? `${ref.namespace}-` : ''}${ref.name}-${stamp}`,
  );
  return {
    target: targetOf(ref),
    ref,
    object,
    steps: [
      {
        kind: 'collect',
        ref,
        tailLines: input.parameters.tail_lines,
        folder,
        description: `save diagnostics of ${refText(ref)} to ${folder}`,
      },
    ],
    changes: [{ object: 'this machine', field: 'diagnostics folder', before: 'none', after: folder }],
    verification: 'the bundle files exist',
    bounded: [],
    warnings: [],
  };
}

async function escalate(input: PlannerInput<'escalate'>): Promise<Draft> {
  const summary = input.parameters.summary ?? `look at ${input.requested.kind} ${input.requested.name}`;
  return {
    target: input.requested,
    steps: [{ kind: 'note', summary, description: 'hand over to a human; nothing is changed' }],
    changes: [],
    verification: 'nothing to verify',
    bounded: [],
    warnings: [],
  };
}

type Planner = (input: PlannerInput) => Promise<Draft>;

const PLANNERS: Record<ActionType, Planner> = {
  increase_resources: increaseResources as Planner,
  scale_workload: scaleWorkload as Planner,
  restart_workload: restartWorkload as Planner,
  restart_pod: restartPod as Planner,
  rollback_deployment: rollbackDeployment as Planner,
  patch_hpa: patchHpa as Planner,
  cordon_node: ((i: PlannerInput<'cordon_node'>) => setSchedulable(i, true)) as Planner,
  uncordon_node: ((i: PlannerInput<'uncordon_node'>) => setSchedulable(i, false)) as Planner,
  drain_node: drainNode as Planner,
  remove_taint: removeTaint as Planner,
  expand_pvc: expandPvc as Planner,
  relax_pdb: relaxPdb as Planner,
  silence_alert: silenceAlert as Planner,
  collect_diagnostics: collectDiagnostics as Planner,
  escalate: escalate as Planner,
};

/** Builds the draft for one action; refusals (nothing to change, missing object…) come back as values. */
export async function draftAction(input: PlannerInput): Promise<DraftResult> {
  try {
    return { ok: true, draft: await PLANNERS[input.action](input) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}
