// The synthetic cluster: exact sizes, deterministic from its seed, consistent, and loadable into the store.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { SandboxClock } from '../../../src/sandbox/clock.js';
import {
  generateSyntheticCluster,
  loadIntoStore,
  parseSyntheticSpec,
} from '../../../src/sandbox/scenarios/index.js';
import { ObjectStore } from '../../../src/sandbox/store.js';

const now = new Date('2030-05-05T10:00:00Z');

describe('synthetic cluster', () => {
  it('has exactly the nodes and pods asked for, spread over team namespaces, with metrics', () => {
    const scenario = generateSyntheticCluster({ nodes: 40, pods: 900, seed: 3, now });
    const count = (kind: string) => scenario.objects.filter((o) => o.kind === kind).length;
    expect(count('Node')).toBe(40);
    expect(count('Pod')).toBe(900);
    expect(count('Namespace')).toBe(3);
    expect(count('PodMetrics')).toBeGreaterThan(800);
    expect(count('NodeMetrics')).toBe(40);
    const store = new ObjectStore(new SandboxClock());
    loadIntoStore(scenario, store);
    expect(store.count('core/pods')).toBe(900);
    expect(store.list('core/pods', 'team-0001').length).toBe(300);
  });

  it('is the same cluster for the same seed and time, and another for another seed', () => {
    const a = generateSyntheticCluster({ nodes: 20, pods: 400, seed: 7, now });
    const b = generateSyntheticCluster({ nodes: 20, pods: 400, seed: 7, now });
    const c = generateSyntheticCluster({ nodes: 20, pods: 400, seed: 8, now });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('plants a memory incident to triage and the canary', () => {
    const scenario = generateSyntheticCluster({ nodes: 10, pods: 100, seed: 1, now });
    const labels = (scenario.alerts[0]?.json as Array<{ labels: Record<string, string> }>)[0]?.labels;
    expect(labels).toMatchObject({
      alertname: 'HighMemoryUsage',
      namespace: 'team-0001',
      deployment: 'checkout',
    });
    const pod = scenario.objects.find((o) => o.kind === 'Pod' && o.metadata.name === labels?.pod);
    expect(pod?.metadata.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    expect(JSON.stringify(scenario)).toContain('Authorization: Bearer kopilot-canary-7f3a9c2e');
    expect(scenario.logs[0]?.text).toContain('password=kopilot-canary-7f3a9c2e');
  });

  it('parses the --synthetic flag and rejects nonsense', () => {
    expect(parseSyntheticSpec('nodes=1000,pods=30000')).toEqual({ nodes: 1000, pods: 30000 });
    expect(parseSyntheticSpec('nodes=5, pods=50, seed=9')).toEqual({ nodes: 5, pods: 50, seed: 9 });
    expect(() => parseSyntheticSpec('nodes=lots')).toThrow(UsageError);
    expect(() => parseSyntheticSpec('pods=10')).toThrow(
      '--synthetic: expected nodes=N,pods=M[,seed=S], got "pods=10"',
    );
    expect(() => generateSyntheticCluster({ nodes: 0, pods: 10 })).toThrow('synthetic nodes must be 1–20000');
  });
});
