// A ResourceQuota with no room left stops the ReplicaSet from creating pods, as the API server refuses them;
// the failure shows on the ReplicaSet and the Deployment, and more quota lets the missing pod in.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { condition, deployment, isReady, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

function quota(hardMemory: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute-quota', namespace: 'production' },
    spec: { hard: { 'requests.memory': hardMemory, pods: '20' } },
    status: {
      hard: { 'requests.memory': hardMemory, pods: '20' },
      used: { 'requests.memory': '0', pods: '0' },
    },
  };
}

describe('ResourceQuota', () => {
  it('an exhausted quota leaves the Deployment short with FailedCreate; raising the quota heals it', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/resourcequotas', quota('2Gi')],
      ['apps/deployments', deployment('webapp', { replicas: 3, memoryRequest: '1Gi' })],
    ]);
    await cluster.advance(2);
    expect(cluster.pods('production')).toHaveLength(2);
    const used = () =>
      status<{ used: Record<string, string> }>(
        cluster!.get('core/resourcequotas', 'production', 'compute-quota'),
      ).used;
    expect(used()).toEqual({ 'requests.memory': '2Gi', pods: '2' });
    const rs = cluster.store.list('apps/replicasets', 'production')[0]!;
    const failure = condition(rs, 'ReplicaFailure');
    expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    expect(failure?.message).toMatch(
      new RegExp(
        `^pods "${rs.metadata.name}-\\w{5}" is forbidden: exceeded quota: compute-quota, requested: requests.memory=1Gi, used: requests.memory=2Gi, limited: requests.memory=2Gi$`,
      ),
    );
    const events = cluster.events('production', 'FailedCreate');
    expect(events).toHaveLength(1);
    expect(events[0]?.message).toBe(`Error creating: ${failure?.message}`);
    const d = cluster.get('apps/deployments', 'production', 'webapp');
    expect(condition(d, 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
      message: failure?.message,
    });

    // Retries repeat the same event rather than piling up new ones.
    await cluster.advance(25);
    expect(cluster.events('production', 'FailedCreate')).toHaveLength(1);
    expect(cluster.events('production', 'FailedCreate')[0]?.count).toBeGreaterThanOrEqual(2);

    cluster.store.mutate('core/resourcequotas', 'production', 'compute-quota', (q) => {
      (q.spec as { hard: Record<string, string> }).hard['requests.memory'] = '4Gi';
    });
    await cluster.advance(2);
    expect(cluster.pods('production').filter(isReady)).toHaveLength(3);
    expect(used()).toMatchObject({ 'requests.memory': '3Gi', pods: '3' });
    expect(
      condition(cluster.store.list('apps/replicasets', 'production')[0]!, 'ReplicaFailure'),
    ).toBeUndefined();
    expect(
      condition(cluster.get('apps/deployments', 'production', 'webapp'), 'ReplicaFailure'),
    ).toBeUndefined();
  });
});
