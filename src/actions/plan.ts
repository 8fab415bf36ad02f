// planAction: a recommendation becomes an exact, dry-run, policy-checked plan for the human to approve — or a refusal.
import { createHash, randomUUID } from 'node:crypto';
import type { Alert } from '../alerts/alert.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { Recommendation } from '../proposal/recommendation.js';
import { formatBytes, formatCpu } from '../cluster/quantity.js';
import type { ActionTarget } from './actionTarget.js';
import { checkCapacity } from './capacity.js';
import { definitionOf } from './catalogue/index.js';
import { type BoundedChange, runPlanner } from './draft.js';
import { type ActionCluster, type KubeObject, KubeFailure, refText, toKubeFailure } from './kube.js';
import type {
  Plan,
  PlannedStep,
  PlanOverrides,
  PlanResult,
  PolicyFinding,
  RefusalReason,
} from './planTypes.js';
import {
  type ActionPolicy,
  DEFAULT_POLICY,
  boundsCheck,
  historyChecks,
  protectedNamespaceCheck,
  targetKey,
} from './policy.js';
import { relatedObjects, relatednessCheck } from './related.js';
import { alertNamesObject } from '../alerts/alert.js';
import { shrinkCheck } from './shrink.js';
import { validateRecommendation } from './validateRecommendation.js';

export interface PlanContext {
  /** The connection whose credentials will execute the plan (its context is shown to the human). */
  cluster: ActionCluster;
  /** The alert under triage: the target must be its object or related to it. */
  alert?: Alert;
  policy?: Partial<ActionPolicy>;
  /** Read for cooldown and oscillation; the plan (or refusal) is recorded in it. */
  auditLog?: AuditLog;
  overrides?: PlanOverrides;
  now?: () => Date;
  diagnosticsDir?: string;
  /** Set when building the inverse of an executed plan: its bounds, relatedness and cooldown do not apply. */
  inverseOf?: string;
}

function showBound(change: BoundedChange, value: number): string {
  if (change.unit === 'replicas') return String(Math.round(value));
  return /cpu/.test(change.field) ? formatCpu(value) : formatBytes(value);
}

/** Which server refusal a failed dry run was, in the engineer's words. */
export function describeServerRefusal(
  step: PlannedStep,
  failure: KubeFailure,
  cluster: ActionCluster,
): string {
  const head = `${failure.status} ${failure.reason}`;
  if (failure.status === 429 && step.kind === 'evict_pod') {
    return `eviction of ${refText(step.ref)} is blocked by a PodDisruptionBudget (${head}): ${failure.message}; relax the PDB (relax_pdb) or wait for more replicas to be ready`;
  }
  if (failure.status === 403 && !/quota/i.test(failure.message)) {
    return `kube user "${cluster.kubeUser}" of context ${cluster.contextName} may not ${step.description} (${head}): ${failure.message}`;
  }
  if (failure.status === 403)
    return `the API server refused ${step.description} (${head}, resource quota): ${failure.message}`;
  return `the API server refused ${step.description} (${head}): ${failure.message}`;
}

/** Sends one step as a dry run (dryRun=All): admission, quota, PDBs and validation answer without persisting. */
export async function dryRunStep(cluster: ActionCluster, step: PlannedStep): Promise<void> {
  switch (step.kind) {
    case 'patch':
      await cluster.patch(step.ref, step.ops, true);
      return;
    case 'delete_pod':
      await cluster.deletePod(step.ref.namespace ?? '', step.ref.name, step.uid, true);
      return;
    case 'evict_pod':
      await cluster.evictPod(step.ref.namespace ?? '', step.ref.name, step.gracePeriodSeconds, true);
      return;
    case 'silence':
    case 'collect':
    case 'note':
      return;
  }
}

function inverseRecommendation(
  plan: Pick<Plan, 'id' | 'target'>,
  inverse: { action: string; parameters: Record<string, unknown> },
): Recommendation {
  return {
    action: inverse.action,
    target: {
      kind: plan.target.kind,
      name: plan.target.name,
      ...(plan.target.namespace ? { namespace: plan.target.namespace } : {}),
    },
    parameters: inverse.parameters,
    confidence: 1,
    reasoning: `undo plan ${plan.id}`,
    evidence: [],
    alternatives: [],
  };
}

/** What "the object changed" means: its spec, labels or annotations — not its status or resourceVersion alone. */
export function specDigest(object: KubeObject): string {
  const { labels, annotations } = object.metadata;
  return createHash('sha256')
    .update(JSON.stringify({ spec: object.spec, labels, annotations }))
    .digest('hex');
}

