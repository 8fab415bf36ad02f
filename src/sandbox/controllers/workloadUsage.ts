// Which workload a pod belongs to, and the memory/CPU its containers use under the scenario's rules.
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { KubeObject } from '../store.js';
import { controllerOf } from './podState.js';
import { POD_METRICS, PODS, REPLICASETS, type ControllerContext } from './runtime.js';

export interface WorkloadRef {
  kind: string;
  name: string;
}

/** The pod itself, its controller, and the Deployment above a ReplicaSet: the names a rule can use. */
export function workloadChain(ctx: ControllerContext, pod: KubeObject): WorkloadRef[] {
  const chain: WorkloadRef[] = [{ kind: 'Pod', name: pod.metadata.name }];
  const owner = controllerOf(pod);
  if (!owner) return chain;
  chain.push({ kind: owner.kind, name: owner.name });
  if (owner.kind === 'ReplicaSet') {
    const rs = ctx.store.get(REPLICASETS, pod.metadata.namespace, owner.name);
    const top = rs ? controllerOf(rs) : undefined;
    if (top) chain.push({ kind: top.kind, name: top.name });
    else {
      // A ReplicaSet named <deployment>-<hash> whose object is gone still tells the Deployment.
      const dash = owner.name.lastIndexOf('-');
      if (dash > 0) chain.push({ kind: 'Deployment', name: owner.name.slice(0, dash) });
    }
  }
  return chain;
}

export interface ContainerUsage {
  cpu?: number;
  memory?: number;
}

/** A container's simulated usage: the scenario's rule, else what sibling pods of the same workload use. */
export function containerUsage(ctx: ControllerContext, pod: KubeObject, container: string): ContainerUsage {
  const chain = workloadChain(ctx, pod);
  const namespace = pod.metadata.namespace ?? 'default';
  const rule = ctx.simulation.usage.find(
    (r) =>
      r.namespace === namespace &&
      (r.container === undefined || r.container === container) &&
      chain.some((w) => w.name === r.name && (r.kind === undefined || r.kind === w.kind)),
  );
  const fromRule: ContainerUsage = {
    cpu: tryParseQuantity(rule?.cpu),
    memory: tryParseQuantity(rule?.memory),
  };
  if (fromRule.cpu !== undefined && fromRule.memory !== undefined) return fromRule;
  const sibling = siblingUsage(ctx, pod, chain, container);
  return { cpu: fromRule.cpu ?? sibling.cpu, memory: fromRule.memory ?? sibling.memory };
}

function siblingUsage(
  ctx: ControllerContext,
  pod: KubeObject,
  chain: WorkloadRef[],
  container: string,
): ContainerUsage {
  const top = chain[chain.length - 1] as WorkloadRef;
  if (top.kind === 'Pod') return {};
  let cpu: number | undefined;
  let memory: number | undefined;
  for (const metrics of ctx.store.list(POD_METRICS, pod.metadata.namespace)) {
    if (metrics.metadata.name === pod.metadata.name) continue;
    const other = ctx.store.get(PODS, pod.metadata.namespace, metrics.metadata.name);
    if (!other) continue;
    const otherTop = workloadChain(ctx, other).at(-1) as WorkloadRef;
    if (otherTop.kind !== top.kind || otherTop.name !== top.name) continue;
    const usage = (
      (metrics.containers as Array<{ name: string; usage?: Record<string, string> }> | undefined) ?? []
    ).find((c) => c.name === container)?.usage;
    const c = tryParseQuantity(usage?.cpu);
    const m = tryParseQuantity(usage?.memory);
    if (c !== undefined) cpu = Math.max(cpu ?? 0, c);
    if (m !== undefined) memory = Math.max(memory ?? 0, m);
  }
  return { cpu, memory };
}
