// The sandbox API over HTTPS as clients see it: discovery, reads, selectors, pagination, errors, authz, writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxApi } from './apiClient.js';
import { CANARY, startStaticSandbox, type FixtureSandbox } from './fixtureCluster.js';

let sandbox: FixtureSandbox;
let api: SandboxApi;

beforeAll(async () => {
  sandbox = await startStaticSandbox();
  api = new SandboxApi(sandbox.kubeconfigPath);
});

afterAll(async () => {
  await sandbox.close();
});

describe('discovery', () => {
  it('serves /version, /api and /apis as plain JSON even when aggregated discovery is asked for', async () => {
    const version = await api.request('GET', '/version');
    expect(version.json).toMatchObject({ major: '1', minor: '32' });
    const aggregated =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const core = await api.request('GET', '/api', { accept: aggregated });
    expect(core.contentType).toBe('application/json');
    expect(core.json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = await api.request('GET', '/apis', { accept: aggregated });
    expect(groups.json.kind).toBe('APIGroupList');
    expect(groups.json.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'autoscaling',
        'policy',
        'networking.k8s.io',
        'events.k8s.io',
        'metrics.k8s.io',
      ]),
    );
  });

  it('lists resources with verbs, short names and subresources (pods/eviction is policy/v1 Eviction)', async () => {
    const v1 = await api.request('GET', '/api/v1');
    const byName = new Map(v1.json.resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(byName.get('nodes')).toMatchObject({ kind: 'Node', namespaced: false });
    expect(byName.get('pods/eviction')).toMatchObject({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    });
    expect(byName.get('pods/log')).toMatchObject({ verbs: ['get'] });
    const apps = await api.request('GET', '/apis/apps/v1');
    const deployments = apps.json.resources.find((r: { name: string }) => r.name === 'deployments');
    expect(deployments.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'patch', 'update']));
    expect(apps.json.resources.find((r: { name: string }) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      kind: 'Scale',
    });
  });

  it('answers unknown paths with a 404 Status', async () => {
    const missing = await api.request('GET', '/apis/coordination.k8s.io/v1/leases');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  });
});

