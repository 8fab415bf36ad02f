// executePlan: with an explicit approval only — re-check, dry-run, write, verify; audit before and after each write.
import type { AlertmanagerClient } from '../alerts/alertmanagerClient.js';
import type { AuditLog } from '../audit/auditLog.js';
import { approvalProblem, osUser, recordDecision } from './approval.js';
import { collectBundle } from './diagnostics.js';
import type { ActionEvent } from './events.js';
import { InterruptedWrite, isLostAnswer, mayHaveLanded, raceAbort } from './inFlight.js';
import { ActionCluster, KubeFailure, type ObjectRef, refText, toKubeFailure } from './kube.js';
import {
  type PlanContext,
  describeServerRefusal,
  dryRunStep,
  planAction,
  planRecord,
  specDigest,
} from './plan.js';
import type { Approval, Plan, PlannedStep, PlanResult } from './planTypes.js';
import { type AppliedFacts, type VerifyOptions, verifyPlan } from './verify.js';

export interface ExecuteOptions {
  /** The human's approval of exactly this plan; without it nothing is sent. */
  approval: Approval | undefined;
  /** The connection to execute with; or give kubeconfigPath/context and one is made. */
  cluster?: ActionCluster;
  kubeconfigPath?: string;
  context?: string;
  auditLog: AuditLog;
  signal?: AbortSignal;
  /** What planAction got (alert, policy, overrides): used to rebuild a stale plan and to build the inverse. */
  planContext?: Omit<PlanContext, 'cluster' | 'auditLog'>;
  /** For silence_alert (and its verification). */
  alertmanager?: AlertmanagerClient;
  verify?: VerifyOptions;
}

/** What was sent, for the audit log: method, object and body — never a credential. */
function requestOf(step: PlannedStep): Record<string, unknown> {
  switch (step.kind) {
    case 'patch':
      return {
        method: 'PATCH',
        object: refText(step.ref),
        contentType: 'application/json-patch+json',
        body: step.ops,
      };
    case 'delete_pod':
      return { method: 'DELETE', object: refText(step.ref), preconditions: { uid: step.uid } };
    case 'evict_pod':
      return {
        method: 'POST',
        object: `${refText(step.ref)}/eviction`,
        gracePeriodSeconds: step.gracePeriodSeconds,
      };
    case 'silence':
      return {
        method: 'POST',
        object: 'AlertManager silence',
        matchers: step.matchers,
        durationMs: step.durationMs,
        comment: step.comment,
      };
    case 'collect':
      return { method: 'LOCAL', object: refText(step.ref), folder: step.folder };
    case 'note':
      return { method: 'NONE', summary: step.summary };
  }
}

function sameRef(a: ObjectRef, b: Plan['target']): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** The step with its resourceVersion pin moved to the version checked just before execution. */
function repin(step: PlannedStep, plan: Plan, resourceVersion: string | undefined): PlannedStep {
  if (step.kind !== 'patch' || !resourceVersion || !sameRef(step.ref, plan.target)) return step;
  const [first, ...rest] = step.ops;
  if (first?.op !== 'replace' || first.path !== '/metadata/resourceVersion') return step;
  return { ...step, ops: [{ ...first, value: resourceVersion }, ...rest] };
}

