// Guardrails on a plan: protected namespaces, change-size bounds, cooldown and oscillation from the audit log.
import type { AuditRecord } from '../audit/auditLog.js';
import { DEFAULT_PROTECTED_NAMESPACES } from '../config/settings.js';
import type { ActionTarget } from './actionTarget.js';
import type { BoundedChange } from './draft.js';
import type { PlannedStep, PlanOverrides, PolicyFinding } from './planTypes.js';

export interface ActionPolicy {
  /** Namespaces (globs like `*-system`) where a change needs the human to type a confirmation. */
  protectedNamespaces: string[];
  /** Replicas may grow to at most ×factor or +increase, whichever is more (and shrink symmetrically). */
  maxReplicaFactor: number;
  maxReplicaIncrease: number;
  /** Requests, limits and volume sizes may change by at most this factor either way. */
  maxResourceFactor: number;
  /** A second action on the same target within this window gets a cooldown warning. */
  cooldownMs: number;
  /** Opposite-direction actions on the same target within this window are an oscillation. */
  oscillationWindowMs: number;
}

export const DEFAULT_POLICY: ActionPolicy = {
  protectedNamespaces: DEFAULT_PROTECTED_NAMESPACES,
  maxReplicaFactor: 2,
  maxReplicaIncrease: 5,
  maxResourceFactor: 2,
  cooldownMs: 30 * 60_000,
  oscillationWindowMs: 2 * 60 * 60_000,
};

