// Replacement pods meet the fate the snapshot shows for their image: a restart does not heal a missing tag, a
// registry that refuses the pod's credentials, or a crash loop; the fix that addresses the cause does.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { deployment, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

type Waiting = { reason?: string; message?: string } | undefined;
const waitingOf = (pod: KubeObject): Waiting =>
  (status<{ containerStatuses?: Array<{ state: { waiting?: Waiting } }> }>(pod).containerStatuses ?? [])[0]
    ?.state.waiting;

/** A pod of the snapshot whose only container shows `containerStatus`. */
function snapshotPod(
  image: string,
  containerStatus: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'seen-in-snapshot', namespace: 'production' },
    spec: { nodeName: 'worker-01', containers: [{ name: 'api', image }], ...extra },
    status: {
      phase: 'Pending',
      containerStatuses: [{ name: 'api', image, ready: false, ...containerStatus }],
    },
  } as KubeObject;
}

const IMAGE = 'registry.example.com/api:2.4.1';

describe('fates learnt from the snapshot', () => {
  it('an image the snapshot could not pull (not found) fails again for new pods', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      [
        'core/pods',
        snapshotPod(IMAGE, {
          restartCount: 0,
          state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${IMAGE}"` } },
        }),
      ],
      ['apps/deployments', deployment('api', { replicas: 1, image: IMAGE })],
    ]);
    await cluster.advance(20);
    const fresh = cluster.pods('production', 'api-')[0]!;
    expect(waitingOf(fresh)?.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    expect(cluster.events('production', 'Failed').map((e) => e.message)).toContainEqual(
      expect.stringContaining(': not found'),
    );
  });

  it('a pull denied for a missing pull secret keeps failing until the secret exists', async () => {
    const pullSecret = { imagePullSecrets: [{ name: 'regcred' }] };
    const d = deployment('api', { replicas: 1, image: IMAGE });
    Object.assign((d.spec as { template: { spec: object } }).template.spec, pullSecret);
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      [
        'core/pods',
        snapshotPod(IMAGE, { restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }, pullSecret),
      ],
      ['apps/deployments', d],
    ]);
    await cluster.advance(20);
    expect(waitingOf(cluster.pods('production', 'api-')[0]!)?.reason).toMatch(
      /^(ErrImagePull|ImagePullBackOff)$/,
    );
    expect(cluster.events('production', 'Failed').map((e) => e.message)).toContainEqual(
      expect.stringContaining('pull access denied'),
    );

    cluster.store.create('core/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred', namespace: 'production' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': 'e30=' },
    });
    cluster.store.delete('core/pods', 'production', cluster.pods('production', 'api-')[0]!.metadata.name);
    await cluster.advance(5);
    expect(cluster.pods('production', 'api-').map((p) => status(p).phase)).toEqual(['Running']);
  });

  it('a crash-looping image crashes again in a replacement pod, with the exit the snapshot shows', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      [
        'core/pods',
        snapshotPod(IMAGE, {
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: {
            terminated: {
              exitCode: 3,
              reason: 'Error',
              startedAt: '2025-06-12T14:20:00Z',
              finishedAt: '2025-06-12T14:20:04Z',
            },
          },
        }),
      ],
      ['apps/deployments', deployment('api', { replicas: 1, image: IMAGE })],
    ]);
    await cluster.advance(30);
    const fresh = status<{
      containerStatuses: Array<{ restartCount: number; lastState: { terminated?: object } }>;
    }>(cluster.pods('production', 'api-')[0]!).containerStatuses[0]!;
    expect(fresh.restartCount).toBeGreaterThan(0);
    expect(fresh.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });
});
