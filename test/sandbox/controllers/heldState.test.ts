// What a snapshot says stays so until something acts: Unschedulable pods keep their verdict, a NotReady node's
// kubelet starts nothing, and a workload's status is the snapshot's while its pods are.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { condition, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

const ANTI_AFFINITY =
  "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";

function pendingPod(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'production' },
    spec: { containers: [{ name: 'app', image: 'shop/app:1.0' }], ...extra },
    status: { phase: 'Pending' },
  };
}

describe('a snapshot holds until something acts', () => {
  it('a pod the snapshot shows Unschedulable keeps that verdict until the cluster changes', async () => {
    const pod = pendingPod('search-2');
    pod.status = {
      phase: 'Pending',
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: ANTI_AFFINITY },
      ],
    };
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/nodes', node('worker-02')],
      ['core/pods', pod],
    ]);
    await cluster.advance(60);
    const held = cluster.get('core/pods', 'production', 'search-2');
    expect((held.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect(condition(held, 'PodScheduled')?.message).toBe(ANTI_AFFINITY);

    cluster.store.create('core/nodes', node('worker-03'));
    await cluster.advance(3);
    expect(status(cluster.get('core/pods', 'production', 'search-2')).phase).toBe('Running');
  });

  it('a pod required on a zone no node is in stays Pending on node affinity', async () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1c'] },
              ],
            },
          ],
        },
      },
    };
    cluster = await startCluster([
      ['core/nodes', node('worker-01', { labels: { 'topology.kubernetes.io/zone': 'eu-west-1a' } })],
      ['core/pods', pendingPod('api-0', { affinity })],
    ]);
    await cluster.advance(2);
    expect(condition(cluster.get('core/pods', 'production', 'api-0'), 'PodScheduled')?.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });

  it('the kubelet of a NotReady node starts nothing until the node is Ready again', async () => {
    const down = node('worker-01');
    (down.status as { conditions: unknown[] }).conditions = [
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      },
    ];
    cluster = await startCluster([
      ['core/nodes', down],
      ['core/pods', pendingPod('agent-x7k2p', { nodeName: 'worker-01' })],
    ]);
    await cluster.advance(30);
    const pod = cluster.get('core/pods', 'production', 'agent-x7k2p');
    expect(status(pod).phase).toBe('Pending');
    expect(status(pod).containerStatuses).toBeUndefined();

    cluster.store.mutate('core/nodes', undefined, 'worker-01', (draft) => {
      (draft.status as { conditions: unknown[] }).conditions = [
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
      ];
    });
    await cluster.advance(3);
    expect(status(cluster.get('core/pods', 'production', 'agent-x7k2p')).phase).toBe('Running');
  });

  it('a Deployment keeps the status its snapshot wrote while its pods are the snapshot’s', async () => {
    const labels = { app: 'quoter', 'pod-template-hash': '6d8f9' };
    const template = {
      metadata: { labels },
      spec: { containers: [{ name: 'quoter', image: 'shop/quoter:2.0' }] },
    };
    const snapshotStatus = {
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: 'ReplicaSet "quoter-6d8f9" is progressing.',
          lastUpdateTime: '2020-01-01T00:00:00Z',
        },
      ],
    };
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'quoter',
        namespace: 'production',
        uid: 'd-1',
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'quoter' } },
        template: { ...template, metadata: { labels: { app: 'quoter' } } },
      },
      status: snapshotStatus,
    };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'quoter-6d8f9',
        namespace: 'production',
        uid: 'rs-1',
        labels,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'quoter', uid: 'd-1', controller: true },
        ],
      },
      spec: { replicas: 2, selector: { matchLabels: labels }, template },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    };
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'quoter-6d8f9-abcde',
        namespace: 'production',
        labels,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'quoter-6d8f9', uid: 'rs-1', controller: true },
        ],
      },
      spec: { nodeName: 'worker-01', containers: [{ name: 'quoter', image: 'shop/quoter:2.0' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'quoter', ready: true, restartCount: 0, state: { running: {} } }],
      },
    };
    // A quota keeps the second replica from being created, so only acting on the Deployment changes its pods.
    const quota: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pods', namespace: 'production' },
      spec: { hard: { pods: '1' } },
      status: { hard: { pods: '1' }, used: { pods: '1' } },
    };
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/resourcequotas', quota],
      ['apps/deployments', deployment],
      ['apps/replicasets', rs],
      ['core/pods', pod],
    ]);
    await cluster.advance(60);
    const held = cluster.get('apps/deployments', 'production', 'quoter');
    expect(condition(held, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    expect(condition(held, 'Available')).toMatchObject({ status: 'True' });

    cluster.store.mutate('apps/deployments', 'production', 'quoter', (draft) => {
      (draft.spec as { replicas: number }).replicas = 1;
    });
    await cluster.advance(2);
    expect(condition(cluster.get('apps/deployments', 'production', 'quoter'), 'Progressing')).toMatchObject({
      reason: 'NewReplicaSetAvailable',
    });
  });
});
