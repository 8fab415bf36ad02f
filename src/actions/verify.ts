// After the writes: waits until the change took effect (rollout available, node schedulability, HPA, PDB, PVC).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertmanagerClient } from '../alerts/alertmanagerClient.js';
import { tryParseQuantity } from '../cluster/quantity.js';
import { podStatusReason, selectorMatches } from '../mcp/podFacts.js';
import { type ActionCluster, type KubeObject, type ObjectRef, KubeFailure, refText } from './kube.js';
import type { Plan } from './planTypes.js';

export interface VerifyOptions {
  /** How long to wait for the change to take effect (default 5 minutes). */
  timeoutMs?: number;
  /** Between two looks (default 2 s). */
  intervalMs?: number;
  /** Waits between looks; tests pass one that advances the sandbox clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
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

export type Verdict = { ok: boolean; message: string };

/** One look: done (verified), failed for good, or still in progress with what it is waiting for. */
type Look = { state: 'done' | 'failed' | 'waiting'; message: string };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

async function readOrGone(cluster: ActionCluster, ref: ObjectRef): Promise<KubeObject | undefined> {
  try {
    return await cluster.read(ref);
  } catch (error) {
    if (error instanceof KubeFailure && error.status === 404) return undefined;
    throw error;
  }
}

/** Why the workload's newest pods are not available: "webapp-7d9-x: CrashLoopBackOff". */
async function unhealthyPods(cluster: ActionCluster, workload: KubeObject): Promise<string> {
  const namespace = workload.metadata.namespace ?? '';
  const pods = (await cluster.pods(namespace)).filter((p) =>
    selectorMatches(workload.spec?.selector, p.metadata.labels),
  );
  const bad = pods
    .map((p) => ({ name: p.metadata.name, reason: podStatusReason(p) }))
    .filter((p) => !/^Running$/.test(p.reason) || false)
    .slice(0, 3);
  return bad.map((p) => `${p.name}: ${p.reason}`).join(', ');
}

/** The rollout check `kubectl rollout status` makes. */
async function lookAtRollout(cluster: ActionCluster, ref: ObjectRef): Promise<Look> {
  const w = await cluster.read(ref);
  const status = (w.status ?? {}) as Record<string, number | undefined> & { conditions?: KubeObject[] };
  const generation = w.metadata.generation ?? 0;
  if ((status.observedGeneration ?? 0) < generation)
    return { state: 'waiting', message: `waiting for ${refText(ref)} to see the change` };
  if (ref.kind === 'Deployment') {
    const want = Number(w.spec?.replicas ?? 1);
    const stuck = status.conditions?.find(
      (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
    );
    if (stuck) {
      const pods = await unhealthyPods(cluster, w);
      return {
        state: 'failed',
        message: `rollout of ${refText(ref)} exceeded its progress deadline: ${stuck.message ?? ''}${pods ? ` (${pods})` : ''}`,
      };
    }
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const total = status.replicas ?? 0;
    if (updated >= want && available >= want && total <= want) {
      return {
        state: 'done',
        message: `${refText(ref)}: ${available}/${want} replicas updated and available`,
      };
    }
    return {
      state: 'waiting',
      message: `${refText(ref)}: ${updated}/${want} updated, ${available} available`,
    };
  }
  if (ref.kind === 'StatefulSet') {
    const want = Number(w.spec?.replicas ?? 1);
    const ready = status.readyReplicas ?? 0;
    const updated = status.updatedReplicas ?? 0;
    const revisionsMatch =
      !w.status?.updateRevision || w.status?.currentRevision === w.status?.updateRevision;
    if (ready >= want && (updated >= want || revisionsMatch))
      return { state: 'done', message: `${refText(ref)}: ${ready}/${want} ready` };
    return { state: 'waiting', message: `${refText(ref)}: ${updated}/${want} updated, ${ready} ready` };
  }
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  if (updated >= desired && available >= desired)
    return { state: 'done', message: `${refText(ref)}: ${available}/${desired} available` };
  return {
    state: 'waiting',
    message: `${refText(ref)}: ${updated}/${desired} updated, ${available} available`,
  };
}

async function look(plan: Plan, ctx: VerifyContext): Promise<Look> {
  const { cluster } = ctx;
  const target = plan.target;
  const ref = { kind: target.kind, namespace: target.namespace, name: target.name } as ObjectRef;
  const params = plan.parameters as Record<string, unknown>;
  switch (plan.action) {
    case 'increase_resources':
    case 'restart_workload':
    case 'rollback_deployment':
    case 'scale_workload':
      return lookAtRollout(cluster, ref);
    case 'restart_pod': {
      const removed = ctx.facts.removedPods[0];
      const pod = removed ? await readOrGone(cluster, removed.ref) : undefined;
      if (pod && pod.metadata.uid === removed?.uid)
        return { state: 'waiting', message: `waiting for ${refText(ref)} to go away` };
      const owner = await ownerOfDeleted(cluster, plan);
      if (!owner) return { state: 'done', message: `${refText(ref)} was deleted` };
      const ready = Number(owner.status?.readyReplicas ?? 0);
      const want = Number(owner.spec?.replicas ?? 1);
      return ready >= want
        ? {
            state: 'done',
            message: `${owner.kind ?? 'owner'} ${owner.metadata.name} is back to ${ready}/${want} ready pods`,
          }
        : { state: 'waiting', message: `${owner.metadata.name}: ${ready}/${want} ready` };
    }
    case 'patch_hpa': {
      const hpa = await cluster.read(ref);
      const min = Number(hpa.spec?.minReplicas ?? 1);
      const max = Number(hpa.spec?.maxReplicas ?? 1);
      if (
        (params.min_replicas !== undefined && min !== params.min_replicas) ||
        (params.max_replicas !== undefined && max !== params.max_replicas)
      ) {
        return {
          state: 'failed',
          message: `${refText(ref)} does not show the new bounds (min ${min}, max ${max})`,
        };
      }
      const current = hpa.status?.currentReplicas;
      const desired = hpa.status?.desiredReplicas;
      if (current === undefined)
        return { state: 'done', message: `${refText(ref)} bounds are now ${min}–${max}` };
      if (current >= min && current <= max)
        return {
          state: 'done',
          message: `${refText(ref)} bounds ${min}–${max}; ${current} replicas (desired ${desired ?? current})`,
        };
      return { state: 'waiting', message: `${refText(ref)}: ${current} replicas, bounds ${min}–${max}` };
    }
    case 'cordon_node':
    case 'uncordon_node': {
      const node = await cluster.read(ref);
      const want = plan.action === 'cordon_node';
      return Boolean(node.spec?.unschedulable) === want
        ? { state: 'done', message: `node ${ref.name} is ${want ? 'unschedulable' : 'schedulable'}` }
        : { state: 'failed', message: `node ${ref.name} is still ${want ? 'schedulable' : 'unschedulable'}` };
    }
    case 'drain_node': {
      const node = await cluster.read(ref);
      if (!node.spec?.unschedulable)
        return { state: 'failed', message: `node ${ref.name} is schedulable again; someone uncordoned it` };
      const left = (await cluster.podsOnNode(ref.name)).filter((p) =>
        ctx.facts.removedPods.some((r) => r.uid === p.metadata.uid),
      );
      if (left.length)
        return {
          state: 'waiting',
          message: `${left.length} evicted pod(s) still terminating on ${ref.name}`,
        };
      return {
        state: 'done',
        message: `node ${ref.name} is cordoned and its ${ctx.facts.removedPods.length} evicted pods are gone`,
      };
    }
    case 'remove_taint': {
      const node = await cluster.read(ref);
      const still = ((node.spec?.taints ?? []) as KubeObject[]).some(
        (t) => t.key === params.key && (!params.effect || t.effect === params.effect),
      );
      return still
        ? { state: 'failed', message: `node ${ref.name} still has taint ${String(params.key)}` }
        : { state: 'done', message: `node ${ref.name} no longer has taint ${String(params.key)}` };
    }
    case 'expand_pvc': {
      const pvc = await cluster.read(ref);
      const want = tryParseQuantity(String(params.size)) ?? 0;
      const capacity = tryParseQuantity(pvc.status?.capacity?.storage);
      if ((tryParseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0) < want)
        return { state: 'failed', message: `${refText(ref)} request is not ${String(params.size)}` };
      if (capacity !== undefined && capacity >= want)
        return { state: 'done', message: `${refText(ref)} has ${String(pvc.status?.capacity?.storage)}` };
      const pending = (pvc.status?.conditions ?? []).map((c: KubeObject) => c.type).join(', ');
      return {
        state: 'waiting',
        message: `${refText(ref)} capacity ${String(pvc.status?.capacity?.storage ?? 'unknown')}${pending ? ` (${pending})` : ''}`,
      };
    }
    case 'relax_pdb': {
      const pdb = await cluster.read(ref);
      const allowed = Number(pdb.status?.disruptionsAllowed ?? 0);
      return allowed >= 1
        ? { state: 'done', message: `${refText(ref)} now allows ${allowed} disruption(s)` }
        : {
            state: 'waiting',
            message: `${refText(ref)} allows 0 disruptions (${String(pdb.status?.currentHealthy ?? '?')} healthy, ${String(pdb.status?.desiredHealthy ?? '?')} needed)`,
          };
    }
    case 'silence_alert': {
      if (!ctx.alertmanager || !ctx.facts.silenceId)
        return { state: 'failed', message: 'no silence was created' };
      const silence = await ctx.alertmanager.getSilence(ctx.facts.silenceId);
      return silence.status.state === 'active'
        ? { state: 'done', message: `silence ${silence.id} is active until ${silence.endsAt}` }
        : {
            state: silence.status.state === 'pending' ? 'waiting' : 'failed',
            message: `silence ${silence.id} is ${silence.status.state}`,
          };
    }
    case 'collect_diagnostics': {
      const dir = ctx.facts.bundleDir;
      if (!dir) return { state: 'failed', message: 'no bundle was written' };
      await stat(join(dir, 'object.yaml'));
      return { state: 'done', message: `diagnostics saved in ${dir}` };
    }
    case 'escalate':
      return { state: 'done', message: 'nothing was changed; handed over to a human' };
  }
}

async function ownerOfDeleted(cluster: ActionCluster, plan: Plan): Promise<KubeObject | undefined> {
  const step = plan.steps[0];
  const owner = step?.kind === 'delete_pod' ? step.owner : undefined;
  if (!owner || !['ReplicaSet', 'StatefulSet'].includes(owner.kind)) return undefined;
  return readOrGone(cluster, {
    kind: owner.kind as 'ReplicaSet' | 'StatefulSet',
    namespace: plan.target.namespace,
    name: owner.name,
  });
}

/** Looks until the change took effect, failed for good, or the timeout passed; yields progress lines. */
export async function* verifyPlan(
  plan: Plan,
  ctx: VerifyContext,
  options: VerifyOptions = {},
): AsyncGenerator<string, Verdict> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const intervalMs = options.intervalMs ?? 2000;
  const sleep = options.sleep ?? defaultSleep;
  let waited = 0;
  let last = '';
  for (;;) {
    if (options.signal?.aborted)
      return { ok: false, message: `verification cancelled; last seen: ${last || 'nothing yet'}` };
    let seen: Look;
    try {
      seen = await look(plan, ctx);
    } catch (error) {
      seen = { state: 'waiting', message: error instanceof Error ? error.message : String(error) };
    }
    if (seen.state === 'done') return { ok: true, message: seen.message };
    if (seen.state === 'failed') return { ok: false, message: seen.message };
    if (seen.message !== last) yield seen.message;
    last = seen.message;
    if (waited >= timeoutMs) {
      return { ok: false, message: `not done after ${Math.round(timeoutMs / 1000)}s: ${last}` };
    }
    await sleep(intervalMs, options.signal);
    waited += intervalMs;
  }
}
