// The pieces of a plan every action builds: the writes it sends, the fields it changes, the checks' findings.
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

export type RefusalReason =
  | 'invalid'
  | 'not_found'
  | 'nothing_to_change'
  | 'policy'
  | 'capacity'
  | 'dry_run_failed'
  | 'forbidden'
  | 'cluster_error';
