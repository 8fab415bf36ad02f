// Shrinking is never low-stakes: scale to 0 or below an HPA/PDB floor, a PDB relaxed to nothing, a drain → high risk, typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePlan } from '../../src/actions/approval.js';
import { approvalProblem } from '../../src/actions/approval.js';
import { planAction } from '../../src/actions/plan.js';
import type { Plan } from '../../src/actions/planTypes.js';
import { type ActionRig, recommend, startRig, webapp } from './sandboxSetup.js';

let rig: ActionRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig.close();
});

async function planned(
  action: string,
  target: Parameters<typeof recommend>[1],
  parameters = {},
): Promise<Plan> {
  const result = await planAction(recommend(action, target, parameters), {
    cluster: rig.cluster,
    alert: rig.alert,
  });
  if (!result.ok && !result.plan) throw new Error(`${result.reason}: ${result.message}`);
  return result.ok ? result.plan : (result.plan as Plan);
}

const shrinkOf = (plan: Plan) => plan.findings.find((f) => f.check === 'shrink');

describe('webapp (3 replicas, HPA min 2, PDB minAvailable 2)', () => {
  it('scale to 0 is high risk, says why, and runs only with "production/webapp" typed', async () => {
    const plan = await planned('scale_workload', webapp, { replicas: 0 });
    expect(plan.risk).toBe('high');
    expect(shrinkOf(plan)?.level).toBe('confirm');
    expect(shrinkOf(plan)?.message).toMatch(/scales to 0 replicas/);
    expect(shrinkOf(plan)?.message).toMatch(/below HorizontalPodAutoscaler webapp's minimum of 2/);
    expect(shrinkOf(plan)?.message).toMatch(/below PodDisruptionBudget webapp's minAvailable of 2/);
    expect(plan.confirmation?.phrase).toBe('production/webapp');
    expect(approvalProblem(plan, approvePlan(plan))).toMatch(/typed confirmation did not match/);
    expect(approvalProblem(plan, approvePlan(plan, { confirmation: 'production/webapp' }))).toBeUndefined();
  });

  it('scale to 1 is below both floors; 3 → 2 and scaling up stay as they were', async () => {
    const one = await planned('scale_workload', webapp, { replicas: 1 });
    expect(one.risk).toBe('high');
    expect(shrinkOf(one)?.message).not.toMatch(/scales to 0/);
    for (const replicas of [2, 4]) {
      const plan = await planned('scale_workload', webapp, { replicas });
      expect(plan.risk, `replicas ${replicas}`).toBe('medium');
      expect(shrinkOf(plan)).toBeUndefined();
      expect(plan.confirmation).toBeUndefined();
    }
  });

  it('a PDB relaxed to minAvailable 0 says every pod may be evicted at once, typed confirmation', async () => {
    const pdb = { kind: 'PodDisruptionBudget', namespace: 'production', name: 'webapp' };
    const plan = await planned('relax_pdb', pdb, { min_available: 0 });
    expect(plan.risk).toBe('high');
    expect(shrinkOf(plan)?.message).toMatch(/relaxes the budget to nothing/);
    expect(plan.confirmation?.phrase).toBe('production/webapp');
  });

  it('a drain says how many pods it evicts and needs the node typed', async () => {
    const plan = await planned('drain_node', { kind: 'Node', name: 'worker-02' });
    expect(shrinkOf(plan)?.message).toMatch(/drains the node: evicts \d+ pod\(s\)/);
    expect(plan.confirmation?.phrase).toBe('worker-02');
  });
});
