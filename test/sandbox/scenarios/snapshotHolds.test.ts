// A loaded scenario stays the incident its cluster.yaml describes: with the controllers running and a minute of
// simulated time passing, no pod starts, moves or heals, no claim binds and no workload status is rewritten.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox/index.js';
import { listBuiltinScenarios } from '../../../src/sandbox/scenarios/index.js';
import type { KubeObject, ObjectStore } from '../../../src/sandbox/store.js';

/**
 * Facts of built-ins whose cluster.yaml a real cluster would not keep either (left to the scenarios to fix): the
 * controllers correct them, as kube's would.
 */
const INCONSISTENT: Record<string, Record<string, string>> = {
  'imagepull-bad-tag': {
    'apps/deployments storefront/frontend':
      'ReplicaSet frontend-5544dd4bf5 has spec.replicas 0 but owns a pod: the Deployment controller scales it to 1',
  },
  'crashloop-bad-config': {
    'policy/poddisruptionbudgets payments/payments-api':
      'status.expectedPods 5 counts pods; with maxUnavailable the disruption controller counts the Deployment scale once',
  },
};

const names = (await listBuiltinScenarios()).map((s) => s.name);

type Json = Record<string, unknown>;

const conditions = (object: KubeObject) =>
  (((object.status as Json | undefined)?.conditions ?? []) as Json[])
    .map((c) => `${String(c.type)}=${String(c.status)}${c.reason ? `/${String(c.reason)}` : ''}`)
    .sort();

/** What an engineer reads off each object: the facts that must not change by themselves. */
function facts(store: ObjectStore): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pod of store.list('core/pods')) {
    const status = (pod.status ?? {}) as Json;
    const containers = ((status.containerStatuses ?? []) as Json[]).map((c) => {
      const state = (c.state ?? {}) as Json;
      const waiting = state.waiting as Json | undefined;
      return `${String(c.name)}:${Object.keys(state).join('')}${waiting ? `/${String(waiting.reason)}` : ''}:${String(c.ready)}`;
    });
    out[`pod ${pod.metadata.namespace}/${pod.metadata.name}`] = {
      node: (pod.spec as Json).nodeName ?? null,
      phase: status.phase ?? null,
      containers,
      conditions: conditions(pod),
    };
  }
  for (const pvc of store.list('core/persistentvolumeclaims')) {
    out[`pvc ${pvc.metadata.namespace}/${pvc.metadata.name}`] = {
      phase: (pvc.status as Json | undefined)?.phase ?? null,
      volume: (pvc.spec as Json).volumeName ?? null,
    };
  }
  for (const resource of ['apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets']) {
    for (const object of store.list(resource)) {
      const status = { ...((object.status ?? {}) as Json) };
      delete status.conditions;
      delete status.observedGeneration;
      // The API server leaves zero counts out (omitempty): 0 and absent say the same.
      for (const [field, value] of Object.entries(status)) if (value === 0) delete status[field];
      out[`${resource} ${object.metadata.namespace}/${object.metadata.name}`] = {
        status,
        conditions: conditions(object),
      };
    }
  }
  for (const resource of [
    'policy/poddisruptionbudgets',
    'autoscaling/horizontalpodautoscalers',
    'batch/jobs',
  ]) {
    for (const object of store.list(resource)) {
      const status = { ...((object.status ?? {}) as Json) };
      // Times move with the moment of loading; they are not facts that heal.
      for (const field of [
        'conditions',
        'observedGeneration',
        'lastScaleTime',
        'currentMetrics',
        'startTime',
        'completionTime',
      ])
        delete status[field];
      for (const [field, value] of Object.entries(status)) if (value === 0) delete status[field];
      out[`${resource} ${object.metadata.namespace}/${object.metadata.name}`] = {
        status,
        conditions: conditions(object),
      };
    }
  }
  for (const node of store.list('core/nodes')) out[`node ${node.metadata.name}`] = conditions(node);
  return out;
}

/** "key: before → after" for every fact that changed, appeared or went away. */
function changes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .map((key) => [key, JSON.stringify(before[key]), JSON.stringify(after[key])] as const)
    .filter(([, a, b]) => a !== b)
    .map(([key, a, b]) => `${key}: ${a ?? 'absent'} → ${b ?? 'absent'}`);
}

describe('a loaded snapshot holds', () => {
  it.each(names)('%s stays as its cluster.yaml says for a simulated minute', async (name) => {
    const sandbox = await startSandbox({ scenario: name, controllers: false });
    const before = facts(sandbox.store);
    const ignored = Object.keys(INCONSISTENT[name] ?? {});
    await sandbox.close();
    const live = await startSandbox({ scenario: name });
    try {
      await live.settle();
      for (let i = 0; i < 12; i++) {
        live.clock.advance(5000);
        await live.settle();
      }
      const after = facts(live.store);
      for (const key of ignored) {
        delete before[key];
        delete after[key];
      }
      expect(changes(before, after)).toEqual([]);
    } finally {
      await live.close();
    }
  });
});
