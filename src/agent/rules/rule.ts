// What a runbook rule is: the facts it reads, the action it proposes with its sizing, and the facts it found.
import type { Alert } from '../../alerts/alert.js';
import { DEFAULT_POLICY } from '../../actions/policy.js';
import type { ResolvedTarget } from '../playbooks.js';
import type { Recommendation } from '../../proposal/recommendation.js';
import type { IncidentFacts } from './facts.js';

export interface RuleInput {
  facts: IncidentFacts;
  alert: Alert;
  target: ResolvedTarget;
}

/** A rule's answer: the recommendation and the facts it rests on (the card's "Why" and evidence lines). */
export interface RuleAnswer {
  recommendation: Recommendation;
  found: string[];
}

export interface RunbookRule {
  name: string;
  /** What the rule checks, in the on-call engineer's words. */
  when: string;
  /** The evidence it reads, by tool. */
  needs: string[];
  recommend(input: RuleInput): RuleAnswer | undefined;
}

/** The policy's bound on one change of a request/limit (×2 by default); a rule never sizes beyond it. */
export const RESOURCE_FACTOR = DEFAULT_POLICY.maxResourceFactor;

/** Most replicas one change may reach from `current` (×2 or +5, whichever is more). */
export function maxReplicasFrom(current: number): number {
  return Math.max(current * DEFAULT_POLICY.maxReplicaFactor, current + DEFAULT_POLICY.maxReplicaIncrease);
}

/** The workload that owns the alert's pod: its owner from pod status, else the alert's workload. */
export function workloadOf(
  facts: IncidentFacts,
  target: ResolvedTarget,
): { kind: string; name: string } | undefined {
  const owner = facts.pod?.owner;
  if (owner && owner.kind !== 'ReplicaSet' && owner.kind !== 'Node') return owner;
  if (facts.workload?.kind && facts.workload.name)
    return { kind: facts.workload.kind, name: facts.workload.name };
  if (target.workload) return { kind: target.workloadKind ?? 'Deployment', name: target.workload };
  return undefined;
}

export const pct = (value: number | undefined) => (value === undefined ? '?' : `${Math.round(value)}%`);

/** Statuses of pods that fail on their own (not waiting for a node). */
export const FAILING =
  /CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|CreateContainerConfigError|Error/;

/** Pod statuses of the workload, from pods_by_status, list_pods and the alert's pod. */
export function podStatuses(facts: IncidentFacts): string[] {
  const statuses = Object.keys(facts.workload?.pods_by_status ?? {});
  for (const pod of facts.pods?.pods ?? []) statuses.push(pod.status);
  if (facts.pod) statuses.push(facts.pod.status, ...facts.pod.containers.map((c) => c.state));
  return statuses;
}

export function recommendation(
  partial: Omit<Recommendation, 'alternatives' | 'parameters'> &
    Partial<Pick<Recommendation, 'alternatives' | 'parameters'>>,
): Recommendation {
  return { parameters: {}, alternatives: [], ...partial };
}
