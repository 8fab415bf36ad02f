// check_resource_change_feasibility: can a workload's container get new requests/limits? Checks the rolling
// update's surge pod against what nodes can fit now, every pod at the new size once old pods are gone, quota.
import { z } from 'zod';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { formatBytes, formatCpu, tryParseQuantity } from '../../cluster/quantity.js';
import { nodeCapacities } from '../nodeFacts.js';
import { nodeRefusesTemplate, placePods, placementText, rolloutCount } from '../placement.js';
import { podResource, selectorMatches } from '../podFacts.js';
import { defineTool } from '../tool.js';
import { quotaCheck, quotaGrowth } from './checkScalingFeasibility.js';
import { containerField, nameField, namespaceField, summaryField } from './common.js';
import { resourceText } from './getPodStatus.js';
import { findWorkload, workloadKindField, workloadPods } from './workloads.js';

const quantityField = (example: string) =>
  z
    .string()
    .min(1)
    .max(32)
    .refine((text) => tryParseQuantity(text) !== undefined, {
      message: 'not a Kubernetes quantity (e.g. 512Mi, 12Gi, 500m, 2)',
    })
    .optional()
    .describe(`new value, e.g. "${example}"`);

export const checkResourceChangeFeasibility = defineTool({
  name: 'check_resource_change_feasibility',
  title: 'Resource change feasibility',
  description:
    'Use before recommending increase_resources: would new requests/limits for a container fit? Checks the ' +
    'rolling update’s surge pod against what nodes can fit now, all pods at the new size after the rollout, ' +
    'limits above any node, and quota. Example: {"namespace": "production", "workload": "webapp", ' +
    '"memory_request": "10Gi", "memory_limit": "12Gi"}',
  input: z.object({
    namespace: namespaceField,
    workload: nameField('Deployment or StatefulSet', 'webapp'),
    kind: workloadKindField,
    container: containerField.optional().describe('container to change; default the first'),
    memory_request: quantityField('10Gi'),
    memory_limit: quantityField('12Gi'),
    cpu_request: quantityField('500m'),
    cpu_limit: quantityField('2'),
  }),
  output: z.object({
    summary: summaryField,
    feasible: z.boolean(),
    workload: z.string(),
    container: z.string(),
    current: z.string().describe('requests and limits now'),
    proposed: z.string(),
    replicas: z.number(),
    surge_pods: z.number().describe('extra new-size pods the rolling update starts before removing old ones'),
    surge_pod: z.string().describe('where a new-size pod fits right now'),
    after_rollout: z.string().describe('how many new-size pods fit once the old pods are gone'),
    blockers: z.array(z.string()),
    only_node_room: z
      .boolean()
      .optional()
      .describe('when not feasible: true if room on the nodes is all that is short (more nodes would do)'),
    warnings: z.array(z.string()),
    quota: z.array(z.string()),
  }),
  async run(args, { cluster }) {
    const { namespace, workload, kind, container } = args;
    const changes = {
      requests: { memory: args.memory_request, cpu: args.cpu_request },
      limits: { memory: args.memory_limit, cpu: args.cpu_limit },
    };
    if (!args.memory_request && !args.memory_limit && !args.cpu_request && !args.cpu_limit) {
      throw new Error('give at least one of memory_request, memory_limit, cpu_request, cpu_limit');
    }
    const found = await findWorkload(cluster, namespace, workload, kind);
    const oldSpec: KubeObject = found.object.spec?.template?.spec ?? { containers: [] };
    const names: string[] = (oldSpec.containers ?? []).map((c: KubeObject) => String(c.name));
    const chosen = container ?? names[0];
    if (!chosen || !names.includes(chosen)) {
      throw new Error(
        `container ${chosen ?? '(none)'} is not in ${workload}; containers: ${names.join(', ') || 'none'}`,
      );
    }
    const newSpec: KubeObject = {
      ...oldSpec,
      containers: (oldSpec.containers as KubeObject[]).map((c) => {
        if (c.name !== chosen) return c;
        const resources = {
          requests: { ...(c.resources?.requests ?? {}) },
          limits: { ...(c.resources?.limits ?? {}) },
        };
        for (const which of ['requests', 'limits'] as const) {
          for (const resource of ['memory', 'cpu'] as const) {
            const value = changes[which][resource];
            if (value) resources[which][resource] = value;
          }
        }
        // Kubernetes defaults a missing request to the limit.
        for (const resource of ['memory', 'cpu'] as const) {
          if (resources.limits[resource] && !resources.requests[resource])
            resources.requests[resource] = resources.limits[resource];
        }
        return { ...c, resources };
      }),
    };
    const oldContainer = (oldSpec.containers as KubeObject[]).find((c) => c.name === chosen) as KubeObject;
    const newContainer = (newSpec.containers as KubeObject[]).find((c) => c.name === chosen) as KubeObject;
    const describe = (c: KubeObject) =>
      `requests ${resourceText(c.resources?.requests) ?? 'none'}; limits ${resourceText(c.resources?.limits) ?? 'none'}`;
    const blockers: string[] = [];
    // Kept apart until the end: when they are all that is short, more nodes (or an override) would do.
    const roomBlockers: string[] = [];
    const warnings: string[] = [];
    for (const resource of ['memory', 'cpu'] as const) {
      const request = tryParseQuantity(newContainer.resources.requests[resource]);
      const limit = tryParseQuantity(newContainer.resources.limits[resource]);
      if (request !== undefined && limit !== undefined && limit < request) {
        blockers.push(
          `${resource} limit ${newContainer.resources.limits[resource]} is below the request ${newContainer.resources.requests[resource]}: the API server rejects it`,
        );
      }
    }
    const replicas =
      found.kind === 'DaemonSet'
        ? Number(found.object.status?.desiredNumberScheduled ?? 0)
        : Number(found.object.spec?.replicas ?? 1);
    const newNeeds = {
      cpu: podResource(newSpec, 'cpu', 'requests'),
      memory: podResource(newSpec, 'memory', 'requests'),
    };
    const nodes = await nodeCapacities(cluster);
    const eligible = nodes.filter((n) => nodeRefusesTemplate(n, newSpec) === undefined);
    const memoryLimit = podResource(newSpec, 'memory', 'limits');
    const biggest = eligible.reduce((max, n) => Math.max(max, n.allocatable.memory), 0);
    if (memoryLimit > biggest && biggest > 0) {
      warnings.push(
        `memory limit ${formatBytes(memoryLimit)} exceeds every eligible node's allocatable (largest ${formatBytes(biggest)})`,
      );
    }
    // Surge: Deployments with RollingUpdate start maxSurge new pods while all old pods still hold their requests.
    const strategy = found.object.spec?.strategy ?? {};
    const surge =
      found.kind === 'Deployment' && (strategy.type ?? 'RollingUpdate') === 'RollingUpdate'
        ? rolloutCount(strategy.rollingUpdate?.maxSurge, replicas, '25%', true)
        : 0;
    const freeNow = eligible.map((n) => ({
      name: n.name,
      cpu: n.available.cpu,
      memory: n.available.memory,
      pods: n.available.pods,
    }));
    const surgePlacement = placePods(
      Math.max(1, surge),
      newNeeds,
      freeNow.map((f) => ({ ...f })),
    );
    const largestFree = eligible.reduce((max, n) => Math.max(max, n.available.memory), 0);
    const surgeText = surgePlacement.unplaced
      ? `no node can fit a new-size pod now (needs memory ${formatBytes(newNeeds.memory)}, cpu ${formatCpu(newNeeds.cpu)}; most free memory ${formatBytes(largestFree)})`
      : `fits now on ${placementText(surgePlacement)}`;
    if (surgePlacement.unplaced && surge > 0) {
      const unavailable = rolloutCount(strategy.rollingUpdate?.maxUnavailable, replicas, '25%', false);
      if (unavailable > 0)
        warnings.push(
          `the surge pod does not fit now; the rollout relies on maxUnavailable ${unavailable} removing old pods first`,
        );
      else
        roomBlockers.push(
          `the rolling update needs room for ${surge} surge pod(s) and maxUnavailable is 0: it would stall`,
        );
    }
    // After the rollout: the workload's own old pods free their requests; place every pod at the new size.
    const pods = (await workloadPods(cluster, namespace, found.object)).filter((p) =>
      selectorMatches(found.object.spec?.selector, p.metadata.labels),
    );
    const freed = new Map<string, { cpu: number; memory: number; pods: number }>();
    for (const pod of pods) {
      const node = pod.spec?.nodeName;
      if (!node || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const f = freed.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
      f.cpu += podResource(pod.spec, 'cpu', 'requests');
      f.memory += podResource(pod.spec, 'memory', 'requests');
      f.pods += 1;
      freed.set(node, f);
    }
    const afterPlacement = placePods(
      replicas,
      newNeeds,
      freeNow.map((f) => ({
        name: f.name,
        cpu: f.cpu + (freed.get(f.name)?.cpu ?? 0),
        memory: f.memory + (freed.get(f.name)?.memory ?? 0),
        pods: f.pods + (freed.get(f.name)?.pods ?? 0),
      })),
    );
    if (afterPlacement.unplaced) {
      roomBlockers.push(
        `${afterPlacement.unplaced} of ${replicas} pods at the new size fit on no node even after the old pods are gone`,
      );
    }
    // Quota: every pod grows by the difference, plus the surge pods at full new size during the rollout.
    const quota = await quotaCheck(cluster, namespace, (resource) => {
      const after = quotaGrowth(resource, 1, newSpec);
      const before = quotaGrowth(resource, 1, oldSpec);
      if (after === undefined || before === undefined) return undefined;
      if (resource === 'pods' || resource === 'count/pods') return surge;
      return (after - before) * replicas + after * surge;
    });
    blockers.push(...roomBlockers, ...quota.breaches);
    const feasible = blockers.length === 0;
    return {
      summary: feasible
        ? `${workload}/${chosen} can move to ${describe(newContainer)}: surge pod ${surgeText}; all ${replicas} pods fit after the rollout (${placementText(afterPlacement)})`
        : `${workload}/${chosen} cannot move to ${describe(newContainer)}: ${blockers[0]}`,
      feasible,
      workload: `${found.kind} ${workload}`,
      container: chosen,
      current: describe(oldContainer),
      proposed: describe(newContainer),
      replicas,
      surge_pods: surge,
      surge_pod: surgeText,
      after_rollout: `${replicas - afterPlacement.unplaced}/${replicas} pods fit${afterPlacement.placed.size ? ` (${placementText(afterPlacement)})` : ''}`,
      blockers,
      ...(feasible ? {} : { only_node_room: roomBlockers.length === blockers.length }),
      warnings,
      quota: quota.lines,
    };
  },
});
