// Evictions honour PodDisruptionBudgets (429 while a budget has no disruptions left) and evicted pods come back
// on another schedulable node, which is what `kubectl drain` relies on.
import { afterEach, describe, expect, it } from 'vitest';
import { evictPod } from '../../../src/sandbox/controllers/index.js';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { deployment, isReady, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

function budget(minAvailable: number | string) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'webapp-pdb', namespace: 'production' },
    spec: { minAvailable, selector: { matchLabels: { app: 'webapp' } } },
  };
}

const nodeOf = (pod: KubeObject) => (pod.spec as { nodeName?: string }).nodeName;

describe('evictions', () => {
  it('a PDB at its minimum refuses an eviction with 429, then allows it once the replacement is Ready', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/nodes', node('worker-02')],
      ['apps/deployments', deployment('webapp', { replicas: 2 })],
      ['policy/poddisruptionbudgets', budget(1)],
    ]);
    await cluster.advance(2);
    expect(status(cluster.get('policy/poddisruptionbudgets', 'production', 'webapp-pdb'))).toMatchObject({
      currentHealthy: 2,
      desiredHealthy: 1,
      disruptionsAllowed: 1,
      expectedPods: 2,
    });
    // Cordon worker-01 and drain it: evict its pods one by one.
    cluster.store.mutate('core/nodes', undefined, 'worker-01', (n) => {
      n.spec = { ...(n.spec as object), unschedulable: true };
    });
    const [first, second] = cluster.pods('production');
    expect(evictPod(cluster.store, cluster.clock, 'production', first!.metadata.name)).toEqual({
      ok: true,
      dryRun: false,
    });
    const refused = evictPod(cluster.store, cluster.clock, 'production', second!.metadata.name);
    expect(refused).toMatchObject({
      ok: false,
      status: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget webapp-pdb needs 1 healthy pods and has 1 currently',
        },
      ],
    });
    expect(cluster.store.get('core/pods', 'production', second!.metadata.name)).toBeDefined();

    await cluster.advance(2);
    const pods = cluster.pods('production');
    expect(pods).toHaveLength(2);
    expect(pods.every(isReady)).toBe(true);
    const replacement = pods.find((p) => p.metadata.name !== second!.metadata.name)!;
    expect(nodeOf(replacement)).toBe('worker-02');
    expect(status(cluster.get('policy/poddisruptionbudgets', 'production', 'webapp-pdb'))).toMatchObject({
      disruptionsAllowed: 1,
    });

    expect(
      evictPod(cluster.store, cluster.clock, 'production', second!.metadata.name, { dryRun: true }),
    ).toEqual({ ok: true, dryRun: true });
    expect(cluster.store.get('core/pods', 'production', second!.metadata.name)).toBeDefined();
    expect(evictPod(cluster.store, cluster.clock, 'production', second!.metadata.name).ok).toBe(true);
    expect(evictPod(cluster.store, cluster.clock, 'production', 'gone')).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it('a budget of 100% never allows an eviction of a healthy pod', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['apps/deployments', deployment('webapp', { replicas: 2 })],
      ['policy/poddisruptionbudgets', budget('100%')],
    ]);
    await cluster.advance(2);
    const [pod] = cluster.pods('production');
    expect(evictPod(cluster.store, cluster.clock, 'production', pod!.metadata.name)).toMatchObject({
      ok: false,
      status: 429,
    });
    expect(status(cluster.get('policy/poddisruptionbudgets', 'production', 'webapp-pdb'))).toMatchObject({
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }],
    });
  });

  it('node usage follows an evicted pod to its new node (kubectl top nodes)', async () => {
    const nodeMetrics = (name: string): KubeObject => ({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'NodeMetrics',
      metadata: { name },
      timestamp: new Date().toISOString(),
      window: '20s',
      usage: { cpu: '1', memory: '4Gi' },
    });
    cluster = await startCluster(
      [
        ['core/nodes', node('worker-01')],
        ['core/nodes', node('worker-02')],
        ['metrics.k8s.io/nodes', nodeMetrics('worker-01')],
        ['metrics.k8s.io/nodes', nodeMetrics('worker-02')],
        ['apps/deployments', deployment('webapp', { replicas: 1 })],
      ],
      { usage: [{ namespace: 'production', name: 'webapp', memory: '1Gi', cpu: '500m' }] },
    );
    await cluster.advance(2);
    const usage = (name: string) => cluster!.get('metrics.k8s.io/nodes', undefined, name).usage;
    const [pod] = cluster.pods('production');
    const from = nodeOf(pod!) as string;
    const to = from === 'worker-01' ? 'worker-02' : 'worker-01';
    expect(usage(from)).toEqual({ cpu: '1500000000n', memory: `${5 * 1024 * 1024}Ki` });
    cluster.store.mutate('core/nodes', undefined, from, (n) => {
      n.spec = { ...(n.spec as object), unschedulable: true };
    });
    expect(evictPod(cluster.store, cluster.clock, 'production', pod!.metadata.name).ok).toBe(true);
    await cluster.advance(2);
    expect(nodeOf(cluster.pods('production')[0]!)).toBe(to);
    expect(usage(from)).toEqual({ cpu: '1000000000n', memory: `${4 * 1024 * 1024}Ki` });
    expect(usage(to)).toEqual({ cpu: '1500000000n', memory: `${5 * 1024 * 1024}Ki` });
  });
});
