// What one action is: the fields every file under catalogue/ fills in, from its words for the model to its kubectl.
import type { z } from 'zod';
import type { AlertmanagerClient } from '../alerts/alertmanagerClient.js';
import type { ActionTarget, ActionTargetKind } from './actionTarget.js';
import type { Draft, PlannerInput } from './draft.js';
import type { ActionCluster, ObjectRef } from './kube.js';
import type { FieldChange, PlannedStep } from './planSteps.js';

export type RiskLevel = 'low' | 'medium' | 'high';

export {
  ACTION_TARGET_KINDS,
  WORKLOAD_KINDS,
  type ActionTarget,
  type ActionTargetKind,
} from './actionTarget.js';

/** What verification and the kubectl text see of a plan: its target, parameters and the writes it sends. */
export interface PlannedAction<P = unknown> {
  target: ActionTarget;
  parameters: P;
  steps: PlannedStep[];
  changes: FieldChange[];
}

/** Facts the executor learned while applying, which verification needs. */
export interface AppliedFacts {
  /** Pod uids that were deleted or evicted. */
  removedPods: Array<{ ref: ObjectRef; uid: string }>;
  silenceId?: string;
  bundleDir?: string;
}

export interface VerifyContext {
  cluster: ActionCluster;
  alertmanager?: AlertmanagerClient;
  facts: AppliedFacts;
}

/** One look after the writes: done (verified), failed for good, or still in progress with what it waits for. */
export type Look = { state: 'done' | 'failed' | 'waiting'; message: string };

export interface ActionDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  /** One line for the model and the recommendation card. */
  summary: string;
  parameters: S;
  /** A valid parameters object, shown to the model. */
  example: Record<string, unknown>;
  risk: RiskLevel;
  /** Removes or interrupts something running (pods restarted or evicted, alerts hidden). */
  destructive: boolean;
  targetKinds: readonly ActionTargetKind[];
  /** Whether it writes to the cluster (silences write to AlertManager, diagnostics to local disk). */
  writes: 'cluster' | 'alertmanager' | 'local' | 'nothing';
  /** Adds load the cluster must have room for: capacity is checked before approval. */
  addsLoad: boolean;
  changes: string;
  /** How to undo it, in words; the planner computes the inverse action itself (Draft.inverse). */
  revert: string;
  /** Reads the target and turns the parameters into exact writes; refuses with `refuse()`. */
  plan(input: PlannerInput<z.output<S>>): Promise<Draft>;
  /** One look at whether the applied change took effect. */
  verify(plan: PlannedAction<z.output<S>>, context: VerifyContext): Promise<Look>;
  /** The command(s) an engineer could paste to make the same change by hand; empty when none applies. */
  kubectl(plan: PlannedAction<z.output<S>>): string[];
}

/** Keeps the literal type and infers the parameters for the planner, verification and kubectl text. */
export function defineAction<const T extends string, S extends z.ZodType>(
  definition: ActionDefinition<T, S>,
): ActionDefinition<T, S> {
  return definition;
}
