// What a plan is: the exact writes an approved action will send, the before→after of each field, and the checks.
import type { Recommendation } from '../proposal/recommendation.js';
import type { RiskLevel } from './actionDefinition.js';
import type { ActionTarget } from './actionTarget.js';
import type { ActionParameters, ActionType } from './catalogue/index.js';
import type { FieldChange, PlannedStep, PolicyFinding, RefusalReason } from './planSteps.js';

export type {
  FieldChange,
  FindingLevel,
  PlannedStep,
  PlanOverrides,
  PolicyFinding,
  RefusalReason,
} from './planSteps.js';

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
  /** The same change as kubectl (or amtool) command lines an engineer could paste; empty when none applies. */
  kubectl: string[];
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
