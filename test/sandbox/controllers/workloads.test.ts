// StatefulSets keep their ordinal pods, DaemonSets one pod per node, HPAs report and act within their bounds,
// and PVCs grow when their StorageClass allows it.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { condition, deployment, isReady, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: {
    containers: [
      { name: app, image: `${app}:1.0`, resources: { requests: { cpu: '100m', memory: '128Mi' } } },
    ],
  },
});

function statefulSet(replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'redis', namespace: 'production' },
    spec: {
      replicas,
      serviceName: 'redis',
      selector: { matchLabels: { app: 'redis' } },
      template: template('redis'),
    },
  };
}

function daemonSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-exporter', namespace: 'monitoring' },
    spec: { selector: { matchLabels: { app: 'node-exporter' } }, template: template('node-exporter') },
  };
}

const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name).sort();

describe('StatefulSets and DaemonSets', () => {
  it('a StatefulSet creates ordinals in order, replaces a deleted one under the same name, and scales down from the top', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['apps/statefulsets', statefulSet(3)],
    ]);
    await cluster.controllers.settle();
    expect(names(cluster.pods('production'))).toEqual(['redis-0']);
    await cluster.advance(5);
    expect(names(cluster.pods('production'))).toEqual(['redis-0', 'redis-1', 'redis-2']);
    expect(cluster.pods('production').every(isReady)).toBe(true);
    const uid = cluster.get('core/pods', 'production', 'redis-1').metadata.uid;
    cluster.store.delete('core/pods', 'production', 'redis-1');
    await cluster.advance(2);
    const replaced = cluster.get('core/pods', 'production', 'redis-1');
    expect(replaced.metadata.uid).not.toBe(uid);
    expect(isReady(replaced)).toBe(true);
    cluster.store.mutate('apps/statefulsets', 'production', 'redis', (s) => {
      (s.spec as { replicas: number }).replicas = 1;
    });
    await cluster.advance(2);
    expect(names(cluster.pods('production'))).toEqual(['redis-0']);
    expect(status(cluster.get('apps/statefulsets', 'production', 'redis'))).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
    });
  });

  it('a DaemonSet runs one pod per node, skips a tainted node, and follows a new node', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      [
        'core/nodes',
        node('worker-02', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      ],
      ['core/nodes', { ...node('worker-03'), spec: { unschedulable: true } }],
      ['apps/daemonsets', daemonSet()],
    ]);
    await cluster.advance(2);
    const nodesOf = () =>
      cluster!
        .pods('monitoring')
        .map((p) => (p.spec as { nodeName: string }).nodeName)
        .sort();
    expect(nodesOf()).toEqual(['worker-01', 'worker-03']);
    cluster.store.create('core/nodes', node('worker-04'));
    await cluster.advance(2);
    expect(nodesOf()).toEqual(['worker-01', 'worker-03', 'worker-04']);
    expect(status(cluster.get('apps/daemonsets', 'monitoring', 'node-exporter'))).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
    });
  });
});

describe('DaemonSet rolling update', () => {
  const revision = (pod: KubeObject) => pod.metadata.labels?.['controller-revision-hash'];

  async function restartedDaemonSet(strategy?: Record<string, unknown>) {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/nodes', node('worker-02')],
      ['core/nodes', node('worker-03')],
      [
        'apps/daemonsets',
        {
          ...daemonSet(),
          spec: {
            ...(daemonSet().spec as Record<string, unknown>),
            ...(strategy ? { updateStrategy: strategy } : {}),
          },
        },
      ],
    ]);
    await cluster.advance(5);
    const before = cluster.pods('monitoring');
    expect(before.filter(isReady)).toHaveLength(3);
    // What `kubectl rollout restart` (and kopilot's restart_workload) writes.
    cluster.store.mutate('apps/daemonsets', 'monitoring', 'node-exporter', (ds) => {
      const template = (ds.spec as { template: { metadata: { annotations?: Record<string, string> } } })
        .template;
      template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T05:00:00Z' };
    });
    return { oldRevision: revision(before[0]!) };
  }

  it('replaces the pods node by node, never more than one node without an available pod, until all are updated', async () => {
    const { oldRevision } = await restartedDaemonSet();
    let mostMissing = 0;
    for (let step = 0; step < 40; step++) {
      await cluster!.advance(0.5);
      const ready = cluster!.pods('monitoring').filter(isReady).length;
      mostMissing = Math.max(mostMissing, 3 - ready);
    }
    const pods = cluster!.pods('monitoring');
    expect(pods.filter(isReady)).toHaveLength(3);
    expect(pods.every((p) => revision(p) !== oldRevision)).toBe(true);
    expect(mostMissing).toBe(1);
    expect(status(cluster!.get('apps/daemonsets', 'monitoring', 'node-exporter'))).toMatchObject({
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
    expect(cluster!.events('monitoring', 'SuccessfulDelete')).toHaveLength(3);
  });

  it('leaves the pods alone with the OnDelete strategy', async () => {
    const { oldRevision } = await restartedDaemonSet({ type: 'OnDelete' });
    await cluster!.advance(10);
    expect(cluster!.pods('monitoring').every((p) => revision(p) === oldRevision)).toBe(true);
    expect(status(cluster!.get('apps/daemonsets', 'monitoring', 'node-exporter'))).toMatchObject({
      updatedNumberScheduled: 0,
    });
  });
});

