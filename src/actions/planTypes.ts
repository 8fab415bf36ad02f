// What a plan is: the exact writes an approved action will send, the before→after of each field, and the checks.
import type { Recommendation } from '../proposal/recommendation.js';
import type { ActionParameters, ActionTarget, ActionType, RiskLevel } from './catalogue.js';
import type { JsonPatchOp, ObjectRef } from './kube.js';

/** One changed field for the diff: `memory limit (webapp)  8Gi → 12Gi`. */
export interface FieldChange {
  /** `Deployment production/webapp`. */
  object: string;
  /** The field in the engineer's words: `replicas`, `memory limit (container webapp)`. */
  field: string;
  before: string;
  after: string;
}

/** One request the plan sends, in order; each is dry-run before approval and again right before it runs. */
export type PlannedStep =
  | {
      kind: 'patch';
      ref: ObjectRef;
      /** JSON Patch; the first op pins metadata.resourceVersion, so a changed object is a 409. */
      ops: JsonPatchOp[];
      description: string;
    }
  | {
      kind: 'delete_pod';
      ref: ObjectRef;
      uid: string;
      /** The controller that recreates the pod, whose readiness verification waits for. */
      owner?: { kind: string; name: string };
      description: string;
    }
  | { kind: 'evict_pod'; ref: ObjectRef; uid: string; gracePeriodSeconds?: number; description: string }
  | {
      kind: 'silence';
      matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
      durationMs: number;
      comment: string;
      description: string;
    }
  | { kind: 'collect'; ref: ObjectRef; tailLines: number; folder: string; description: string }
  | { kind: 'note'; summary: string; description: string };

export type FindingLevel = 'ok' | 'warning' | 'confirm' | 'refuse';

export interface PolicyFinding {
  check:
    | 'protected_namespace'
    | 'bounds'
    | 'related'
    | 'cooldown'
    | 'oscillation'
    | 'capacity'
    | 'dry_run'
    | 'shrink'
    | 'advice';
  level: FindingLevel;
  message: string;
  /**
   * A refusal a human may override at the approval step: a target unrelated to the alert, or nodes short of room
   * (more nodes would do). Never a quota, an HPA bound or anything the API server itself would refuse.
   */
  overridable?: boolean;
  /** A refusal the human overrode: kept on the plan (and in the audit log) as a warning. */
  overridden?: boolean;
  /** The check could not be made (e.g. nodes not readable): neither ok nor refused, and never shown as ok. */
  unknown?: boolean;
}

/** The refusals a human may override at the approval step, by typing the target's name. */
export interface PlanOverrides {
  /** The target is neither the alert's object nor related to it. */
  unrelatedTarget?: boolean;
  /** The nodes lack the room the change asks for. */
  capacity?: boolean;
}

export interface Plan {
  id: string;
  createdAt: string;
  action: ActionType;
  parameters: ActionParameters[ActionType];
  /** What the recommendation named (e.g. the Pod) … */
  requested: ActionTarget;
  /** … and what the plan changes (e.g. the Deployment owning it). */
  target: ActionTarget;
  /** resourceVersion of the target when planned; execution refuses to run against a newer one. */
  resourceVersion?: string;
  /** One line: `increase_resources on Deployment production/webapp: memory limit 8Gi → 12Gi`. */
  summary: string;
  risk: RiskLevel;
  destructive: boolean;
  steps: PlannedStep[];
  changes: FieldChange[];
  /** Whether the change adds (up) or removes (down) capacity, for oscillation warnings. */
  direction?: 'up' | 'down';
  findings: PolicyFinding[];
  /** Set when the target is in a protected namespace: the human must type this phrase to approve. */
  confirmation?: { phrase: string; reason: string };
  /** The kubeconfig context whose credentials will execute it. */
  context: { name: string; kubeUser: string; server: string };
  /** What verification will wait for after the writes. */
  verification: string;
  revert: string;
  /** Deployment revision before the change, for the inverse plan (rollback). */
  revisionBefore?: number;
  /** The inverse action, offered if verification fails. */
  inverse?: Recommendation;
  /** Set on an inverse plan: the plan it undoes. */
  inverseOf?: string;
  /** Digest of the target's spec, labels and annotations when planned: a different one means it changed. */
  specDigest?: string;
  /** The recommendation the plan was built from, to rebuild it when the object changed. */
  recommendation: Recommendation;
}

export type RefusalReason =
  | 'invalid'
  | 'not_found'
  | 'nothing_to_change'
  | 'policy'
  | 'capacity'
  | 'dry_run_failed'
  | 'forbidden'
  | 'cluster_error';

export type PlanResult =
  | { ok: true; plan: Plan }
  | {
      ok: false;
      reason: RefusalReason;
      /** One line for the engineer, with the server's own words when the server refused. */
      message: string;
      findings: PolicyFinding[];
      /** The plan as far as it was built, so the diff can still be shown next to the refusal. */
      plan?: Plan;
      status?: number;
    };

/** The human's answer to a plan; only an `approved` one lets executePlan send anything. */
export interface Decision {
  planId: string;
  outcome: 'approved' | 'rejected' | 'edited';
  by: { osUser: string; kubeUser: string };
  at: string;
  /** The phrase typed for a protected namespace. */
  confirmation?: string;
  /** The human overrode the "target not related to the alert" refusal. */
  overrideUnrelated?: boolean;
  /** The human changed the recommended parameters before approving (the plan was rebuilt from the edit). */
  edited?: boolean;
}

export interface Approval extends Decision {
  outcome: 'approved';
}