export function isProtectedNamespace(namespace: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (!pattern.includes('*')) return pattern === namespace;
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
    return regex.test(namespace);
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The namespaces a plan writes to (the target's, and each evicted or deleted pod's). */
export function namespacesTouched(target: ActionTarget, steps: PlannedStep[]): string[] {
  const out = new Set<string>();
  if (target.namespace) out.add(target.namespace);
  for (const step of steps) {
    if ('ref' in step && step.ref.namespace && step.kind !== 'collect') out.add(step.ref.namespace);
  }
  return [...out];
}

/** The typed-confirmation phrase for a target: `namespace/name`, or the node's name. */
export function confirmationPhrase(target: ActionTarget): string {
  return target.namespace ? `${target.namespace}/${target.name}` : target.name;
}

/** Typed confirmation for protected namespaces: the phrase is the target as `namespace/name` (or the node). */
export function protectedNamespaceCheck(
  target: ActionTarget,
  steps: PlannedStep[],
  policy: ActionPolicy,
): { finding: PolicyFinding; confirmation?: { phrase: string; reason: string } } {
  const hit = namespacesTouched(target, steps).filter((ns) =>
    isProtectedNamespace(ns, policy.protectedNamespaces),
  );
  if (!hit.length) {
    return {
      finding: { check: 'protected_namespace', level: 'ok', message: 'no protected namespace touched' },
    };
  }
  const phrase = confirmationPhrase(target);
  const reason = `changes protected namespace ${hit.join(', ')}: type "${phrase}" to approve`;
  return {
    finding: { check: 'protected_namespace', level: 'confirm', message: reason },
    confirmation: { phrase, reason },
  };
}

/** The largest (and smallest) value a bounded field may move to under the policy. */
export function allowedRange(change: BoundedChange, policy: ActionPolicy): { min: number; max: number } {
  if (change.unit === 'replicas') {
    const max = Math.max(change.before * policy.maxReplicaFactor, change.before + policy.maxReplicaIncrease);
    const min = Math.max(
      0,
      Math.min(Math.ceil(change.before / policy.maxReplicaFactor), change.before - policy.maxReplicaIncrease),
    );
    return { min, max };
  }
  return { min: change.before / policy.maxResourceFactor, max: change.before * policy.maxResourceFactor };
}

export function boundsCheck(
  changes: BoundedChange[],
  policy: ActionPolicy,
  show: (c: BoundedChange, v: number) => string,
): PolicyFinding {
  for (const change of changes) {
    const { min, max } = allowedRange(change, policy);
    if (change.after > max || change.after < min) {
      const rule =
        change.unit === 'replicas'
          ? `at most ×${policy.maxReplicaFactor} or ±${policy.maxReplicaIncrease} replicas`
          : `at most ×${policy.maxResourceFactor} either way`;
      const limit = change.after > max ? `at most ${show(change, max)}` : `at least ${show(change, min)}`;
      return {
        check: 'bounds',
        level: 'refuse',
        message: `${change.field} ${show(change, change.before)} → ${show(change, change.after)} is beyond the policy bound (${rule}); ask for ${limit}`,
      };
    }
  }
  return { check: 'bounds', level: 'ok', message: 'change within policy bounds' };
}

export function targetKey(target: ActionTarget): string {
  return `${target.kind}/${target.namespace ?? ''}/${target.name}`;
}

function minutesAgo(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
}

/** The cluster a plan runs against: its API server, and the kubeconfig context that reached it. */
export interface ClusterIdentity {
  context: string;
  server: string;
}

/** Same cluster: by API server where the record has one, else (older records) by context name. */
function sameCluster(record: AuditRecord, cluster: ClusterIdentity | undefined): boolean {
  if (!cluster) return true;
  if (typeof record.cluster === 'string') return record.cluster === cluster.server;
  return record.context === undefined || record.context === cluster.context;
}

/** Cooldown and oscillation warnings from earlier actions on the same target in the same cluster, from the audit log. */
export function historyChecks(
  target: ActionTarget,
  direction: 'up' | 'down' | undefined,
  records: AuditRecord[],
  now: Date,
  policy: ActionPolicy,
  cluster?: ClusterIdentity,
): PolicyFinding[] {
  const key = targetKey(target);
  const past = records.filter(
    (r) =>
      r.kind === 'action_result' &&
      r.ok === true &&
      r.targetKey === key &&
      sameCluster(r, cluster) &&
      Date.parse(r.time) <= now.getTime(),
  );
  const findings: PolicyFinding[] = [];
  const recent = past.filter((r) => now.getTime() - Date.parse(r.time) < policy.cooldownMs).at(-1);
  if (recent) {
    findings.push({
      check: 'cooldown',
      level: 'warning',
      message: `${target.kind} ${target.name} had ${String(recent.action)} ${minutesAgo(now.getTime() - Date.parse(recent.time))} (audit ${recent.id}); its effect may not have settled yet`,
    });
  } else {
    findings.push({
      check: 'cooldown',
      level: 'ok',
      message: 'no action on this target in the cooldown window',
    });
  }
  if (direction) {
    const window = past.filter(
      (r) => now.getTime() - Date.parse(r.time) < policy.oscillationWindowMs && r.direction,
    );
    const last = window.at(-1);
    if (last && last.direction !== direction) {
      const flips = window.filter((r, i) => i > 0 && r.direction !== window[i - 1]?.direction).length + 1;
      findings.push({
        check: 'oscillation',
        level: 'warning',
        message: `oscillation: ${target.name} went ${String(last.direction)} with ${String(last.action)} ${minutesAgo(now.getTime() - Date.parse(last.time))} and this plan goes ${direction} (${flips} reversal${flips > 1 ? 's' : ''}); look for the cause instead`,
      });
    }
  }
  return findings;
}

const OVERRIDE_FOR_CHECK: Partial<Record<PolicyFinding['check'], keyof PlanOverrides>> = {
  related: 'unrelatedTarget',
  capacity: 'capacity',
};

/** The override that would lift this plan's refusal, when its one refusal is one a human may override. */
export function overrideFor(findings: PolicyFinding[]): keyof PlanOverrides | undefined {
  const refusals = findings.filter((f) => f.level === 'refuse');
  const only = refusals.length === 1 ? refusals[0] : undefined;
  return only?.overridable ? OVERRIDE_FOR_CHECK[only.check] : undefined;
}