function silenceMatcherText(m: { name: string; value: string; isRegex: boolean; isEqual: boolean }): string {
  const op = `${m.isEqual ? '=' : '!'}${m.isRegex ? '~' : m.isEqual ? '' : '='}`;
  return `${m.name}${op === '=' ? '=' : op}"${m.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

async function applyStep(
  step: PlannedStep,
  cluster: ActionCluster,
  facts: AppliedFacts,
  options: ExecuteOptions,
): Promise<string> {
  switch (step.kind) {
    case 'patch': {
      const after = await cluster.patch(step.ref, step.ops, false);
      return `${refText(step.ref)} updated (resourceVersion ${String(after.metadata.resourceVersion)})`;
    }
    case 'delete_pod':
      await cluster.deletePod(step.ref.namespace ?? '', step.ref.name, step.uid, false);
      facts.removedPods.push({ ref: step.ref, uid: step.uid });
      return `${refText(step.ref)} deleted`;
    case 'evict_pod':
      try {
        await cluster.evictPod(step.ref.namespace ?? '', step.ref.name, step.gracePeriodSeconds, false);
      } catch (error) {
        // A pod already gone is what the eviction wanted (as kubectl drain treats it).
        if (error instanceof KubeFailure && error.status === 404)
          return `${refText(step.ref)} was already gone`;
        throw error;
      }
      facts.removedPods.push({ ref: step.ref, uid: step.uid });
      return `${refText(step.ref)} evicted`;
    case 'silence': {
      if (!options.alertmanager)
        throw new KubeFailure(0, 'NoAlertmanager', 'no AlertManager is configured (set alertmanagerUrl)');
      const id = await options.alertmanager.createSilence({
        matchers: step.matchers.map(silenceMatcherText),
        endsAt: new Date(Date.now() + step.durationMs),
        createdBy: `kopilot (${osUser()})`,
        comment: step.comment,
      });
      facts.silenceId = id;
      return `silence ${id} created`;
    }
    case 'collect': {
      const files = await collectBundle(cluster, step.ref, step.folder, step.tailLines);
      facts.bundleDir = step.folder;
      return `${files.length} files written to ${step.folder}`;
    }
    case 'note':
      return `handed over: ${step.summary}`;
  }
}

/** The plan that undoes this one, itself to be approved; undefined when there is none. */
async function inverseOf(plan: Plan, ctx: PlanContext): Promise<PlanResult | undefined> {
  if (!plan.inverse) return undefined;
  return planAction(plan.inverse, { ...ctx, inverseOf: plan.id });
}

const isClusterWrite = (step: PlannedStep) =>
  step.kind === 'patch' || step.kind === 'delete_pod' || step.kind === 'evict_pod';

/**
 * Executes an approved plan and reports each stage. The audit log gets the decision, each request before it is
 * sent and its result after, and the verification — so a crash between "approved" and "applied" leaves a record.
 */
export async function* executePlan(plan: Plan, options: ExecuteOptions): AsyncGenerator<ActionEvent> {
  const log = options.auditLog;
  const { signal } = options;
  const problem = approvalProblem(plan, options.approval);
  if (problem) {
    await log.append({ kind: 'action_refused', ...planRecord(plan), message: problem });
    yield { type: 'refused', planId: plan.id, message: problem };
    return;
  }
  const approval = options.approval as Approval;
  let cluster: ActionCluster;
  try {
    cluster =
      options.cluster ??
      ActionCluster.connect({ kubeconfigPath: options.kubeconfigPath, context: options.context });
  } catch (error) {
    const message = `cannot use the kubeconfig: ${toKubeFailure(error).message}`;
    await log.append({ kind: 'action_refused', ...planRecord(plan), message });
    yield { type: 'refused', planId: plan.id, message };
    return;
  }
  if (cluster.contextName !== plan.context.name) {
    const message = `the plan was made for context ${plan.context.name}, not ${cluster.contextName}; plan again`;
    await log.append({ kind: 'action_refused', ...planRecord(plan), message });
    yield { type: 'refused', planId: plan.id, message };
    return;
  }
  await recordDecision(log, plan, approval);
  const planCtx: PlanContext = { ...options.planContext, cluster, auditLog: log };
  const by = approval.by;

  const conflict = async function* (message: string): AsyncGenerator<ActionEvent> {
    await log.append({ kind: 'action_conflict', ...planRecord(plan), message });
    const rebuilt = await planAction(plan.recommendation, planCtx);
    yield { type: 'conflict', planId: plan.id, message, rebuilt };
  };

  // Optimistic concurrency: the object must still be the one the human saw.
  let resourceVersion = plan.resourceVersion;
  if (plan.specDigest) {
    const ref = {
      kind: plan.target.kind,
      namespace: plan.target.namespace,
      name: plan.target.name,
    } as ObjectRef;
    try {
      const current = await cluster.read(ref);
      if (specDigest(current) !== plan.specDigest) {
        yield* conflict(
          `${refText(ref)} changed after planning (resourceVersion ${String(plan.resourceVersion)} → ${String(current.metadata.resourceVersion)}); the plan was rebuilt — review and approve again`,
        );
        return;
      }
      resourceVersion = current.metadata.resourceVersion;
    } catch (error) {
      const failure = toKubeFailure(error);
      await log.append({
        kind: 'action_result',
        ...planRecord(plan),
        ok: false,
        status: failure.status,
        message: failure.message,
      });
      yield {
        type: 'failed',
        planId: plan.id,
        status: failure.status || undefined,
        message: failure.message,
      };
      return;
    }
  }

  const facts: AppliedFacts = { removedPods: [] };
  let changed = false;
  for (const [index, planned] of plan.steps.entries()) {
    const step = repin(planned, plan, resourceVersion);
    if (signal?.aborted) {
      const message = `cancelled before step ${index + 1} (${step.description})${changed ? '; earlier steps were applied' : '; nothing was changed'}`;
      await log.append({ kind: 'action_result', ...planRecord(plan), ok: false, step: index, message });
      yield {
        type: 'failed',
        planId: plan.id,
        step: index,
        message,
        inverse: changed ? await inverseOf(plan, planCtx) : undefined,
      };
      return;
    }
    if (isClusterWrite(step)) {
      try {
        await dryRunStep(cluster, step);
        yield {
          type: 'dry_run',
          planId: plan.id,
          step: index,
          description: step.description,
          ok: true,
          message: 'accepted by the API server',
        };
      } catch (error) {
        const failure = toKubeFailure(error);
        const message = describeServerRefusal(step, failure, cluster);
        yield {
          type: 'dry_run',
          planId: plan.id,
          step: index,
          description: step.description,
          ok: false,
          message,
        };
        if (failure.status === 409) {
          yield* conflict(message);
          return;
        }
        await log.append({
          kind: 'action_result',
          ...planRecord(plan),
          ok: false,
          step: index,
          stage: 'dry_run',
          status: failure.status,
          message,
        });
        yield {
          type: 'failed',
          planId: plan.id,
          step: index,
          status: failure.status || undefined,
          message,
          inverse: changed ? await inverseOf(plan, planCtx) : undefined,
        };
        return;
      }
    }
    const started = await log.append({
      kind: 'action_started',
      ...planRecord(plan),
      step: index,
      description: step.description,
      request: requestOf(step),
      by,
      kubeContext: cluster.contextName,
    });
    yield {
      type: 'applying',
      planId: plan.id,
      step: index,
      description: step.description,
      auditId: started.id,
    };
    let message: string;
    try {
      message = await raceAbort(applyStep(step, cluster, facts, options), signal);
    } catch (error) {
      const interrupted = error instanceof InterruptedWrite;
      const failure = interrupted ? new KubeFailure(0, 'Interrupted', error.message) : toKubeFailure(error);
      // No answer is not a refusal: the server may have applied the write before the connection went.
      const unknown = isClusterWrite(step) && isLostAnswer(failure.status);
      const text = unknown
        ? `${step.description}: ${failure.message}; ${mayHaveLanded({ target: plan.target, changes: plan.changes, request: requestOf(step) })}`
        : failure.status
          ? describeServerRefusal(step, failure, cluster)
          : failure.message;
      await log.append({
        kind: 'action_result',
        ...planRecord(plan),
        ok: false,
        step: index,
        startedId: started.id,
        status: failure.status,
        message: text,
        ...(unknown ? { mayHaveLanded: true } : {}),
      });
      if (failure.status === 409) {
        yield* conflict(text);
        return;
      }
      yield {
        type: 'failed',
        planId: plan.id,
        step: index,
        status: failure.status || undefined,
        message: text,
        inverse: changed ? await inverseOf(plan, planCtx) : undefined,
      };
      return;
    }
    if (isClusterWrite(step)) changed = true;
    await log.append({
      kind: 'action_applied',
      planId: plan.id,
      step: index,
      startedId: started.id,
      message,
    });
    yield { type: 'applied', planId: plan.id, step: index, description: step.description, message };
  }
  await log.append({ kind: 'action_result', ...planRecord(plan), ok: true, steps: plan.steps.length });

  yield { type: 'verifying', planId: plan.id, message: plan.verification };
  const verification = verifyPlan(
    plan,
    { cluster, alertmanager: options.alertmanager, facts },
    { ...options.verify, signal },
  );
  let next = await verification.next();
  while (!next.done) {
    yield { type: 'verifying', planId: plan.id, message: next.value };
    next = await verification.next();
  }
  const verdict = next.value;
  await log.append({
    kind: 'action_verification',
    ...planRecord(plan),
    ok: verdict.ok,
    message: verdict.message,
  });
  if (verdict.ok) {
    yield { type: 'verified', planId: plan.id, message: verdict.message };
  } else {
    yield {
      type: 'verification_failed',
      planId: plan.id,
      message: verdict.message,
      inverse: await inverseOf(plan, planCtx),
    };
  }
}
