// The HorizontalPodAutoscaler controller: keeps status (current/desired replicas, metrics, conditions incl.
// ScalingLimited) consistent with the target's scale and the HPA's bounds, and scales the target up within them.
import { tryParseQuantity } from '../../cluster/quantity.js';
import { isoSeconds, type KubeObject } from '../store.js';
import { recordEvent } from './events.js';
import { sameJson, setCondition, type Condition } from './podState.js';
import {
  DEPLOYMENTS,
  HPAS,
  POD_METRICS,
  STATEFULSETS,
  keyOf,
  splitKey,
  type ControllerContext,
} from './runtime.js';
import { workloadPods } from './workloadUsage.js';

interface MetricSpec {
  type: string;
  resource?: { name: string; target?: { type?: string; averageUtilization?: number; averageValue?: string } };
}

interface HpaSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: MetricSpec[];
}

interface CurrentMetric {
  type: string;
  resource?: { name: string; current?: { averageUtilization?: number; averageValue?: string } };
}

/**
 * The load each HPA saw at start-up (utilisation × replicas per resource): it stays constant, so fewer
 * replicas mean higher utilisation and more replicas lower, as on a real service.
 */
export type AutoscalerBaselines = Map<
  string,
  { generation: number; replicas: number; load: Map<string, number> }
>;

export function recordAutoscalerBaselines(ctx: ControllerContext): AutoscalerBaselines {
  const out: AutoscalerBaselines = new Map();
  for (const hpa of ctx.store.list(HPAS)) {
    const target = targetOf(ctx, hpa);
    const replicas = replicasOf(target);
    const load = new Map<string, number>();
    const current = (
      (hpa.status as { currentMetrics?: CurrentMetric[] } | undefined)?.currentMetrics ?? []
    ).filter((m) => m.type === 'Resource' && m.resource?.current?.averageUtilization !== undefined);
    for (const m of current)
      load.set(
        m.resource?.name ?? '',
        (m.resource?.current?.averageUtilization ?? 0) * Math.max(1, replicas),
      );
    if (target && load.size === 0) {
      for (const metric of (hpa.spec as HpaSpec | undefined)?.metrics ?? []) {
        const name = metric.resource?.name;
        if (metric.type !== 'Resource' || !name) continue;
        const measured = measuredUtilization(ctx, target, name);
        if (measured !== undefined) load.set(name, measured * Math.max(1, replicas));
      }
    }
    out.set(keyOf(hpa), { generation: hpa.metadata.generation ?? 1, replicas, load });
  }
  return out;
}

