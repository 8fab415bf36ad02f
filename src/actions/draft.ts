// What every planner shares: the input it reads, the draft it returns, refusals as values, and finding the workload.
import type { Alert } from '../alerts/alert.js';
import { formatBytes, formatCpu } from '../cluster/quantity.js';
import type { ActionTarget } from './actionTarget.js';
import {
  type ActionCluster,
  type JsonPatchOp,
  type KubeObject,
  type ObjectKind,
  type ObjectRef,
  refText,
} from './kube.js';
import type { FieldChange, PlannedStep, RefusalReason } from './planSteps.js';

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
  /** The inverse action's parameters (its target is the plan's target); it is validated when planned. */
  inverse?: { action: string; parameters: Record<string, unknown> };
  warnings: string[];
}

export type DraftResult = { ok: true; draft: Draft } | { ok: false; reason: RefusalReason; message: string };

export interface PlannerInput<P = unknown> {
  parameters: P;
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

/** Stops a planner with a refusal the engineer reads (nothing to change, a missing container…). */
export const refuse = (reason: RefusalReason, message: string): never => {
  throw new Refusal(reason, message);
};

/** Runs one planner; its refusals come back as values, cluster errors are thrown. */
export async function runPlanner<P>(
  plan: (input: PlannerInput<P>) => Promise<Draft>,
  input: PlannerInput<P>,
): Promise<DraftResult> {
  try {
    return { ok: true, draft: await plan(input) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

export function refOf(target: ActionTarget): ObjectRef {
  return { kind: target.kind as ObjectKind, namespace: target.namespace, name: target.name };
}

export function targetOf(ref: ObjectRef): ActionTarget {
  return { kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
}

/** Pins the resourceVersion the plan was built on: the server answers 409 if the object changed since. */
export function pin(object: KubeObject): JsonPatchOp {
  return { op: 'replace', path: '/metadata/resourceVersion', value: object.metadata.resourceVersion };
}

export function controllerOf(object: KubeObject) {
  return object.metadata.ownerReferences?.find((o) => o.controller) ?? undefined;
}

export function revisionOf(object: KubeObject): number | undefined {
  const text = object.metadata.annotations?.[REVISION];
  return text ? Number(text) : undefined;
}

/** Pod → its controlling workload (ReplicaSet → Deployment), for actions that change workloads. */
export async function workloadOf(
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

/** The container resource fields: parameter name, resource, and where it sits in `resources`. */
export const RESOURCE_FIELDS = [
  ['memory_limit', 'memory', 'limits'],
  ['memory_request', 'memory', 'requests'],
  ['cpu_limit', 'cpu', 'limits'],
  ['cpu_request', 'cpu', 'requests'],
] as const;

export function showResource(resource: 'memory' | 'cpu', value: number | undefined): string {
  if (value === undefined) return 'none';
  return resource === 'memory' ? formatBytes(value) : formatCpu(value);
}
