// @kubernetes/client-node against the sandbox, unchanged: typed APIs, pagination, Watch, Metrics, errors, read-only.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuantity } from '../../../src/cluster/quantity.js';
import { eventually } from '../server/apiClient.js';
import { readyPods, startFixtureSandbox, type FixtureSandbox } from '../server/fixtureCluster.js';

let sandbox: FixtureSandbox;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;

beforeAll(async () => {
  sandbox = await startFixtureSandbox();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(sandbox.kubeconfigPath);
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
});

afterAll(async () => {
  await sandbox?.close();
});

/** The HTTP status of a failed client-node call. */
async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: string }> {
  try {
    await call;
    return { code: 200, body: '' };
  } catch (error) {
    if (error instanceof k8s.ApiException) return { code: error.code, body: String(error.body) };
    throw error;
  }
}

describe('@kubernetes/client-node against the sandbox', () => {
  it('lists pods across namespaces page by page and nodes in one call', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 4, ...(token ? { _continue: token } : {}) });
      names.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(new Set(names).size).toBe(6);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['worker-01', 'worker-02', 'worker-03']);
    expect(nodes.items[0]?.status?.allocatable?.memory).toBe('15Gi');
  });

  it('reads a Deployment and scales it through the scale subresource', async () => {
    const deployment = await apps.readNamespacedDeployment({ name: 'webapp', namespace: 'production' });
    expect(deployment.spec?.replicas).toBe(3);
    expect(deployment.status?.availableReplicas).toBe(3);
    const scale = await apps.patchNamespacedDeploymentScale(
      { name: 'webapp', namespace: 'production', body: { spec: { replicas: 4 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(scale.spec?.replicas).toBe(4);
    const timer = setInterval(() => sandbox.clock.advance(500), 50);
    try {
      await eventually(() => readyPods(sandbox.store, 'production', 'webapp') === 4, 20_000);
    } finally {
      clearInterval(timer);
    }
    await apps.replaceNamespacedDeploymentScale({
      name: 'webapp',
      namespace: 'production',
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name: 'webapp', namespace: 'production' },
        spec: { replicas: 3 },
      },
    });
    expect(
      (await apps.readNamespacedDeployment({ name: 'webapp', namespace: 'production' })).spec?.replicas,
    ).toBe(3);
  });

  it('Watch delivers ADDED for existing pods and DELETED when one goes', async () => {
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      '/api/v1/namespaces/production/pods',
      { labelSelector: 'app=webapp' },
      (type, object: k8s.V1Pod) => seen.push(`${type} ${object.metadata?.name}`),
      () => undefined,
    );
    try {
      await eventually(() => seen.filter((s) => s.startsWith('ADDED')).length >= 3);
      const victim = seen[0]?.split(' ')[1] ?? '';
      await core.deleteNamespacedPod({ name: victim, namespace: 'production' });
      await eventually(() => seen.includes(`DELETED ${victim}`));
    } finally {
      request.abort();
    }
    const timer = setInterval(() => sandbox.clock.advance(500), 50);
    try {
      await eventually(() => readyPods(sandbox.store, 'production', 'webapp') === 3, 20_000);
    } finally {
      clearInterval(timer);
    }
  });

  it('Metrics reads PodMetrics and NodeMetrics for kubectl-top-like views', async () => {
    const metrics = new k8s.Metrics(kc);
    const pods = await metrics.getPodMetrics('production');
    expect(pods.items).toHaveLength(3);
    expect(parseQuantity(pods.items[0]?.containers[0]?.usage.memory ?? '0')).toBe(parseQuantity('7782Mi'));
    const nodes = await metrics.getNodeMetrics();
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(['worker-01', 'worker-02', 'worker-03']);
  });

  it('surfaces real Status errors: 404, 409 on a stale update, 429 from a PDB-guarded eviction', async () => {
    const missing = await statusOf(core.readNamespacedPod({ name: 'webapp-123', namespace: 'production' }));
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({
      reason: 'NotFound',
      message: 'pods "webapp-123" not found',
    });

    const cm = await core.readNamespacedConfigMap({ name: 'webapp-config', namespace: 'production' });
    await core.replaceNamespacedConfigMap({
      name: 'webapp-config',
      namespace: 'production',
      body: { ...cm, data: { LOG_LEVEL: 'debug' } },
    });
    const stale = await statusOf(
      core.replaceNamespacedConfigMap({
        name: 'webapp-config',
        namespace: 'production',
        body: { ...cm, data: { LOG_LEVEL: 'warn' } },
      }),
    );
    expect(stale.code).toBe(409);

    const pod = (await core.listNamespacedPod({ namespace: 'production', labelSelector: 'app=webapp' }))
      .items[0];
    const name = pod?.metadata?.name ?? '';
    const evicted = await statusOf(
      core.createNamespacedPodEviction({
        name,
        namespace: 'production',
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'production' } },
      }),
    );
    expect(evicted.code).toBe(429);
    expect(JSON.parse(evicted.body).details.causes[0].reason).toBe('DisruptionBudget');
  });

  it('the sandbox-readonly context may list pods but not read Secrets or write', async () => {
    const readonly = new k8s.KubeConfig();
    readonly.loadFromFile(sandbox.kubeconfigPath);
    readonly.setCurrentContext('sandbox-readonly');
    const roCore = readonly.makeApiClient(k8s.CoreV1Api);
    expect((await roCore.listNamespacedPod({ namespace: 'production' })).items.length).toBeGreaterThan(0);
    const secret = await statusOf(
      roCore.readNamespacedSecret({ name: 'db-credentials', namespace: 'production' }),
    );
    expect(secret.code).toBe(403);
    expect(JSON.parse(secret.body).reason).toBe('Forbidden');
    const before = sandbox.writeCount();
    const write = await statusOf(roCore.deleteNamespacedPod({ name: 'anything', namespace: 'production' }));
    expect(write.code).toBe(403);
    expect(sandbox.writeCount()).toBe(before);
  });
});