export function syncAutoscaler(ctx: ControllerContext, key: string, baselines: AutoscalerBaselines): void {
  const { namespace, name } = splitKey(key);
  const hpa = ctx.store.get(HPAS, namespace, name);
  if (!hpa) return;
  const spec = (hpa.spec ?? {}) as HpaSpec;
  const target = targetOf(ctx, hpa);
  if (!target) return;
  const baseline = baselines.get(key);
  const replicas = replicasOf(target);
  const previous = (hpa.status ?? {}) as Record<string, unknown>;
  // Untouched since start-up: the scenario's own status stands.
  if (baseline && baseline.generation === (hpa.metadata.generation ?? 1) && baseline.replicas === replicas)
    return;
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas ?? replicas;
  const currentMetrics: CurrentMetric[] = [];
  let wanted = 0;
  let reasonText = '';
  for (const metric of spec.metrics ?? []) {
    const resource = metric.resource?.name;
    const targetUtil = metric.resource?.target?.averageUtilization;
    if (metric.type !== 'Resource' || !resource || targetUtil === undefined) continue;
    const load = baseline?.load.get(resource);
    const utilization =
      load !== undefined
        ? Math.round(load / Math.max(1, replicas))
        : (measuredUtilization(ctx, target, resource) ?? 0);
    currentMetrics.push({
      type: 'Resource',
      resource: { name: resource, current: { averageUtilization: utilization } },
    });
    const ratio = utilization / targetUtil;
    const proposal = Math.abs(ratio - 1) <= 0.1 ? replicas : Math.ceil(replicas * ratio);
    if (proposal > wanted) {
      wanted = proposal;
      reasonText = `${resource} resource utilization (percentage of request) ${proposal > replicas ? 'above' : 'below'} target`;
    }
  }
  if (currentMetrics.length === 0) wanted = replicas;
  const desired = Math.min(max, Math.max(min, wanted));
  // Scale-downs wait out the stabilization window, so only raises (and bound changes) act at once.
  const next = desired > replicas || replicas > max || replicas < min ? desired : replicas;
  const now = isoSeconds(ctx.clock.now());
  let conditions = (previous.conditions as Condition[] | undefined) ?? [];
  conditions = setCondition(
    conditions,
    next !== replicas
      ? {
          type: 'AbleToScale',
          status: 'True',
          reason: 'SucceededRescale',
          message: `the HPA controller was able to update the target scale to ${next}`,
        }
      : {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        },
    now,
  );
  conditions = setCondition(
    conditions,
    currentMetrics.length > 0
      ? {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message: `the HPA was able to successfully calculate a replica count from ${currentMetrics[0]?.resource?.name} resource utilization (percentage of request)`,
        }
      : {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message:
            'the HPA was unable to compute the replica count: no metrics returned from resource metrics API',
        },
    now,
  );
  conditions = setCondition(
    conditions,
    wanted > max
      ? {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooManyReplicas',
          message: 'the desired replica count is more than the maximum replica count',
        }
      : wanted < min
        ? {
            type: 'ScalingLimited',
            status: 'True',
            reason: 'TooFewReplicas',
            message: 'the desired replica count is less than the minimum replica count',
          }
        : {
            type: 'ScalingLimited',
            status: 'False',
            reason: 'DesiredWithinRange',
            message: 'the desired count is within the acceptable range',
          },
    now,
  );
  if (next !== replicas) {
    const resource = target.kind === 'StatefulSet' ? STATEFULSETS : DEPLOYMENTS;
    ctx.store.mutate(resource, target.metadata.namespace, target.metadata.name, (draft) => {
      draft.spec = { ...((draft.spec as object | undefined) ?? {}), replicas: next };
    });
    recordEvent(ctx.store, ctx.clock, {
      about: hpa,
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: `New size: ${next}; reason: ${next > max || replicas > max ? 'Current number of replicas above Spec.MaxReplicas' : replicas < min ? 'Current number of replicas below Spec.MinReplicas' : reasonText}`,
      component: 'horizontal-pod-autoscaler',
    });
  }
  const status: Record<string, unknown> = {
    ...(next !== replicas
      ? { lastScaleTime: now }
      : previous.lastScaleTime
        ? { lastScaleTime: previous.lastScaleTime }
        : {}),
    observedGeneration: hpa.metadata.generation ?? 1,
    currentReplicas: replicas,
    desiredReplicas: next,
    currentMetrics,
    conditions,
  };
  if (!sameJson(previous, status)) {
    ctx.store.mutate(HPAS, namespace, name, (draft) => {
      draft.status = status;
    });
  }
}

function targetOf(ctx: ControllerContext, hpa: KubeObject): KubeObject | undefined {
  const ref = (hpa.spec as HpaSpec | undefined)?.scaleTargetRef;
  if (!ref?.name) return undefined;
  const resource =
    ref.kind === 'StatefulSet' ? STATEFULSETS : ref.kind === 'Deployment' ? DEPLOYMENTS : undefined;
  return resource ? ctx.store.get(resource, hpa.metadata.namespace, ref.name) : undefined;
}

function replicasOf(target: KubeObject | undefined): number {
  return (target?.spec as { replicas?: number } | undefined)?.replicas ?? 1;
}

/** Average utilisation (percent of requests) of the target's pods from PodMetrics, if any are published. */
function measuredUtilization(
  ctx: ControllerContext,
  target: KubeObject,
  resource: string,
): number | undefined {
  let used = 0;
  let requested = 0;
  const namespace = target.metadata.namespace ?? 'default';
  for (const pod of workloadPods(ctx, namespace, { kind: target.kind, name: target.metadata.name })) {
    const metrics = ctx.store.get(POD_METRICS, namespace, pod.metadata.name);
    if (!metrics) continue;
    for (const c of (metrics.containers as
      Array<{ name: string; usage?: Record<string, string> }> | undefined) ?? []) {
      const container = (
        (
          pod.spec as {
            containers?: Array<{ name: string; resources?: { requests?: Record<string, string> } }>;
          }
        ).containers ?? []
      ).find((x) => x.name === c.name);
      const request = tryParseQuantity(container?.resources?.requests?.[resource]);
      const usage = tryParseQuantity(c.usage?.[resource]);
      if (request === undefined || usage === undefined) continue;
      used += usage;
      requested += request;
    }
  }
  return requested > 0 ? Math.round((used / requested) * 100) : undefined;
}
