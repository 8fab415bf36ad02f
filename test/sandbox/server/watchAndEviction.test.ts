// Watches (events from a resourceVersion, Table events, 410 Expired, timeouts) and PDB-guarded evictions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, SandboxApi } from './apiClient.js';
import { startStaticSandbox, type FixtureSandbox } from './fixtureCluster.js';

let sandbox: FixtureSandbox;
let api: SandboxApi;

beforeEach(async () => {
  sandbox = await startStaticSandbox();
  api = new SandboxApi(sandbox.kubeconfigPath);
});

afterEach(async () => {
  await sandbox.close();
});

describe('watch', () => {
  it('streams changes after the list resourceVersion: a deleted pod arrives as DELETED', async () => {
    const list = await api.request('GET', '/api/v1/namespaces/production/pods');
    const watch = api.watch(
      `/api/v1/namespaces/production/pods?watch=1&resourceVersion=${list.json.metadata.resourceVersion}`,
    );
    await watch.opened;
    await api.request('DELETE', '/api/v1/namespaces/production/pods/webapp-7d9f8b6c5d-abcde');
    await eventually(() => watch.events.length >= 1);
    expect(watch.events[0]).toMatchObject({
      type: 'DELETED',
      object: { kind: 'Pod', metadata: { name: 'webapp-7d9f8b6c5d-abcde' } },
    });
    watch.stop();
    await watch.ended;
  });

  it('starts with ADDED for every matching object when no resourceVersion is given, and follows one object by field selector', async () => {
    const watch = api.watch(
      '/apis/apps/v1/namespaces/production/deployments?watch=true&fieldSelector=metadata.name%3Dwebapp',
    );
    await eventually(() => watch.events.length === 1);
    expect(watch.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'webapp' } } });
    await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp/scale', {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 5 } },
    });
    await eventually(() => watch.events.length === 2);
    expect(watch.events[1]).toMatchObject({ type: 'MODIFIED', object: { spec: { replicas: 5 } } });
    watch.stop();
  });

  it('sends Table events to kubectl get -w, column definitions first', async () => {
    const watch = api.watch(
      '/api/v1/namespaces/production/pods?watch=1&fieldSelector=metadata.name%3Dwebapp-7d9f8b6c5d-fghij',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    await eventually(() => watch.events.length === 1);
    expect(watch.events[0].object.kind).toBe('Table');
    expect(watch.events[0].object.columnDefinitions[0].name).toBe('Name');
    expect(watch.events[0].object.rows[0].cells.slice(0, 3)).toEqual([
      'webapp-7d9f8b6c5d-fghij',
      '1/1',
      'Running',
    ]);
    watch.stop();
  });

  it('answers a too old resourceVersion with an ERROR event carrying a 410 Expired Status', async () => {
    // Enough changes that the store's watch history no longer reaches back to resourceVersion 2.
    for (let i = 0; sandbox.store.oldestWatchableVersion < 10; i++) {
      sandbox.store.mutate('core/configmaps', 'production', 'webapp-config', (draft) => {
        draft.data = { counter: String(i) };
      });
    }
    const watch = api.watch('/api/v1/namespaces/production/pods?watch=1&resourceVersion=2');
    await watch.ended;
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });

  it('ends the stream after timeoutSeconds', async () => {
    const watch = api.watch('/api/v1/nodes?watch=1&timeoutSeconds=1');
    await watch.ended;
    expect(watch.events.map((e: { type: string }) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
  });
});

describe('pods/eviction', () => {
  const evict = (name: string) =>
    api.request('POST', `/api/v1/namespaces/production/pods/${name}/eviction`, {
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'production' } },
    });

  it('answers 429 with the budget named while the PDB forbids it, then evicts once the PDB allows it', async () => {
    const blocked = await evict('webapp-7d9f8b6c5d-abcde');
    expect(blocked.status).toBe(429);
    expect(blocked.json).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
    });
    expect(blocked.json.details.causes[0].message).toContain('webapp-pdb');
    expect(sandbox.store.get('core/pods', 'production', 'webapp-7d9f8b6c5d-abcde')).toBeDefined();

    await api.request('PATCH', '/apis/policy/v1/namespaces/production/poddisruptionbudgets/webapp-pdb', {
      contentType: 'application/merge-patch+json',
      body: { spec: { minAvailable: 2 } },
    });
    const allowed = await evict('webapp-7d9f8b6c5d-abcde');
    expect(allowed.status).toBe(201);
    expect(allowed.json).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(sandbox.store.get('core/pods', 'production', 'webapp-7d9f8b6c5d-abcde')).toBeUndefined();
  });

  it('404s an eviction of a missing pod', async () => {
    const missing = await evict('webapp-123');
    expect(missing.status).toBe(404);
  });
});
