import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRecommendation } from '../../src/actions/validateRecommendation.js';
import { planAction } from '../../src/actions/plan.js';
import { overrideFor } from '../../src/actions/policy.js';
import { type ActionRig, recommend, startRig } from './sandboxSetup.js';

describe('quota-exhausted: checkout-api stuck at 4/5, memory quota used up', () => {
  let rig: ActionRig;
  beforeAll(async () => {
    rig = await startRig('quota-exhausted');
  });
  afterAll(async () => {
    await rig.close();
  });

  it('refuses scaling checkout-api to 6 before approval, naming the quota and the numbers', async () => {
    const result = await planAction(
      recommend(
        'scale_workload',
        { kind: 'Deployment', namespace: 'checkout', name: 'checkout-api' },
        { replicas: 6 },
      ),
      {
        cluster: rig.cluster,
        auditLog: rig.auditLog,
      },
    );
    expect(result).toMatchObject({ ok: false, reason: 'capacity' });
    expect(!result.ok && result.message).toMatch(
      /cannot scale 5→6: quota compute-quota requests\.memory: 20Gi\/16Gi/,
    );
    expect(!result.ok && result.plan?.changes).toEqual([
      { object: 'Deployment checkout/checkout-api', field: 'replicas', before: '5', after: '6' },
    ]);
    expect(rig.sandbox.writeCount()).toBe(0);
    const [refused] = await rig.auditLog.readAll();
    expect(refused).toMatchObject({ kind: 'action_refused', reason: 'capacity' });
  });

  it('offers no override for a quota: a human override leaves the refusal standing', async () => {
    const result = await planAction(
      recommend(
        'scale_workload',
        { kind: 'Deployment', namespace: 'checkout', name: 'checkout-api' },
        { replicas: 6 },
      ),
      { cluster: rig.cluster, auditLog: rig.auditLog, overrides: { capacity: true } },
    );
    // Quota admission judges pods, not replicas: past this check the scale would be accepted and then stall.
    expect(result).toMatchObject({ ok: false, reason: 'capacity' });
    const findings = result.ok ? [] : result.findings;
    expect(findings.find((f) => f.check === 'capacity')).toMatchObject({ level: 'refuse' });
    expect(overrideFor(findings)).toBeUndefined();
    expect(rig.sandbox.writeCount()).toBe(0);
  });

  it('accepts the expected answer: escalate on ResourceQuota checkout/compute-quota', () => {
    const valid = validateRecommendation(
      recommend(
        'escalate',
        { kind: 'ResourceQuota', namespace: 'checkout', name: 'compute-quota' },
        { summary: 'quota full' },
      ),
    );
    expect(valid).toMatchObject({
      ok: true,
      action: 'escalate',
      target: { kind: 'ResourceQuota', namespace: 'checkout', name: 'compute-quota' },
    });
  });
});
