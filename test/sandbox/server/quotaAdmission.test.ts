// ResourceQuota admission through @kubernetes/client-node: writes and dry runs past a quota answer 403
// "exceeded quota: …" as kube-apiserver does; within quota they go through; dry runs charge nothing.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

const NS = 'team-quota';
let sandbox: Sandbox;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'webapp-memory' });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sandbox.kubeconfigPath);
  kc.setCurrentContext('sandbox');
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

/** The Status a refused client-node call carried. */
async function refusal(call: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof k8s.ApiException)) throw error;
    const status = JSON.parse(String(error.body)) as { reason: string; message: string };
    return { code: error.code, reason: status.reason, message: status.message };
  }
  throw new Error('the request was allowed');
}

const quota = (name: string, hard: Record<string, string>): k8s.V1ResourceQuota => ({
  metadata: { name, namespace: NS },
  spec: { hard },
});

const pod = (name: string, memory: string): k8s.V1Pod => ({
  metadata: { name, namespace: NS },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { memory } } }] },
});

const claim = (name: string, storage: string): k8s.V1PersistentVolumeClaim => ({
  metadata: { name, namespace: NS },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, storageClassName: 'gp3' },
});

async function used(name: string): Promise<Record<string, string>> {
  const q = await core.readNamespacedResourceQuota({ name, namespace: NS });
  return q.status?.used ?? {};
}

describe('ResourceQuota admission in the sandbox API server', () => {
  it('a pod past requests.memory is refused 403 with the quota, requested, used and limited figures', async () => {
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: quota('compute-quota', { 'requests.memory': '1Gi', pods: '3' }),
    });
    expect(await used('compute-quota')).toEqual({ 'requests.memory': '0', pods: '0' });

    await core.createNamespacedPod({ namespace: NS, body: pod('small', '512Mi') });
    await sandbox.settle();
    expect(await used('compute-quota')).toEqual({ 'requests.memory': '512Mi', pods: '1' });

    const writes = sandbox.writeCount();
    const refused = await refusal(core.createNamespacedPod({ namespace: NS, body: pod('big', '1Gi') }));
    expect(refused).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "big" is forbidden: exceeded quota: compute-quota, requested: requests.memory=1Gi, ' +
        'used: requests.memory=512Mi, limited: requests.memory=1Gi',
    });
    expect(sandbox.writeCount()).toBe(writes + 1);
    expect(sandbox.store.get('core/pods', NS, 'big')).toBeUndefined();

    // Within quota, a dry run is admitted but neither stored nor charged nor counted as a write.
    const preview = await core.createNamespacedPod({
      namespace: NS,
      body: pod('fits', '256Mi'),
      dryRun: 'All',
    });
    expect(preview.metadata?.name).toBe('fits');
    await sandbox.settle();
    expect(sandbox.store.get('core/pods', NS, 'fits')).toBeUndefined();
    expect(await used('compute-quota')).toEqual({ 'requests.memory': '512Mi', pods: '1' });
    expect(sandbox.writeCount()).toBe(writes + 1);
  });

  it('a dry-run PVC expansion past requests.storage is refused and nothing changes; within quota it is allowed', async () => {
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: quota('storage-quota', { 'requests.storage': '100Gi', persistentvolumeclaims: '5' }),
    });
    await core.createNamespacedPersistentVolumeClaim({ namespace: NS, body: claim('data', '80Gi') });
    expect(await used('storage-quota')).toEqual({ 'requests.storage': '80Gi', persistentvolumeclaims: '1' });

    const writes = sandbox.writeCount();
    const grow = (size: string) =>
      core.patchNamespacedPersistentVolumeClaim(
        {
          name: 'data',
          namespace: NS,
          body: [{ op: 'replace', path: '/spec/resources/requests/storage', value: size }],
          dryRun: 'All',
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      );
    const refused = await refusal(grow('120Gi'));
    expect(refused).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'persistentvolumeclaims "data" is forbidden: exceeded quota: storage-quota, requested: requests.storage=40Gi, ' +
        'used: requests.storage=80Gi, limited: requests.storage=100Gi',
    });
    const allowed = await grow('100Gi');
    expect(allowed.spec?.resources?.requests?.storage).toBe('100Gi');

    const stored = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace: NS });
    expect(stored.spec?.resources?.requests?.storage).toBe('80Gi');
    expect(await used('storage-quota')).toEqual({ 'requests.storage': '80Gi', persistentvolumeclaims: '1' });
    expect(sandbox.writeCount()).toBe(writes);

    // A real claim past the quota is refused too, on create.
    const second = await refusal(
      core.createNamespacedPersistentVolumeClaim({ namespace: NS, body: claim('logs', '30Gi') }),
    );
    expect(second.message).toBe(
      'persistentvolumeclaims "logs" is forbidden: exceeded quota: storage-quota, requested: requests.storage=30Gi, ' +
        'used: requests.storage=80Gi, limited: requests.storage=100Gi',
    );

    // Deleting the claim gives its storage back, so the new one fits.
    await core.deleteNamespacedPersistentVolumeClaim({ name: 'data', namespace: NS });
    expect(await used('storage-quota')).toEqual({ 'requests.storage': '0', persistentvolumeclaims: '0' });
    await core.createNamespacedPersistentVolumeClaim({ namespace: NS, body: claim('logs', '30Gi') });
    expect(await used('storage-quota')).toEqual({ 'requests.storage': '30Gi', persistentvolumeclaims: '1' });
  });

  it('object-count quotas: count/deployments.apps and configmaps', async () => {
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: quota('object-counts', { 'count/deployments.apps': '1', configmaps: '1' }),
    });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'one' }, data: { a: 'b' } },
    });
    const config = await refusal(
      core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: 'two' }, data: { a: 'b' } },
      }),
    );
    expect(config).toMatchObject({
      code: 403,
      message:
        'configmaps "two" is forbidden: exceeded quota: object-counts, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    });

    const deployment = (name: string): k8s.V1Deployment => ({
      metadata: { name, namespace: NS },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    });
    await apps.createNamespacedDeployment({ namespace: NS, body: deployment('first') });
    const second = await refusal(
      apps.createNamespacedDeployment({ namespace: NS, body: deployment('second') }),
    );
    expect(second.message).toBe(
      'deployments.apps "second" is forbidden: exceeded quota: object-counts, requested: count/deployments.apps=1, ' +
        'used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    // Updating an object already counted adds nothing, so it is not refused.
    const updated = await apps.patchNamespacedDeployment(
      {
        name: 'first',
        namespace: NS,
        body: [{ op: 'replace', path: '/spec/replicas', value: 0 }],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    expect(updated.metadata?.name).toBe('first');
  });
});
