// Deployments roll out like a real cluster's: new ReplicaSets with revisions, surge-limited pod turnover,
// the status `kubectl rollout status` reads, stalls on a missing image, and `rollout undo`.
import { afterEach, describe, expect, it } from 'vitest';
import {
  condition,
  deployment,
  isReady,
  node,
  setImage,
  startCluster,
  status,
  type TestCluster,
} from './cluster.js';

const REVISION = 'deployment.kubernetes.io/revision';
let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

async function webapp(simulation = {}, options = {}): Promise<TestCluster> {
  cluster = await startCluster(
    [
      ['core/nodes', node('worker-01')],
      ['core/nodes', node('worker-02')],
      ['core/nodes', node('worker-03')],
      ['apps/deployments', deployment('webapp', options)],
    ],
    simulation,
  );
  await cluster.advance(2);
  return cluster;
}

function replicaSets(c: TestCluster) {
  return c.store.list('apps/replicasets', 'production');
}

describe('Deployment rollouts', () => {
  it('a new Deployment gets a ReplicaSet at revision 1 and three Ready pods', async () => {
    const c = await webapp();
    const [rs] = replicaSets(c);
    expect(rs?.metadata.name).toMatch(/^webapp-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs?.metadata.annotations?.[REVISION]).toBe('1');
    expect(rs?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'webapp',
      controller: true,
    });
    const pods = c.pods('production');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^${rs?.metadata.name}-[a-z0-9]{5}$`));
      expect(pod.metadata.labels?.['pod-template-hash']).toBe(rs?.metadata.labels?.['pod-template-hash']);
      expect(isReady(pod)).toBe(true);
      expect(status(pod)).toMatchObject({ phase: 'Running', qosClass: 'Burstable' });
      expect(status<{ podIP: string }>(pod).podIP).toMatch(/^10\.244\.\d\.\d+$/);
    }
    const d = c.get('apps/deployments', 'production', 'webapp');
    expect(status(d)).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(condition(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
  });

  it('a new image rolls pods over one surge at a time and completes at revision 2', async () => {
    const c = await webapp();
    const oldRS = replicaSets(c)[0]?.metadata.name as string;
    setImage(c.store, 'webapp', 'registry.example.com/webapp:2.5.0');
    await c.controllers.settle();
    // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: four pods at most, three available always.
    const midway = c.get('apps/deployments', 'production', 'webapp');
    expect(status(midway)).toMatchObject({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 });
    expect(condition(midway, 'Progressing')?.reason).toMatch(/NewReplicaSetCreated|ReplicaSetUpdated/);
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      await c.advance(0.5);
      peak = Math.max(peak, c.pods('production').length);
      const ready = c.pods('production').filter(isReady).length;
      expect(ready).toBeGreaterThanOrEqual(3);
    }
    expect(peak).toBe(4);
    const d = c.get('apps/deployments', 'production', 'webapp');
    expect(d.metadata.annotations?.[REVISION]).toBe('2');
    expect(status(d)).toMatchObject({
      observedGeneration: d.metadata.generation,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(condition(d, 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
    const sets = replicaSets(c);
    expect(sets).toHaveLength(2);
    const old = sets.find((rs) => rs.metadata.name === oldRS);
    expect((old?.spec as { replicas: number }).replicas).toBe(0);
    const fresh = sets.find((rs) => rs.metadata.name !== oldRS);
    expect(fresh?.metadata.annotations?.[REVISION]).toBe('2');
    for (const pod of c.pods('production'))
      expect(pod.metadata.name.startsWith(fresh?.metadata.name ?? '?')).toBe(true);
    const messages = c.events('production', 'ScalingReplicaSet').map((e) => e.message);
    expect(messages).toContain(`Scaled up replica set ${fresh?.metadata.name} from 0 to 1`);
    expect(messages).toContain(`Scaled down replica set ${oldRS} from 3 to 2`);
  });

  it('a rollout to an image that does not exist never becomes available, times out, and undo restores it', async () => {
    const c = await webapp(
      { unavailableImages: ['registry.example.com/webapp:9.9.9-typo'] },
      { progressDeadlineSeconds: 30 },
    );
    const goodRS = replicaSets(c)[0];
    setImage(c.store, 'webapp', 'registry.example.com/webapp:9.9.9-typo');
    await c.advance(10);
    const stuck = c.pods('production').find((p) => !isReady(p));
    const waiting = status<{ containerStatuses: Array<{ state: { waiting?: { reason: string } } }> }>(stuck!)
      .containerStatuses[0]?.state.waiting?.reason as string;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting);
    expect(
      c.events('production', 'Failed').some((e) => String(e.message).startsWith('Failed to pull image')),
    ).toBe(true);
    let d = c.get('apps/deployments', 'production', 'webapp');
    expect(status(d)).toMatchObject({
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: 3,
      unavailableReplicas: 1,
    });
    expect(condition(d, 'Progressing')?.status).toBe('True');
    await c.advance(30);
    d = c.get('apps/deployments', 'production', 'webapp');
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(c.pods('production').filter(isReady)).toHaveLength(3);

    // kubectl rollout undo: copies revision 1's template (minus pod-template-hash) into the Deployment.
    const template = structuredClone(
      (goodRS?.spec as { template: { metadata: { labels: Record<string, string> } } }).template,
    );
    delete template.metadata.labels['pod-template-hash'];
    c.store.mutate('apps/deployments', 'production', 'webapp', (draft) => {
      (draft.spec as { template: unknown }).template = template;
    });
    await c.advance(3);
    d = c.get('apps/deployments', 'production', 'webapp');
    expect(d.metadata.annotations?.[REVISION]).toBe('3');
    expect(
      c.get('apps/replicasets', 'production', goodRS?.metadata.name as string).metadata.annotations?.[
        REVISION
      ],
    ).toBe('3');
    expect(status(d)).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(status(d)).not.toHaveProperty('unavailableReplicas');
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(c.pods('production').every((p) => p.metadata.name.startsWith(goodRS?.metadata.name ?? '?'))).toBe(
      true,
    );
  });

  it('kubectl rollout restart (a restartedAt annotation on the template) replaces every pod', async () => {
    const c = await webapp();
    const before = new Set(c.pods('production').map((p) => p.metadata.name));
    c.store.mutate('apps/deployments', 'production', 'webapp', (draft) => {
      const template = (draft.spec as { template: { metadata: { annotations?: Record<string, string> } } })
        .template;
      template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() };
    });
    await c.advance(8);
    const after = c.pods('production');
    expect(after).toHaveLength(3);
    expect(after.filter((p) => before.has(p.metadata.name))).toHaveLength(0);
    expect(after.every(isReady)).toBe(true);
  });

  it('scaling up and down changes the pod count without a new revision', async () => {
    const c = await webapp();
    c.store.mutate('apps/deployments', 'production', 'webapp', (draft) => {
      (draft.spec as { replicas: number }).replicas = 5;
    });
    await c.advance(2);
    expect(c.pods('production').filter(isReady)).toHaveLength(5);
    expect(replicaSets(c)).toHaveLength(1);
    c.store.mutate('apps/deployments', 'production', 'webapp', (draft) => {
      (draft.spec as { replicas: number }).replicas = 2;
    });
    await c.advance(1);
    expect(c.pods('production')).toHaveLength(2);
    const d = c.get('apps/deployments', 'production', 'webapp');
    expect(d.metadata.annotations?.[REVISION]).toBe('1');
    expect(status(d)).toMatchObject({ replicas: 2, availableReplicas: 2 });
  });
});
