// Pods behave as on a real cluster: deleted ones come back, unschedulable ones say why, and the scenario's
// simulation rules make containers crash-loop or get OOMKilled until the fix lands.
import { afterEach, describe, expect, it } from 'vitest';
import {
  condition,
  containerState,
  deployment,
  isReady,
  node,
  startCluster,
  status,
  type TestCluster,
} from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

type ContainerStatus = {
  restartCount: number;
  state: { waiting?: { reason: string; message?: string }; running?: unknown };
  lastState: { terminated?: { reason: string; exitCode: number } };
};

function containerStatus(pod: Parameters<typeof status>[0]): ContainerStatus {
  return status<{ containerStatuses: ContainerStatus[] }>(pod).containerStatuses[0] as ContainerStatus;
}

describe('pods', () => {
  it('a deleted pod is replaced by its ReplicaSet and starts on a node', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/nodes', node('worker-02')],
      ['apps/deployments', deployment('webapp')],
    ]);
    await cluster.advance(2);
    const victim = cluster.pods('production')[0]!;
    cluster.store.delete('core/pods', 'production', victim.metadata.name);
    await cluster.controllers.settle();
    const pods = cluster.pods('production');
    expect(pods).toHaveLength(3);
    const replacement = pods.find((p) => !isReady(p))!;
    expect(replacement.metadata.name).not.toBe(victim.metadata.name);
    expect((replacement.spec as { nodeName?: string }).nodeName).toMatch(/^worker-0[12]$/);
    expect(containerState(replacement)).toEqual({ waiting: { reason: 'ContainerCreating' } });
    await cluster.advance(1.5);
    expect(cluster.pods('production').every(isReady)).toBe(true);
    const rs = cluster.store.list('apps/replicasets', 'production')[0]!;
    expect(cluster.events('production', 'SuccessfulCreate').map((e) => e.message)).toContain(
      `Created pod: ${replacement.metadata.name}`,
    );
    expect(status(rs)).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it('pods that fit nowhere stay Pending with PodScheduled=False and the scheduler’s FailedScheduling message', async () => {
    cluster = await startCluster([
      [
        'core/nodes',
        node('worker-01', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      ],
      ['core/nodes', node('worker-02', { memory: '4Gi' })],
      ['core/nodes', node('worker-03', { memory: '4Gi' })],
      ['apps/deployments', deployment('webapp', { replicas: 1, memoryRequest: '6Gi', memoryLimit: '8Gi' })],
    ]);
    await cluster.advance(2);
    const [pod] = cluster.pods('production');
    expect(status(pod!)).toMatchObject({ phase: 'Pending' });
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient memory. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(condition(pod!, 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message,
    });
    const event = cluster.events('production', 'FailedScheduling')[0]!;
    expect(event).toMatchObject({ type: 'Warning', message, source: { component: 'default-scheduler' } });

    // Removing the taint frees worker-01: the pod is scheduled there and starts.
    cluster.store.mutate('core/nodes', undefined, 'worker-01', (n) => {
      (n.spec as { taints?: unknown[] }).taints = [];
    });
    await cluster.advance(2);
    const [started] = cluster.pods('production');
    expect((started!.spec as { nodeName: string }).nodeName).toBe('worker-01');
    expect(isReady(started!)).toBe(true);
  });

  it('a cordoned node gets no new pods', async () => {
    cluster = await startCluster([
      ['core/nodes', { ...node('worker-01'), spec: { unschedulable: true } }],
      ['core/nodes', node('worker-02', { memory: '1536Mi' })],
      ['apps/deployments', deployment('webapp', { replicas: 2 })],
    ]);
    await cluster.advance(2);
    const pods = cluster.pods('production');
    const placed = pods.filter((p) => (p.spec as { nodeName?: string }).nodeName);
    expect(placed.map((p) => (p.spec as { nodeName: string }).nodeName)).toEqual(['worker-02']);
    const pending = pods.find((p) => !(p.spec as { nodeName?: string }).nodeName)!;
    expect(condition(pending, 'PodScheduled')?.message).toBe(
      '0/2 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable. ' +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });

  it('memory use at the limit gets containers OOMKilled; a raised limit makes the new pods healthy', async () => {
    cluster = await startCluster(
      [
        ['core/nodes', node('worker-01')],
        ['core/nodes', node('worker-02')],
        [
          'apps/deployments',
          deployment('webapp', { replicas: 2, memoryLimit: '512Mi', memoryRequest: '256Mi' }),
        ],
      ],
      { usage: [{ namespace: 'production', name: 'webapp', memory: '600Mi', cpu: '200m' }] },
    );
    await cluster.advance(4);
    const pod = cluster.pods('production')[0]!;
    const crashed = containerStatus(pod);
    expect(crashed.restartCount).toBeGreaterThanOrEqual(1);
    expect(crashed.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(crashed.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(isReady(pod)).toBe(false);
    await cluster.advance(40);
    expect(
      containerStatus(cluster.get('core/pods', 'production', pod.metadata.name)).restartCount,
    ).toBeGreaterThanOrEqual(3);
    expect(cluster.store.list('metrics.k8s.io/pods', 'production')).toHaveLength(0);

    // The fix: a 1Gi limit. maxUnavailable rounds down to 0 but the old pods are unavailable anyway.
    cluster.store.mutate('apps/deployments', 'production', 'webapp', (d) => {
      const container = (
        d.spec as {
          template: { spec: { containers: Array<{ resources: { limits: Record<string, string> } }> } };
        }
      ).template.spec.containers[0]!;
      container.resources.limits.memory = '1Gi';
    });
    await cluster.advance(5);
    const pods = cluster.pods('production');
    expect(pods).toHaveLength(2);
    expect(pods.every(isReady)).toBe(true);
    expect(pods.every((p) => containerStatus(p).restartCount === 0)).toBe(true);
    const metrics = cluster.store.list('metrics.k8s.io/pods', 'production');
    expect(metrics).toHaveLength(2);
    expect(metrics[0]).toMatchObject({
      containers: [{ name: 'webapp', usage: { memory: `${600 * 1024}Ki`, cpu: '200000000n' } }],
    });
    expect(condition(cluster.get('apps/deployments', 'production', 'webapp'), 'Available')?.status).toBe(
      'True',
    );
  });

  it('a crashing image loops with rising restarts and an Error exit; rolling back the image heals it', async () => {
    cluster = await startCluster(
      [
        ['core/nodes', node('worker-01')],
        ['apps/deployments', deployment('api', { replicas: 1, image: 'registry.example.com/api:1.0' })],
      ],
      { crashingImages: [{ image: 'api:1.1-badconfig', exitCode: 2, runSeconds: 1 }] },
    );
    await cluster.advance(2);
    cluster.store.mutate('apps/deployments', 'production', 'api', (d) => {
      (
        d.spec as { template: { spec: { containers: Array<{ image: string }> } } }
      ).template.spec.containers[0]!.image = 'registry.example.com/api:1.1-badconfig';
    });
    await cluster.advance(30);
    const bad = cluster.pods('production').find((p) => !isReady(p))!;
    const s = containerStatus(bad);
    expect(s.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 2 });
    expect(s.restartCount).toBeGreaterThanOrEqual(2);
    expect(
      cluster
        .events('production', 'BackOff')
        .some((e) => String(e.message).startsWith('Back-off restarting failed container api')),
    ).toBe(true);
    // The old pod keeps serving: maxUnavailable 0 never lets the rollout take it down.
    expect(cluster.pods('production').filter(isReady)).toHaveLength(1);

    cluster.store.mutate('apps/deployments', 'production', 'api', (d) => {
      (
        d.spec as { template: { spec: { containers: Array<{ image: string }> } } }
      ).template.spec.containers[0]!.image = 'registry.example.com/api:1.0';
    });
    await cluster.advance(2);
    const pods = cluster.pods('production');
    expect(pods).toHaveLength(1);
    expect(isReady(pods[0]!)).toBe(true);
    expect(
      cluster.get('apps/deployments', 'production', 'api').metadata.annotations?.[
        'deployment.kubernetes.io/revision'
      ],
    ).toBe('3');
  });
});
