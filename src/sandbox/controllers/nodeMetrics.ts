// NodeMetrics follow the pods: a pod's usage is added to its node when it starts and taken off when it goes,
// so `kubectl top nodes` shows a drained node emptying and its pods' new nodes filling.
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { KubeObject } from '../store.js';
import { NODE_METRICS, type ControllerContext } from './runtime.js';

/** Adds (sign 1) or removes (sign -1) one PodMetrics' usage on the node the pod runs on. */
export function moveNodeUsage(
  ctx: ControllerContext,
  nodeName: string | undefined,
  podMetrics: KubeObject,
  sign: 1 | -1,
): void {
  if (!nodeName) return;
  const node = ctx.store.get(NODE_METRICS, undefined, nodeName);
  if (!node) return;
  let cpu = 0;
  let memory = 0;
  for (const c of (podMetrics.containers as Array<{ usage?: Record<string, string> }> | undefined) ?? []) {
    cpu += tryParseQuantity(c.usage?.cpu) ?? 0;
    memory += tryParseQuantity(c.usage?.memory) ?? 0;
  }
  if (cpu === 0 && memory === 0) return;
  const usage = (node.usage ?? {}) as Record<string, string>;
  const nextCpu = Math.max(0, (tryParseQuantity(usage.cpu) ?? 0) + sign * cpu);
  const nextMemory = Math.max(0, (tryParseQuantity(usage.memory) ?? 0) + sign * memory);
  ctx.store.mutate(NODE_METRICS, undefined, nodeName, (draft) => {
    draft.usage = {
      ...((draft.usage as Record<string, string> | undefined) ?? {}),
      cpu: `${Math.round(nextCpu * 1e9)}n`,
      memory: `${Math.round(nextMemory / 1024)}Ki`,
    };
    draft.timestamp = new Date(ctx.clock.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  });
}