function summaryOf(action: string, target: ActionTarget, plan: Pick<Plan, 'changes'>): string {
  const where = `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
  const diff = plan.changes.map((c) => `${c.field} ${c.before} → ${c.after}`).join(', ');
  return diff ? `${action} on ${where}: ${diff}` : `${action} on ${where}`;
}

const REFUSAL_FOR_CHECK: Partial<Record<PolicyFinding['check'], RefusalReason>> = {
  capacity: 'capacity',
  dry_run: 'dry_run_failed',
};

/**
 * Turns a recommendation into a plan: validated parameters, the exact objects and patches, the before→after of
 * every changed field, policy findings, a capacity check where load is added and a server-side dry run of every
 * write. Nothing is written. A refusal says why in one line and still carries the plan when one was built.
 */
export async function planAction(recommendation: Recommendation, ctx: PlanContext): Promise<PlanResult> {
  const result = await buildPlan(recommendation, ctx);
  if (ctx.auditLog) {
    if (result.ok) {
      await ctx.auditLog.append({
        kind: 'action_plan',
        ...planRecord(result.plan),
        findings: result.plan.findings,
      });
    } else {
      await ctx.auditLog.append({
        kind: 'action_refused',
        planId: result.plan?.id,
        action: recommendation.action,
        target: recommendation.target,
        reason: result.reason,
        message: result.message,
        findings: result.findings,
        context: ctx.cluster.contextName,
      });
    }
  }
  return result;
}

/** The successful actions on this target within the cooldown and oscillation windows. */
function recentResults(log: AuditLog, target: ActionTarget, now: Date, policy: ActionPolicy) {
  const window = Math.max(policy.cooldownMs, policy.oscillationWindowMs);
  return log.query({ since: now.getTime() - window, kinds: ['action_result'], targetKey: targetKey(target) });
}

/** The fields of a plan every audit record about it carries. */
export function planRecord(plan: Plan): Record<string, unknown> {
  const overridden = plan.findings.filter((f) => f.overridden).map((f) => f.check);
  return {
    planId: plan.id,
    action: plan.action,
    target: plan.target,
    targetKey: targetKey(plan.target),
    parameters: plan.parameters,
    changes: plan.changes,
    direction: plan.direction,
    resourceVersion: plan.resourceVersion,
    context: plan.context.name,
    cluster: plan.context.server,
    inverseOf: plan.inverseOf,
    ...(overridden.length > 0 ? { overridden } : {}),
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A check started now and awaited later, whose failure is a value (no unhandled rejection meanwhile). */
function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** A step the server refused in its dry run. */
class DryRunRefusal extends Error {
  constructor(
    readonly step: PlannedStep,
    readonly error: unknown,
  ) {
    super(step.description);
  }
}

/** At most this many dry runs at once: a drain of a full node is many evictions. */
const DRY_RUNS_AT_ONCE = 8;

/** Every step as a dry run, several at once (none persists, so none sees another); the first refusal in step order. */
async function dryRunAll(cluster: ActionCluster, steps: PlannedStep[]): Promise<void> {
  for (let from = 0; from < steps.length; from += DRY_RUNS_AT_ONCE) {
    const batch = steps.slice(from, from + DRY_RUNS_AT_ONCE);
    const results = await Promise.all(batch.map((step) => settle(dryRunStep(cluster, step))));
    const index = results.findIndex((r) => !r.ok);
    if (index >= 0) {
      throw new DryRunRefusal(batch[index] as PlannedStep, (results[index] as { error: unknown }).error);
    }
  }
}

async function buildPlan(recommendation: Recommendation, ctx: PlanContext): Promise<PlanResult> {
  const policy = { ...DEFAULT_POLICY, ...ctx.policy };
  const now = ctx.now?.() ?? new Date();
  const valid = validateRecommendation(recommendation, { alert: ctx.alert });
  if (!valid.ok) return { ok: false, reason: 'invalid', message: valid.error, findings: [] };
  const definition = definitionOf(valid.action);
  const { cluster } = ctx;
  const inverse = ctx.inverseOf !== undefined;
  // What relates to the alert depends only on the alert: read it while the planner reads the target.
  const alertRelated =
    !inverse && definition.writes === 'cluster' && ctx.alert && alertNamesObject(ctx.alert.target)
      ? relatedObjects(cluster, ctx.alert)
      : undefined;
  alertRelated?.catch(() => undefined);

  let drafted;
  try {
    drafted = await runPlanner(definition.plan, {
      parameters: valid.parameters,
      requested: valid.target,
      cluster,
      alert: ctx.alert,
      now,
      diagnosticsDir: ctx.diagnosticsDir,
    });
  } catch (error) {
    const failure = toKubeFailure(error);
    const reason: RefusalReason =
      failure.status === 404 ? 'not_found' : failure.status === 403 ? 'forbidden' : 'cluster_error';
    const message =
      failure.status === 403
        ? `kube user "${cluster.kubeUser}" of context ${cluster.contextName} may not read what the plan needs: ${failure.message}`
        : failure.message;
    return { ok: false, reason, message, findings: [], status: failure.status || undefined };
  }
  if (!drafted.ok) return { ok: false, reason: drafted.reason, message: drafted.message, findings: [] };
  const draft = drafted.draft;

  const findings: PolicyFinding[] = draft.warnings.map((message) => ({
    check: 'advice',
    level: 'warning',
    message,
  }));
  const guard = protectedNamespaceCheck(draft.target, draft.steps, policy);
  findings.push(guard.finding);
  const shrinking = shrinkCheck(valid.action, draft, cluster);
  shrinking.catch(() => undefined);
  const policyFindings: PolicyFinding[] = [];
  if (!inverse) {
    if (draft.bounded.length) policyFindings.push(boundsCheck(draft.bounded, policy, showBound));
    if (definition.writes === 'cluster') {
      const targets = [valid.target, draft.target];
      const override = ctx.overrides?.unrelatedTarget ?? false;
      policyFindings.push(await relatednessCheck(cluster, ctx.alert, targets, override, alertRelated));
    }
    if (ctx.auditLog && definition.writes !== 'nothing') {
      policyFindings.push(
        // A bounded read from the newest line back: planning never depends on the log's size.
        ...historyChecks(
          draft.target,
          draft.direction,
          await recentResults(ctx.auditLog, draft.target, now, policy),
          now,
          policy,
          {
            context: cluster.contextName,
            server: cluster.server,
          },
        ),
      );
    }
  }
  // Capacity and the dry run need only the draft: they go out with the shrink check, once no policy refused.
  const refusedEarly = [...findings, ...policyFindings].some((f) => f.level === 'refuse');
  const capacityCheck =
    !refusedEarly && draft.capacity ? settle(checkCapacity(cluster, draft.capacity)) : undefined;
  const dryRuns = refusedEarly ? undefined : settle(dryRunAll(cluster, draft.steps));
  const shrink = await shrinking;
  if (shrink) findings.push(shrink.finding);
  findings.push(...policyFindings);

  const plan: Plan = {
    id: randomUUID(),
    createdAt: now.toISOString(),
    action: valid.action,
    parameters: valid.parameters,
    requested: valid.target,
    target: draft.target,
    resourceVersion: draft.object?.metadata.resourceVersion,
    specDigest: draft.object ? specDigest(draft.object) : undefined,
    summary: '',
    risk: shrink ? 'high' : definition.risk,
    destructive: definition.destructive,
    steps: draft.steps,
    changes: draft.changes,
    direction: draft.direction,
    findings,
    confirmation: guard.confirmation ?? shrink?.confirmation,
    context: { name: cluster.contextName, kubeUser: cluster.kubeUser, server: cluster.server },
    kubectl: [],
    verification: draft.verification,
    revert: definition.revert,
    revisionBefore: draft.revisionBefore,
    inverseOf: ctx.inverseOf,
    recommendation,
  };
  plan.summary = summaryOf(plan.action, plan.target, plan);
  plan.kubectl = definition.kubectl(plan);
  if (draft.inverse) plan.inverse = inverseRecommendation(plan, draft.inverse);

  const refusedBy = () => findings.find((f) => f.level === 'refuse');
  if (capacityCheck) {
    const checked = await capacityCheck;
    if (!checked.ok) {
      findings.push({
        check: 'capacity',
        level: 'warning',
        unknown: true,
        message: `capacity unknown: could not check room on the nodes (${toKubeFailure(checked.error).message})`,
      });
    } else if (checked.value.level === 'refuse' && checked.value.overridable && ctx.overrides?.capacity) {
      findings.push({
        ...checked.value,
        level: 'warning',
        overridden: true,
        message: `${checked.value.message} (overridden by the human)`,
      });
    } else findings.push(checked.value);
  }
  if (dryRuns && !refusedBy()) {
    const dryRun = await dryRuns;
    if (!dryRun.ok) {
      const { step, error } =
        dryRun.error instanceof DryRunRefusal
          ? dryRun.error
          : { step: plan.steps[0] as PlannedStep, error: dryRun.error };
      const failure = toKubeFailure(error);
      const message = describeServerRefusal(step, failure, cluster);
      findings.push({ check: 'dry_run', level: 'refuse', message });
      const reason: RefusalReason =
        failure.status === 403 && !/quota/i.test(failure.message) ? 'forbidden' : 'dry_run_failed';
      return { ok: false, reason, message, findings, plan, status: failure.status };
    }
    if (plan.steps.some((s) => s.kind === 'patch' || s.kind === 'delete_pod' || s.kind === 'evict_pod')) {
      findings.push({
        check: 'dry_run',
        level: 'ok',
        message: `server-side dry run of ${plan.steps.length} request(s) accepted`,
      });
    }
  }
  const refused = refusedBy();
  if (refused) {
    const reason = REFUSAL_FOR_CHECK[refused.check] ?? 'policy';
    return { ok: false, reason, message: refused.message, findings, plan };
  }
  return { ok: true, plan };
}

export { KubeFailure };
