// Containers whose environment or volumes name a Secret, ConfigMap or key that does not exist never start, as on a
// real kubelet: CreateContainerConfigError or ContainerCreating with FailedMount, until the missing object appears.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sandbox/store.js';
import { deployment, node, startCluster, status, type TestCluster } from './cluster.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

type Waiting = { reason: string; message?: string } | undefined;

const waitingOf = (pod: KubeObject): Waiting =>
  status<{ containerStatuses?: Array<{ state: { waiting?: Waiting } }> }>(pod).containerStatuses?.[0]?.state
    .waiting;

/** The api Deployment with `change` applied to its pod spec and first container. */
function api(
  change: (spec: Record<string, unknown>, container: Record<string, unknown>) => void,
): KubeObject {
  const d = deployment('api', { replicas: 2 });
  const spec = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  change(spec, (spec.containers as Array<Record<string, unknown>>)[0] as Record<string, unknown>);
  return d;
}

const secret = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db-credentials', namespace: 'production' },
  type: 'Opaque',
  data,
});

const passwordRef = api((_, c) => {
  c.env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }];
});

describe('container configuration the kubelet cannot build', () => {
  it('a secretKeyRef to an absent Secret: CreateContainerConfigError until the Secret is created', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['apps/deployments', passwordRef],
    ]);
    await cluster.advance(60);
    const pods = cluster.pods('production', 'api-');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(status(pod).phase).toBe('Pending');
      expect(waitingOf(pod)).toEqual({
        reason: 'CreateContainerConfigError',
        message: 'secret "db-credentials" not found',
      });
    }
    const failed = cluster.events('production', 'Failed');
    expect(failed.map((e) => e.message)).toContain('Error: secret "db-credentials" not found');
    expect(failed.every((e) => e.type === 'Warning')).toBe(true);
    expect(Math.max(...failed.map((e) => Number(e.count)))).toBeGreaterThan(1);
    expect(cluster.store.list('metrics.k8s.io/pods', 'production')).toHaveLength(0);

    cluster.store.create('core/secrets', secret({ password: 'aHVudGVyMg==' }));
    await cluster.advance(90);
    for (const pod of cluster.pods('production', 'api-')) {
      expect(status(pod).phase).toBe('Running');
      expect(waitingOf(pod)).toBeUndefined();
    }
  });

  it('a Secret without the key names the key, the namespace and the Secret', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['core/secrets', secret({ username: 'YXBp' })],
      ['apps/deployments', passwordRef],
    ]);
    await cluster.advance(5);
    expect(waitingOf(cluster.pods('production', 'api-')[0]!)).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key password in Secret production/db-credentials",
    });
    expect(cluster.events('production', 'Failed').map((e) => e.message)).toContain(
      "Error: couldn't find key password in Secret production/db-credentials",
    );
  });

  it('envFrom a missing ConfigMap fails; an optional reference to one does not', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['apps/deployments', api((_, c) => (c.envFrom = [{ configMapRef: { name: 'api-config' } }]))],
    ]);
    await cluster.advance(5);
    expect(waitingOf(cluster.pods('production', 'api-')[0]!)?.message).toBe(
      'configmap "api-config" not found',
    );
    cluster.close();

    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      [
        'apps/deployments',
        api((_, c) => {
          c.envFrom = [{ secretRef: { name: 'api-extra', optional: true } }];
          c.env = [
            {
              name: 'FEATURE',
              valueFrom: { configMapKeyRef: { name: 'flags', key: 'feature', optional: true } },
            },
          ];
        }),
      ],
    ]);
    await cluster.advance(5);
    expect(cluster.pods('production', 'api-').every((p) => status(p).phase === 'Running')).toBe(true);
  });

  it('a Secret volume that does not exist keeps the pod ContainerCreating with FailedMount', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      [
        'apps/deployments',
        api((spec) => (spec.volumes = [{ name: 'tls', secret: { secretName: 'api-tls' } }])),
      ],
    ]);
    await cluster.advance(120);
    const pod = cluster.pods('production', 'api-')[0]!;
    expect(waitingOf(pod)).toEqual({ reason: 'ContainerCreating' });
    expect(cluster.events('production', 'FailedMount').map((e) => e.message)).toContain(
      'MountVolume.SetUp failed for volume "tls" : secret "api-tls" not found',
    );
  });

  it('a missing image pull secret is warned about, and the pull goes ahead', async () => {
    cluster = await startCluster([
      ['core/nodes', node('worker-01')],
      ['apps/deployments', api((spec) => (spec.imagePullSecrets = [{ name: 'regcred' }]))],
    ]);
    await cluster.advance(5);
    expect(cluster.events('production', 'FailedToRetrieveImagePullSecret').map((e) => e.message)).toContain(
      'Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.',
    );
    expect(cluster.pods('production', 'api-').every((p) => status(p).phase === 'Running')).toBe(true);
  });
});
