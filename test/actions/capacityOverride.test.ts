// memory-no-room: a 10Gi request fits on no node. Room on the nodes is the one refusal a human may override
// (a bigger node pool is on its way, say); the override is planned, dry-run and recorded like any other plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAction, planRecord } from '../../src/actions/plan.js';
import { overrideFor } from '../../src/actions/policy.js';
import { type ActionRig, recommend, startRig } from './sandboxSetup.js';

describe('capacity override on memory-no-room', () => {
  let rig: ActionRig;
  beforeAll(async () => {
    rig = await startRig('memory-no-room');
  });
  afterAll(async () => {
    await rig.close();
  });

  const bigger = () =>
    recommend(
      'increase_resources',
      { kind: 'Deployment', namespace: 'production', name: 'webapp' },
      { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
    );

  it('refuses for want of room, and says a human may override that', async () => {
    const refused = await planAction(bigger(), {
      cluster: rig.cluster,
      alert: rig.alert,
      auditLog: rig.auditLog,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'capacity' });
    expect(!refused.ok && refused.message).toMatch(/needs room for 1 surge pod.*it would stall/);
    expect(!refused.ok && overrideFor(refused.findings)).toBe('capacity');
  });

  it('with the override the plan is checked by the server dry run and records what was overridden', async () => {
    const result = await planAction(bigger(), {
      cluster: rig.cluster,
      alert: rig.alert,
      auditLog: rig.auditLog,
      overrides: { capacity: true },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.findings.find((f) => f.check === 'capacity')).toMatchObject({
      level: 'warning',
      overridden: true,
      message: expect.stringMatching(/it would stall \(overridden by the human\)$/),
    });
    expect(result.plan.findings.find((f) => f.check === 'dry_run')?.level).toBe('ok');
    expect(planRecord(result.plan).overridden).toEqual(['capacity']);
    expect(rig.sandbox.writeCount()).toBe(0);
  });
});
