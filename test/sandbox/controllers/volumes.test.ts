// The scheduler honours volume binding and storage classes as a real one does: unbound immediate claims and
// missing classes keep pods Pending with the real messages; WaitForFirstConsumer claims bind on the chosen node.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { condition, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

const storageClass = (name: string, mode: 'Immediate' | 'WaitForFirstConsumer'): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner: 'ebs.csi.aws.com',
  reclaimPolicy: 'Delete',
  volumeBindingMode: mode,
});

const claim = (name: string, className: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'production' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    storageClassName: className,
    resources: { requests: { storage: '10Gi' } },
  },
  status: { phase: 'Pending' },
  ...extra,
});

const podWithClaim = (name: string, claimName: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'production', labels: { app: name } },
  spec: {
    containers: [
      { name: 'db', image: 'postgres:16.3', resources: { requests: { cpu: '100m', memory: '256Mi' } } },
    ],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
  },
  status: { phase: 'Pending' },
});

const threeNodes = (): Array<[string, KubeObject]> => [
  ['core/nodes', node('worker-01')],
  ['core/nodes', node('worker-02')],
  ['core/nodes', node('worker-03')],
];

const UNBOUND =
  '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

describe('volume binding', () => {
  it('a pod on a claim whose provisioner has not delivered stays Pending, with the scheduler’s words', async () => {
    cluster = await startCluster([
      ...threeNodes(),
      ['storage.k8s.io/storageclasses', storageClass('gp3', 'Immediate')],
      ['core/persistentvolumeclaims', claim('data-db-0', 'gp3')],
      ['core/pods', podWithClaim('db-0', 'data-db-0')],
    ]);
    await cluster.advance(60);
    const pod = cluster.get('core/pods', 'production', 'db-0');
    expect((pod.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect(status(pod).phase).toBe('Pending');
    expect(condition(pod, 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: UNBOUND,
    });
    expect(cluster.events('production', 'FailedScheduling').map((e) => e.message)).toEqual([UNBOUND]);
    expect(status(cluster.get('core/persistentvolumeclaims', 'production', 'data-db-0')).phase).toBe(
      'Pending',
    );
  });

  it('a claim naming a StorageClass that does not exist stays Pending with ProvisioningFailed; creating it binds', async () => {
    cluster = await startCluster([
      ...threeNodes(),
      ['core/persistentvolumeclaims', claim('data-db-0', 'fast-ssd')],
      ['core/pods', podWithClaim('db-0', 'data-db-0')],
    ]);
    await cluster.advance(60);
    const failed = cluster.events('production', 'ProvisioningFailed');
    expect(failed.map((e) => [e.type, e.message])).toEqual([
      ['Warning', 'storageclass.storage.k8s.io "fast-ssd" not found'],
    ]);
    expect(Number(failed[0]?.count)).toBeGreaterThan(1);
    expect(status(cluster.get('core/persistentvolumeclaims', 'production', 'data-db-0')).phase).toBe(
      'Pending',
    );
    expect(condition(cluster.get('core/pods', 'production', 'db-0'), 'PodScheduled')?.message).toBe(UNBOUND);

    cluster.store.create('storage.k8s.io/storageclasses', storageClass('fast-ssd', 'Immediate'));
    await cluster.advance(15);
    const pvc = cluster.get('core/persistentvolumeclaims', 'production', 'data-db-0');
    expect(status(pvc)).toMatchObject({ phase: 'Bound', capacity: { storage: '10Gi' } });
    const volumeName = (pvc.spec as { volumeName: string }).volumeName;
    const pv = cluster.get('core/persistentvolumes', undefined, volumeName);
    expect(pv.spec).toMatchObject({
      storageClassName: 'fast-ssd',
      claimRef: { name: 'data-db-0', namespace: 'production' },
    });
    expect(status(cluster.get('core/pods', 'production', 'db-0')).phase).toBe('Running');
  });

  it('a WaitForFirstConsumer claim waits, then is provisioned on the node the scheduler picks', async () => {
    cluster = await startCluster([
      ...threeNodes(),
      ['storage.k8s.io/storageclasses', storageClass('gp3', 'WaitForFirstConsumer')],
      ['core/persistentvolumeclaims', claim('data-db-0', 'gp3')],
    ]);
    await cluster.advance(1);
    expect(cluster.events('production', 'WaitForFirstConsumer').map((e) => e.message)).toEqual([
      'waiting for first consumer to be created before binding',
    ]);
    cluster.store.create('core/pods', podWithClaim('db-0', 'data-db-0'));
    await cluster.advance(3);
    const pod = cluster.get('core/pods', 'production', 'db-0');
    const nodeName = (pod.spec as { nodeName: string }).nodeName;
    expect(nodeName).toMatch(/^worker-0[123]$/);
    expect(status(pod).phase).toBe('Running');
    const pvc = cluster.get('core/persistentvolumeclaims', 'production', 'data-db-0');
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(nodeName);
    expect(status(pvc).phase).toBe('Bound');
    expect(cluster.events('production', 'ProvisioningSucceeded')).toHaveLength(1);
  });

  it('a claim bound to a volume keeps it, and its pod schedules', async () => {
    const volume: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-data-db-0' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'gp3',
        claimRef: { namespace: 'production', name: 'data-db-0' },
      },
      status: { phase: 'Bound' },
    };
    const bound = claim('data-db-0', 'gp3', { status: { phase: 'Bound', capacity: { storage: '10Gi' } } });
    (bound.spec as Record<string, unknown>).volumeName = 'pv-data-db-0';
    cluster = await startCluster([
      ...threeNodes(),
      ['storage.k8s.io/storageclasses', storageClass('gp3', 'WaitForFirstConsumer')],
      ['core/persistentvolumes', volume],
      ['core/persistentvolumeclaims', bound],
      ['core/pods', podWithClaim('db-0', 'data-db-0')],
    ]);
    await cluster.advance(3);
    expect(status(cluster.get('core/pods', 'production', 'db-0')).phase).toBe('Running');
    expect(cluster.get('core/persistentvolumeclaims', 'production', 'data-db-0').spec).toMatchObject({
      volumeName: 'pv-data-db-0',
    });
    expect(cluster.store.list('core/persistentvolumes')).toHaveLength(1);
  });

  it('a bound volume pinned to one zone keeps its pod off nodes elsewhere', async () => {
    const volume: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-a' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        claimRef: { namespace: 'production', name: 'data-db-0' },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] },
                ],
              },
            ],
          },
        },
      },
      status: { phase: 'Bound' },
    };
    const bound = claim('data-db-0', '', { status: { phase: 'Bound' } });
    (bound.spec as Record<string, unknown>).volumeName = 'pv-a';
    cluster = await startCluster([
      ['core/nodes', node('worker-01', { labels: { 'topology.kubernetes.io/zone': 'eu-west-1b' } })],
      ['core/nodes', node('worker-02', { labels: { 'topology.kubernetes.io/zone': 'eu-west-1c' } })],
      ['core/persistentvolumes', volume],
      ['core/persistentvolumeclaims', bound],
      ['core/pods', podWithClaim('db-0', 'data-db-0')],
    ]);
    await cluster.advance(2);
    expect(condition(cluster.get('core/pods', 'production', 'db-0'), 'PodScheduled')?.message).toBe(
      '0/2 nodes are available: 2 node(s) had volume node affinity conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('a StatefulSet creates each replica’s claim from its volumeClaimTemplates', async () => {
    cluster = await startCluster([
      ...threeNodes(),
      ['storage.k8s.io/storageclasses', storageClass('gp3', 'WaitForFirstConsumer')],
      [
        'apps/statefulsets',
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'kafka', namespace: 'production' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'kafka' } },
            template: {
              metadata: { labels: { app: 'kafka' } },
              spec: {
                containers: [
                  { name: 'kafka', image: 'kafka:3.7', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
                ],
              },
            },
            volumeClaimTemplates: [
              {
                metadata: { name: 'data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: 'gp3',
                  resources: { requests: { storage: '50Gi' } },
                },
              },
            ],
          },
        },
      ],
    ]);
    await cluster.advance(6);
    expect(cluster.pods('production', 'kafka-').map((p) => status(p).phase)).toEqual(['Running', 'Running']);
    const claims = cluster.store.list('core/persistentvolumeclaims', 'production');
    expect(claims.map((c) => [c.metadata.name, status(c).phase])).toEqual([
      ['data-kafka-0', 'Bound'],
      ['data-kafka-1', 'Bound'],
    ]);
  });
});