describe('reads', () => {
  it('gets one object and 404s a missing one with a Status naming it', async () => {
    const deployment = await api.request('GET', '/apis/apps/v1/namespaces/production/deployments/webapp');
    expect(deployment.json.spec.replicas).toBe(3);
    const missing = await api.request('GET', '/api/v1/namespaces/production/pods/webapp-123');
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('pods "webapp-123" not found');
    expect(missing.json.details).toEqual({ name: 'webapp-123', kind: 'pods' });
  });

  it('filters by label selector and by the field selectors kubectl uses', async () => {
    const byLabel = await api.request(
      'GET',
      '/api/v1/pods?labelSelector=app%20in%20(webapp),pod-template-hash!=x',
    );
    expect(byLabel.json.items).toHaveLength(3);
    const byNode = await api.request('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dworker-02');
    expect(byNode.json.items.map((p: { spec: { nodeName: string } }) => p.spec.nodeName)).toEqual([
      'worker-02',
    ]);
    const byName = await api.request(
      'GET',
      '/api/v1/namespaces/production/pods?fieldSelector=metadata.name%3Dwebapp-7d9f8b6c5d-abcde',
    );
    expect(byName.json.items).toHaveLength(1);
    const events = await api.request(
      'GET',
      '/api/v1/namespaces/production/events?fieldSelector=involvedObject.kind%3DDeployment,involvedObject.name%3Dwebapp',
    );
    expect(events.json.items.map((e: { reason: string }) => e.reason)).toEqual(['ScalingReplicaSet']);
    const running = await api.request('GET', '/api/v1/pods?fieldSelector=status.phase!%3DRunning');
    expect(running.json.items).toHaveLength(0);
  });

  it('rejects malformed selectors with 400 BadRequest', async () => {
    const badLabel = await api.request('GET', '/api/v1/pods?labelSelector=app%20in%20(web');
    expect(badLabel.status).toBe(400);
    expect(badLabel.json.reason).toBe('BadRequest');
    const badField = await api.request('GET', '/api/v1/pods?fieldSelector=spec.containers%3Dx');
    expect(badField.status).toBe(400);
    expect(badField.json.message).toBe('field label not supported: spec.containers');
  });

  it('paginates with limit and continue until every object was seen once', async () => {
    const names: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await api.request(
        'GET',
        `/api/v1/pods?limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      );
      expect(page.status).toBe(200);
      names.push(...page.json.items.map((p: { metadata: { name: string } }) => p.metadata.name));
      token = page.json.metadata.continue ?? '';
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(new Set(names).size).toBe(3);
    const bad = await api.request('GET', '/api/v1/pods?limit=1&continue=not-a-token');
    expect(bad.status).toBe(400);
  });

  it('serves events.k8s.io/v1 as a view of the core events', async () => {
    const events = await api.request(
      'GET',
      '/apis/events.k8s.io/v1/namespaces/production/events?fieldSelector=regarding.name%3Dwebapp',
    );
    expect(events.json.items[0]).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      note: 'Scaled up replica set webapp-7d9f8b6c5d from 2 to 3',
      regarding: { kind: 'Deployment', name: 'webapp' },
      reportingController: 'deployment-controller',
    });
  });

  it('serves PodMetrics and NodeMetrics', async () => {
    const pods = await api.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/production/pods');
    expect(pods.json.kind).toBe('PodMetricsList');
    expect(pods.json.items[0].containers[0].usage.memory).toBe('7782Mi');
    const nodes = await api.request('GET', '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(nodes.json.items).toHaveLength(3);
  });
});

describe('Table output', () => {
  const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

  it('prints pods like kubectl: READY, STATUS, RESTARTS with the last restart, AGE, wide columns', async () => {
    const table = await api.request('GET', '/api/v1/namespaces/production/pods', { accept: TABLE });
    expect(table.json.kind).toBe('Table');
    expect(table.json.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    const [first, , third] = table.json.rows;
    expect(first.cells).toEqual([
      'webapp-7d9f8b6c5d-abcde',
      '1/1',
      'Running',
      '0',
      '4h32m',
      '10.244.1.10',
      'worker-01',
      '<none>',
      '<none>',
    ]);
    expect(third.cells[3]).toBe('2 (60m ago)');
    expect(first.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'webapp-7d9f8b6c5d-abcde' },
    });
  });

  it('prints nodes, deployments and events', async () => {
    const nodes = await api.request('GET', '/api/v1/nodes', { accept: TABLE });
    expect(nodes.json.rows[0].cells.slice(0, 5)).toEqual(['worker-01', 'Ready', 'worker', '30d', 'v1.32.4']);
    const deployments = await api.request('GET', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      accept: TABLE,
    });
    expect(deployments.json.columnDefinitions.map((c: { name: string }) => c.name).slice(0, 5)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
    ]);
    expect(deployments.json.rows[0].cells[7]).toBe('app=webapp');
    const events = await api.request('GET', '/api/v1/namespaces/production/events', { accept: TABLE });
    expect(events.json.rows[0].cells.slice(0, 4)).toEqual([
      '120m',
      'Normal',
      'ScalingReplicaSet',
      'deployment/webapp',
    ]);
  });
});

describe('authorization', () => {
  it('lets the read-only context read pods but answers 403 on Secrets and on every write, naming verb and resource', async () => {
    expect(
      (await api.request('GET', '/api/v1/namespaces/production/pods', { user: 'readonly' })).status,
    ).toBe(200);
    const secret = await api.request('GET', '/api/v1/namespaces/production/secrets/db-credentials', {
      user: 'readonly',
    });
    expect(secret.status).toBe(403);
    expect(secret.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(secret.json.message).toBe(
      'secrets "db-credentials" is forbidden: User "sandbox-readonly" cannot get resource "secrets" in API group "" in the namespace "production"',
    );
    expect(secret.text).not.toContain(CANARY);
    const before = sandbox.writeCount();
    const scale = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp/scale', {
      user: 'readonly',
      body: { spec: { replicas: 5 } },
      contentType: 'application/merge-patch+json',
    });
    expect(scale.status).toBe(403);
    expect(scale.json.message).toContain('cannot patch resource "deployments/scale" in API group "apps"');
    expect(sandbox.writeCount()).toBe(before);
  });

  it('answers 401 without a token', async () => {
    const anonymous = await api.request('GET', '/api/v1/pods', { user: 'anonymous' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.reason).toBe('Unauthorized');
  });
});

describe('writes', () => {
  const configMap = (name: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { a: '1' },
  });

  it('creates, conflicts on a stale resourceVersion, rejects duplicates, and deletes', async () => {
    const created = await api.request('POST', '/api/v1/namespaces/production/configmaps', {
      body: configMap('feature-flags'),
    });
    expect(created.status).toBe(201);
    expect(created.json.metadata).toMatchObject({ namespace: 'production', uid: expect.any(String) });
    const again = await api.request('POST', '/api/v1/namespaces/production/configmaps', {
      body: configMap('feature-flags'),
    });
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe('AlreadyExists');
    const updated = await api.request('PUT', '/api/v1/namespaces/production/configmaps/feature-flags', {
      body: { ...created.json, data: { a: '2' } },
    });
    expect(updated.status).toBe(200);
    const stale = await api.request('PUT', '/api/v1/namespaces/production/configmaps/feature-flags', {
      body: { ...created.json, data: { a: '3' } },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
    expect(stale.json.message).toContain('the object has been modified');
    const deleted = await api.request('DELETE', '/api/v1/namespaces/production/configmaps/feature-flags');
    expect(deleted.status).toBe(200);
    expect(sandbox.store.get('core/configmaps', 'production', 'feature-flags')).toBeUndefined();
  });

  it('validates: 422 Invalid with causes when requests exceed limits or the selector does not match', async () => {
    const patch = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            spec: { containers: [{ name: 'webapp', resources: { requests: { memory: '12Gi' } } }] },
          },
        },
      },
    });
    expect(patch.status).toBe(422);
    expect(patch.json.reason).toBe('Invalid');
    expect(patch.json.details.causes[0]).toMatchObject({
      field: 'spec.template.spec.containers[0].resources.requests',
    });
    const bad = await api.request('POST', '/apis/apps/v1/namespaces/production/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'orphan' },
        spec: {
          selector: { matchLabels: { app: 'a' } },
          template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.message).toContain('`selector` does not match template `labels`');
  });

  it('patches a deployment by strategic merge: containers merged by name, other fields kept', async () => {
    const before = sandbox.writeCount();
    const patched = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'webapp',
                  resources: { limits: { memory: '12Gi' }, requests: { memory: '10Gi' } },
                  env: [{ name: 'GC', value: 'g1' }],
                },
              ],
            },
          },
        },
      },
    });
    expect(patched.status).toBe(200);
    const container = patched.json.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example.com/webapp:2.4.1');
    expect(container.resources).toEqual({
      limits: { cpu: '2', memory: '12Gi' },
      requests: { cpu: '1', memory: '10Gi' },
    });
    expect(container.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'GC', value: 'g1' },
    ]);
    expect(patched.json.metadata.generation).toBe(2);
    expect(sandbox.writeCount()).toBe(before + 1);
  });

  it('applies JSON patch and merge patch, and 400s a malformed body', async () => {
    const json = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      contentType: 'application/json-patch+json',
      body: [{ op: 'add', path: '/metadata/annotations', value: { 'kopilot.dev/reason': 'test' } }],
    });
    expect(json.json.metadata.annotations).toEqual({ 'kopilot.dev/reason': 'test' });
    const merge = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { 'kopilot.dev/reason': null } } },
    });
    expect(merge.json.metadata.annotations).toEqual({});
    const malformed = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      contentType: 'application/merge-patch+json',
      body: '{"spec": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.reason).toBe('BadRequest');
  });

  it('dryRun=All validates and answers like a write but stores nothing and counts nothing', async () => {
    const before = sandbox.writeCount();
    const version = sandbox.store.get('apps/deployments', 'production', 'webapp')?.metadata.resourceVersion;
    const dry = await api.request(
      'PATCH',
      '/apis/apps/v1/namespaces/production/deployments/webapp/scale?dryRun=All',
      {
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 7 } },
      },
    );
    expect(dry.status).toBe(200);
    expect(dry.json.spec.replicas).toBe(7);
    const dryDelete = await api.request(
      'DELETE',
      '/api/v1/namespaces/production/pods/webapp-7d9f8b6c5d-abcde?dryRun=All',
    );
    expect(dryDelete.status).toBe(200);
    const dryInvalid = await api.request(
      'PATCH',
      '/apis/apps/v1/namespaces/production/deployments/webapp?dryRun=All',
      {
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: -1 } },
      },
    );
    expect(dryInvalid.status).toBe(422);
    expect(sandbox.store.get('apps/deployments', 'production', 'webapp')?.metadata.resourceVersion).toBe(
      version,
    );
    expect(sandbox.store.get('core/pods', 'production', 'webapp-7d9f8b6c5d-abcde')).toBeDefined();
    expect(sandbox.writeCount()).toBe(before);
  });

  it('answers 405 for a verb a resource does not have and 415 for an unknown patch type', async () => {
    const metrics = await api.request('DELETE', '/apis/metrics.k8s.io/v1beta1/nodes/worker-01');
    expect(metrics.status).toBe(405);
    expect(metrics.json.reason).toBe('MethodNotAllowed');
    const apply = await api.request('PATCH', '/apis/apps/v1/namespaces/production/deployments/webapp', {
      contentType: 'application/apply-patch+yaml',
      body: '{}',
    });
    expect(apply.status).toBe(415);
  });
});

describe('pods/log', () => {
  it('returns the scenario log with tailLines, the previous instance, and clear 400s', async () => {
    const base = '/api/v1/namespaces/production/pods';
    const tail = await api.request('GET', `${base}/webapp-7d9f8b6c5d-abcde/log?tailLines=1`);
    expect(tail.contentType).toContain('text/plain');
    expect(tail.text).toBe('GC pause 812ms\n');
    const previous = await api.request(
      'GET',
      `${base}/webapp-7d9f8b6c5d-klmno/log?previous=true&container=webapp`,
    );
    expect(previous.text).toContain('OutOfMemoryError');
    const noPrevious = await api.request('GET', `${base}/webapp-7d9f8b6c5d-abcde/log?previous=true`);
    expect(noPrevious.status).toBe(400);
    expect(noPrevious.json.message).toBe(
      'previous terminated container "webapp" in pod "webapp-7d9f8b6c5d-abcde" not found',
    );
    const badContainer = await api.request('GET', `${base}/webapp-7d9f8b6c5d-abcde/log?container=sidecar`);
    expect(badContainer.json.message).toBe('container sidecar is not valid for pod webapp-7d9f8b6c5d-abcde');
  });
});

describe('bad requests', () => {
  const cases: Array<[string, string, string | undefined, string | undefined, number]> = [
    ['GET', '/api/v1/namespaces/production/pods/%E0%A4%A', undefined, undefined, 400],
    ['POST', '/api/v1/namespaces/production/configmaps', '[1, 2]', undefined, 400],
    ['POST', '/api/v1/namespaces/production/configmaps', '{"metadata":{"name":"Bad_Name"}}', undefined, 422],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/production/deployments/webapp',
      '"text"',
      'application/merge-patch+json',
      400,
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/production/deployments/webapp',
      '[{"op":"move","from":"/nope","path":"/x"}]',
      'application/json-patch+json',
      400,
    ],
    [
      'PUT',
      '/apis/apps/v1/namespaces/production/deployments/webapp/scale',
      '{"spec":{"replicas":"many"}}',
      undefined,
      422,
    ],
    [
      'DELETE',
      '/api/v1/namespaces/production/pods/webapp-7d9f8b6c5d-abcde',
      '{"propagationPolicy":"Sideways"}',
      undefined,
      400,
    ],
    [
      'POST',
      '/api/v1/namespaces/production/configmaps',
      '\u0000k8s\u0000',
      'application/vnd.kubernetes.protobuf',
      415,
    ],
    ['GET', '/api/v1/pods?watch=1&resourceVersion=abc', undefined, undefined, 400],
    ['OPTIONS', '/api/v1/pods', undefined, undefined, 405],
  ];

  it.each(cases)('%s %s answers a Status, not a crash', async (method, path, body, contentType, code) => {
    const response = await api.request(method, path, { body, contentType });
    expect(response.status).toBe(code);
    expect(response.json).toMatchObject({ kind: 'Status', status: 'Failure', code });
    expect((await api.request('GET', '/version')).status).toBe(200);
  });

  it('a refused delete leaves the object in place', () => {
    expect(sandbox.store.get('core/pods', 'production', 'webapp-7d9f8b6c5d-abcde')).toBeDefined();
  });
});