describe('HorizontalPodAutoscaler', () => {
  function autoscaler(maxReplicas: number): KubeObject {
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'webapp', namespace: 'production' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'webapp' },
        minReplicas: 2,
        maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 140 } } },
        ],
        conditions: [
          {
            type: 'ScalingLimited',
            status: 'True',
            reason: 'TooManyReplicas',
            message: 'the desired replica count is more than the maximum replica count',
          },
        ],
      },
    };
  }

  it('an HPA at maxReplicas scales the Deployment up once patch_hpa raises the maximum', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01', { cpu: '16', memory: '64Gi' })],
      ['apps/deployments', deployment('webapp', { replicas: 3 })],
      ['autoscaling/horizontalpodautoscalers', autoscaler(3)],
    ]);
    await cluster.advance(2);
    // Untouched, the scenario's own status stands.
    expect(
      condition(cluster.get('autoscaling/horizontalpodautoscalers', 'production', 'webapp'), 'ScalingLimited')
        ?.reason,
    ).toBe('TooManyReplicas');
    cluster.store.mutate('autoscaling/horizontalpodautoscalers', 'production', 'webapp', (h) => {
      (h.spec as { maxReplicas: number }).maxReplicas = 10;
    });
    await cluster.advance(3);
    // 3 replicas at 140% of a 70% target want 6; the load spreads, so each runs at 70%.
    const d = cluster.get('apps/deployments', 'production', 'webapp');
    expect((d.spec as { replicas: number }).replicas).toBe(6);
    expect(cluster.pods('production').filter(isReady)).toHaveLength(6);
    const hpa = cluster.get('autoscaling/horizontalpodautoscalers', 'production', 'webapp');
    expect(status(hpa)).toMatchObject({
      currentReplicas: 6,
      desiredReplicas: 6,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 70 } } }],
    });
    expect(condition(hpa, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
    expect(cluster.events('production', 'SuccessfulRescale')[0]?.message).toBe(
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
    );
  });
});

describe('PersistentVolumeClaim expansion', () => {
  function claim(className: string): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-postgres-0', namespace: 'production' },
      spec: {
        storageClassName: className,
        volumeName: 'pvc-1234',
        resources: { requests: { storage: '10Gi' } },
      },
      status: { phase: 'Bound', capacity: { storage: '10Gi' } },
    };
  }
  const storageClass = (name: string, allowVolumeExpansion: boolean): KubeObject => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'ebs.csi.aws.com',
    allowVolumeExpansion,
  });
  const grow = (c: TestCluster) =>
    c.store.mutate('core/persistentvolumeclaims', 'production', 'data-postgres-0', (p) => {
      (p.spec as { resources: { requests: { storage: string } } }).resources.requests.storage = '20Gi';
    });
  const capacity = (c: TestCluster) =>
    status<{ capacity: { storage: string } }>(
      c.get('core/persistentvolumeclaims', 'production', 'data-postgres-0'),
    ).capacity.storage;

  it('grows after a moment when the StorageClass allows expansion', async () => {
    cluster = await startCluster([
      ['storage.k8s.io/storageclasses', storageClass('gp3', true)],
      ['core/persistentvolumeclaims', claim('gp3')],
    ]);
    grow(cluster);
    await cluster.controllers.settle();
    expect(capacity(cluster)).toBe('10Gi');
    await cluster.advance(3);
    expect(capacity(cluster)).toBe('20Gi');
  });

  it('stays put with a VolumeResizeFailed event when it does not', async () => {
    cluster = await startCluster([
      ['storage.k8s.io/storageclasses', storageClass('standard', false)],
      ['core/persistentvolumeclaims', claim('standard')],
    ]);
    grow(cluster);
    await cluster.advance(3);
    expect(capacity(cluster)).toBe('10Gi');
    expect(cluster.events('production', 'VolumeResizeFailed')[0]?.message).toBe(
      'storageclass "standard" does not allow volume expansion',
    );
  });
});
