// Issue 7 acceptance "a dry-run refused by quota": growing a volume past the namespace's requests.storage quota is
// refused by the API server's dry run while planning, in the server's own words, before anyone approves anything.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAction } from '../../src/actions/plan.js';
import { formatBytes, parseQuantity } from '../../src/cluster/quantity.js';
import { type ActionRig, recommend, startRig } from './sandboxSetup.js';

const claim = { kind: 'PersistentVolumeClaim', namespace: 'production', name: 'data-postgres-0' };

describe('expand_pvc past a storage quota: data-postgres-0 (200Gi) in production', () => {
  let rig: ActionRig;
  let used: string;
  let limited: string;
  let writesBeforePlanning: number;

  beforeAll(async () => {
    rig = await startRig('webapp-memory');
    // The namespace gets a storage quota with 50Gi of room, created as an admin would.
    const claimed = rig.sandbox.store.list('core/persistentvolumeclaims', 'production').reduce((sum, pvc) => {
      const spec = pvc.spec as { resources?: { requests?: { storage?: string } } };
      return sum + parseQuantity(spec.resources?.requests?.storage ?? '0');
    }, 0);
    limited = formatBytes(claimed + 50 * 2 ** 30);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(rig.sandbox.kubeconfigPath);
    kc.setCurrentContext('sandbox');
    const quota = await kc.makeApiClient(k8s.CoreV1Api).createNamespacedResourceQuota({
      namespace: 'production',
      body: {
        metadata: { name: 'storage-quota', namespace: 'production' },
        spec: { hard: { 'requests.storage': limited } },
      },
    });
    used = quota.status?.used?.['requests.storage'] ?? '';
    expect(parseQuantity(used)).toBe(claimed);
    writesBeforePlanning = rig.sandbox.writeCount();
  }, 60_000);
  afterAll(async () => {
    await rig.close();
  });

  it('refuses growing it to 300Gi before approval with the quota refusal from the server dry run', async () => {
    const result = await planAction(recommend('expand_pvc', claim, { size: '300Gi' }), {
      cluster: rig.cluster,
      auditLog: rig.auditLog,
    });
    expect(result).toMatchObject({ ok: false, reason: 'dry_run_failed', status: 403 });
    expect(!result.ok && result.message).toBe(
      'the API server refused grow PersistentVolumeClaim production/data-postgres-0 to 300Gi (403 Forbidden, resource quota): ' +
        'persistentvolumeclaims "data-postgres-0" is forbidden: exceeded quota: storage-quota, ' +
        `requested: requests.storage=100Gi, used: requests.storage=${used}, limited: requests.storage=${limited}`,
    );
    // The diff is still there to show next to the refusal.
    expect(!result.ok && result.plan?.changes[0]).toMatchObject({
      field: 'storage request',
      before: '200Gi',
      after: '300Gi',
    });
    expect(rig.sandbox.writeCount() - writesBeforePlanning).toBe(0);
    const pvc = rig.sandbox.store.get('core/persistentvolumeclaims', 'production', 'data-postgres-0');
    expect((pvc?.spec as { resources: { requests: { storage: string } } }).resources.requests.storage).toBe(
      '200Gi',
    );
    const records = await rig.auditLog.readAll();
    expect(records.at(-1)).toMatchObject({ kind: 'action_refused', reason: 'dry_run_failed' });
  });

  it('plans growing it to 240Gi, within the quota, with the dry run accepted and still nothing written', async () => {
    const result = await planAction(recommend('expand_pvc', claim, { size: '240Gi' }), {
      cluster: rig.cluster,
      auditLog: rig.auditLog,
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.plan.findings).toContainEqual(
      expect.objectContaining({ check: 'dry_run', level: 'ok' }),
    );
    expect(rig.sandbox.writeCount() - writesBeforePlanning).toBe(0);
  });
});
