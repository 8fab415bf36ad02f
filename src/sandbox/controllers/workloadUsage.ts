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

/** The pods of a workload: a Deployment's through its ReplicaSets, a set's directly; found through the indexes. */
export function workloadPods(ctx: ControllerContext, namespace: string, top: WorkloadRef): KubeObject[] {
  if (top.kind === 'Deployment') {
    return ctx.replicaSets
      .ownedBy(namespace, 'Deployment', top.name)
      .flatMap((rs) => ctx.pods.ownedBy(namespace, 'ReplicaSet', rs.metadata.name));
  }
  if (top.kind === 'Pod') {
    const pod = ctx.store.get(PODS, namespace, top.name);
    return pod ? [pod] : [];
  }
  return ctx.pods.ownedBy(namespace, top.kind, top.name);
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
  const namespace = pod.metadata.namespace ?? 'default';
  for (const other of workloadPods(ctx, namespace, top)) {
    if (other.metadata.name === pod.metadata.name) continue;
    const metrics = ctx.store.get(POD_METRICS, namespace, other.metadata.name);
    if (!metrics) continue;
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
