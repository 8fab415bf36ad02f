// ResourceQuota for pods the controllers create: admission ("exceeded quota", as the API server refuses it) and
// status.used kept current as pods come and go (changes are applied on top of the snapshot's own figures).
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { KubeObject, ObjectStore } from '../store.js';
import { podSpec, sameJson, type PodSpec } from './podState.js';
import { QUOTAS, type ControllerContext } from './runtime.js';

/** Usage by quota resource name (`requests.memory`, `pods`, `count/deployments.apps`). */
export type Usage = Record<string, number>;

/** What one pod counts against a quota, by quota resource name. */
export function podQuotaUsage(spec: PodSpec): Usage {
  const usage: Usage = { pods: 1, 'count/pods': 1 };
  const add = (key: string, value: string | undefined) => {
    const n = tryParseQuantity(value);
    if (n !== undefined) usage[key] = (usage[key] ?? 0) + n;
  };
  for (const c of spec.containers ?? []) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    add('requests.cpu', requests.cpu);
    add('requests.memory', requests.memory);
    add('cpu', requests.cpu);
    add('memory', requests.memory);
    add('limits.cpu', limits.cpu);
    add('limits.memory', limits.memory);
  }
  return usage;
}

/** Whether the namespace's quotas leave room for a pod; the refusal reads like the API server's. */
export function admitPod(
  ctx: ControllerContext,
  namespace: string,
  podName: string,
  spec: PodSpec,
): { ok: true } | { ok: false; message: string } {
  const exceeded = exceededQuota(ctx.store.list(QUOTAS, namespace), podQuotaUsage(spec));
  return exceeded === undefined
    ? { ok: true }
    : { ok: false, message: `pods "${podName}" is forbidden: ${exceeded}` };
}

const hardOf = (quota: KubeObject) =>
  ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;

/**
 * The first quota that `wanted` (usage by quota resource name) would push past a hard limit, worded as the API
 * server words it: "exceeded quota: <name>, requested: …, used: …, limited: …"; undefined when all have room.
 */
export function exceededQuota(quotas: KubeObject[], wanted: Usage): string | undefined {
  for (const quota of quotas) {
    const hard = hardOf(quota);
    const used = ((quota.status as { used?: Record<string, string> } | undefined)?.used ?? {}) as Record<
      string,
      string
    >;
    const over: string[] = [];
    for (const [key, limit] of Object.entries(hard)) {
      const request = wanted[key];
      const max = tryParseQuantity(limit);
      if (!request || max === undefined) continue;
      const current = tryParseQuantity(used[key]) ?? 0;
      if (current + request > max) over.push(key);
    }
    if (over.length > 0) {
      over.sort();
      const show = (values: (key: string) => string) => over.map((k) => `${k}=${values(k)}`).join(',');
      return (
        `exceeded quota: ${quota.metadata.name}, ` +
        `requested: ${show((k) => canonical(k, wanted[k] ?? 0))}, ` +
        `used: ${show((k) => used[k] ?? '0')}, limited: ${show((k) => hard[k] ?? '0')}`
      );
    }
  }
  return undefined;
}

/** Moves every quota of the pod's namespace by the pod's usage (+1 when it appears, -1 when it goes). */
export function chargeQuotas(ctx: ControllerContext, pod: KubeObject, sign: 1 | -1): void {
  chargeQuotaUsage(ctx.store, pod.metadata.namespace, podQuotaUsage(podSpec(pod)), sign);
}

/** Moves status.used of every quota in the namespace by `usage` (only the resources a quota limits). */
export function chargeQuotaUsage(
  store: ObjectStore,
  namespace: string | undefined,
  usage: Usage,
  sign: 1 | -1,
): void {
  for (const quota of store.list(QUOTAS, namespace)) {
    const hard = hardOf(quota);
    const status = (quota.status ?? {}) as { hard?: Record<string, string>; used?: Record<string, string> };
    const used = { ...(status.used ?? {}) };
    for (const key of Object.keys(hard)) {
      const delta = usage[key];
      if (!delta) continue;
      const next = Math.max(0, (tryParseQuantity(used[key]) ?? 0) + sign * delta);
      used[key] = canonical(key, next);
    }
    if (sameJson(used, status.used ?? {})) continue;
    store.mutate(QUOTAS, namespace, quota.metadata.name, (draft) => {
      draft.status = { ...((draft.status as object | undefined) ?? {}), hard: { ...hard }, used };
    });
  }
}

/** A quantity written the way the API server prints it: whole Gi/Mi/Ki, whole cores, or millicores. */
export function canonical(key: string, value: number): string {
  if (!/(cpu|memory|storage)$/.test(key)) return String(Math.round(value));
  if (key.endsWith('cpu')) {
    const milli = Math.round(value * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  const bytes = Math.round(value);
  for (const [unit, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
