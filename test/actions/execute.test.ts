import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvePlan, recordDecision, rejectPlan } from '../../src/actions/approval.js';
import { executePlan } from '../../src/actions/execute.js';
import { ActionCluster } from '../../src/actions/kube.js';
import { planAction, planRecord } from '../../src/actions/plan.js';
import { overrideFor } from '../../src/actions/policy.js';
import type { Plan } from '../../src/actions/planTypes.js';
import { type ActionRig, collect, recommend, startRig, webapp } from './sandboxSetup.js';

let rig: ActionRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

function deployment(name = 'webapp', namespace = 'production') {
  return rig.sandbox.store.get('apps/deployments', namespace, name) as unknown as {
    spec: {
      replicas: number;
      template: {
        spec: {
          containers: Array<{
            resources: { limits: Record<string, string>; requests: Record<string, string> };
          }>;
        };
      };
    };
    metadata: { annotations?: Record<string, string> };
  };
}

async function plan(
  action: string,
  target: Parameters<typeof recommend>[1],
  parameters: Record<string, unknown> = {},
) {
  return planAction(recommend(action, target, parameters), {
    cluster: rig.cluster,
    alert: rig.alert,
    auditLog: rig.auditLog,
  });
}

async function planned(
  action: string,
  target: Parameters<typeof recommend>[1],
  parameters: Record<string, unknown> = {},
): Promise<Plan> {
  const result = await plan(action, target, parameters);
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}: ${result.message}`);
  return result.plan;
}

// The human types the confirmation phrase where the plan asks for one (protected namespace, shrink).
function run(
  p: Plan,
  approval = approvePlan(p, { confirmation: p.confirmation?.phrase }),
  cluster = rig.cluster,
) {
  return collect(
    executePlan(p, {
      approval,
      cluster,
      auditLog: rig.auditLog,
      planContext: { alert: rig.alert },
      verify: rig.verify,
    }),
  );
}

describe('HighMemoryUsage on webapp-123 → increase_resources', () => {
  it('plans 8Gi → 12Gi with a dry run and nothing written, then executes only once approved and verifies the rollout', async () => {
    const p = await planned(
      'increase_resources',
      { kind: 'Pod', namespace: 'production', name: 'webapp-123' },
      { memory_limit: '12Gi', memory_request: '10Gi' },
    );
    expect(p.target).toEqual(webapp);
    expect(p.changes.map((c) => `${c.field} ${c.before} → ${c.after}`)).toEqual([
      'memory limit (container webapp) 8Gi → 12Gi',
      'memory request (container webapp) 6Gi → 10Gi',
    ]);
    expect(p.findings.find((f) => f.check === 'dry_run')?.level).toBe('ok');
    expect(p.findings.find((f) => f.check === 'capacity')?.level).toBe('ok');
    expect(p.context.name).toBe('sandbox');
    expect(rig.sandbox.writeCount()).toBe(0);

    const events = await run(p);
    expect(events.map((e) => e.type).filter((t, i, all) => all.indexOf(t) === i)).toEqual([
      'dry_run',
      'applying',
      'applied',
      'verifying',
      'verified',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'verified',
      message: expect.stringContaining('3/3 replicas updated and available'),
    });
    expect(rig.sandbox.writeCount()).toBe(1);
    expect(deployment().spec.template.spec.containers[0]?.resources.limits.memory).toBe('12Gi');

    const kinds = (await rig.auditLog.readAll()).map((r) => r.kind);
    expect(kinds).toEqual([
      'action_plan',
      'action_decision',
      'action_started',
      'action_applied',
      'action_result',
      'action_verification',
    ]);
    const decision = (await rig.auditLog.readAll()).find((r) => r.kind === 'action_decision');
    expect(decision).toMatchObject({ outcome: 'approved', by: { kubeUser: p.context.kubeUser } });
  });

  it('a rollout that never becomes available fails verification, offers the rollback, and the approved rollback restores it', async () => {
    // 4Gi is below what webapp uses (7.6Gi): the new pods are OOMKilled and never become available.
    const p = await planned('increase_resources', webapp, { memory_limit: '4Gi', memory_request: '3Gi' });
    const events = await run(p);
    const failed = events.at(-1);
    expect(failed?.type).toBe('verification_failed');
    if (failed?.type !== 'verification_failed') return;
    expect(failed.message).toMatch(/rollout of Deployment production\/webapp exceeded its progress deadline/);
    expect(failed.inverse?.ok).toBe(true);
    if (!failed.inverse?.ok) return;
    const rollback = failed.inverse.plan;
    expect(rollback.action).toBe('rollback_deployment');
    expect(rollback.inverseOf).toBe(p.id);
    expect(rollback.changes.map((c) => `${c.field} ${c.before} → ${c.after}`)).toContain(
      'memory limit (container webapp) 4Gi → 8Gi',
    );
    const writesBefore = rig.sandbox.writeCount();

    const undo = await run(rollback);
    expect(undo.at(-1)).toMatchObject({ type: 'verified' });
    expect(rig.sandbox.writeCount()).toBe(writesBefore + 1);
    expect(deployment().spec.template.spec.containers[0]?.resources.limits.memory).toBe('8Gi');
  });
});

describe('no write without an approval', () => {
  it('rejected plans, missing approvals and approvals of another plan send nothing', async () => {
    const p = await planned('scale_workload', webapp, { replicas: 5 });
    await recordDecision(rig.auditLog, p, rejectPlan(p));
    const other = await planned('restart_workload', webapp);

    const noApproval = await collect(
      executePlan(p, { approval: undefined, cluster: rig.cluster, auditLog: rig.auditLog }),
    );
    expect(noApproval).toEqual([
      { type: 'refused', planId: p.id, message: expect.stringContaining('no approval') },
    ]);
    const wrong = await run(p, approvePlan(other));
    expect(wrong[0]).toMatchObject({ type: 'refused', message: expect.stringContaining(`not ${p.id}`) });
    const rejected = await run(p, { ...approvePlan(p), outcome: 'rejected' } as never);
    expect(rejected[0]?.type).toBe('refused');
    const unknownContext = await collect(
      executePlan(p, {
        approval: approvePlan(p),
        kubeconfigPath: rig.sandbox.kubeconfigPath,
        context: 'prod-typo',
        auditLog: rig.auditLog,
      }),
    );
    expect(unknownContext).toEqual([
      {
        type: 'refused',
        planId: p.id,
        message: 'cannot use the kubeconfig: kubeconfig has no context named "prod-typo"',
      },
    ]);
    const readonly = await collect(
      executePlan(p, {
        approval: approvePlan(p),
        kubeconfigPath: rig.sandbox.kubeconfigPath,
        context: 'sandbox-readonly',
        auditLog: rig.auditLog,
      }),
    );
    expect(readonly[0]).toMatchObject({
      type: 'refused',
      message: expect.stringContaining('made for context sandbox, not sandbox-readonly'),
    });

    expect(rig.sandbox.writeCount()).toBe(0);
    expect(deployment().spec.replicas).toBe(3);
    const decisions = (await rig.auditLog.readAll()).filter((r) => r.kind === 'action_decision');
    expect(decisions.map((d) => d.outcome)).toEqual(['rejected']);
  });
});

describe('guardrails before approval', () => {
  it('refuses a change over the policy bounds (3 → 12 replicas) and says the largest allowed', async () => {
    const result = await plan('scale_workload', webapp, { replicas: 12 });
    expect(result).toMatchObject({ ok: false, reason: 'policy' });
    expect(!result.ok && result.message).toBe(
      'replicas 3 → 12 is beyond the policy bound (at most ×2 or ±5 replicas); ask for at most 8',
    );
    expect(rig.sandbox.writeCount()).toBe(0);
  });

  it('refuses a target unrelated to the alert unless the human overrides', async () => {
    const refused = await plan('cordon_node', { kind: 'Node', name: 'worker-04' });
    expect(refused).toMatchObject({ ok: false, reason: 'policy' });
    expect(!refused.ok && refused.message).toMatch(
      /Node worker-04 is neither the alert's object \(Pod production\/webapp-123\) nor related/,
    );
    expect(!refused.ok && overrideFor(refused.findings)).toBe('unrelatedTarget');
    const related = await plan('cordon_node', { kind: 'Node', name: 'worker-02' });
    expect(related.ok).toBe(true);
    const overridden = await planAction(recommend('cordon_node', { kind: 'Node', name: 'worker-04' }), {
      cluster: rig.cluster,
      alert: rig.alert,
      overrides: { unrelatedTarget: true },
    });
    expect(overridden.ok && overridden.plan.findings.find((f) => f.check === 'related')?.level).toBe(
      'warning',
    );
    // The audit record of the plan says what the human overrode.
    expect(overridden.ok && planRecord(overridden.plan).overridden).toEqual(['related']);
    expect(rig.sandbox.writeCount()).toBe(0);
  });

  it("still relates the Deployment to the alert when the alert's pod is gone (restarted since the alert)", async () => {
    rig.sandbox.store.delete('core/pods', 'production', 'webapp-123');
    const result = await plan('scale_workload', webapp, { replicas: 4 });
    const findings = result.ok ? result.plan.findings : result.findings;
    expect(
      findings.find((f) => f.check === 'related'),
      JSON.stringify(result),
    ).toMatchObject({ level: 'ok' });
  });

  it('a protected namespace needs the typed confirmation: without it nothing runs, with it the restart runs', async () => {
    const coredns = { kind: 'Deployment', namespace: 'kube-system', name: 'coredns' };
    const result = await planAction(recommend('restart_workload', coredns), {
      cluster: rig.cluster,
      auditLog: rig.auditLog,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.confirmation?.phrase).toBe('kube-system/coredns');
    const untyped = await run(result.plan, approvePlan(result.plan));
    expect(untyped[0]).toMatchObject({
      type: 'refused',
      message: expect.stringContaining('type "kube-system/coredns"'),
    });
    const mistyped = await run(result.plan, approvePlan(result.plan, { confirmation: 'coredns' }));
    expect(mistyped[0]?.type).toBe('refused');
    expect(rig.sandbox.writeCount()).toBe(0);
    const typed = await run(result.plan, approvePlan(result.plan, { confirmation: 'kube-system/coredns' }));
    expect(typed.at(-1)?.type).toBe('verified');
    expect(rig.sandbox.writeCount()).toBe(1);
  });

  it('an edited approval is recorded as edited, and a cooldown warning follows on the same target within 30 minutes', async () => {
    const first = await planned('scale_workload', webapp, { replicas: 4 });
    expect((await run(first, approvePlan(first, { edited: true }))).at(-1)?.type).toBe('verified');
    const decision = (await rig.auditLog.readAll()).find((r) => r.kind === 'action_decision');
    expect(decision).toMatchObject({ outcome: 'edited', approved: true });
    const second = await planned('scale_workload', webapp, { replicas: 3 });
    expect(second.findings.find((f) => f.check === 'cooldown')).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('had scale_workload'),
    });
    expect(second.findings.find((f) => f.check === 'oscillation')).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('went up with scale_workload'),
    });
  });

  it('the read-only context gets a 403 at the dry run, naming its kube user and context', async () => {
    const readonly = ActionCluster.connect({
      kubeconfigPath: rig.sandbox.kubeconfigPath,
      context: 'sandbox-readonly',
    });
    const result = await planAction(recommend('scale_workload', webapp, { replicas: 5 }), {
      cluster: readonly,
      alert: rig.alert,
    });
    expect(result).toMatchObject({ ok: false, reason: 'forbidden', status: 403 });
    expect(!result.ok && result.message).toMatch(
      /kube user ".+" of context sandbox-readonly may not set Deployment production\/webapp replicas to 5 \(403 Forbidden\)/,
    );
    expect(rig.sandbox.writeCount()).toBe(0);
  });
});

describe('the object changed after planning', () => {
  it('spec changed before execution: nothing is sent, the plan is rebuilt from the new state and the human asked again', async () => {
    const p = await planned('scale_workload', webapp, { replicas: 5 });
    rig.sandbox.store.mutate('apps/deployments', 'production', 'webapp', (d) => {
      (d.spec as { replicas: number }).replicas = 4;
    });
    const events = await run(p);
    expect(events).toHaveLength(1);
    const conflict = events[0];
    expect(conflict?.type).toBe('conflict');
    if (conflict?.type !== 'conflict') return;
    expect(conflict.message).toMatch(/Deployment production\/webapp changed after planning/);
    expect(conflict.rebuilt.ok && conflict.rebuilt.plan.changes[0]).toMatchObject({
      field: 'replicas',
      before: '4',
      after: '5',
    });
    expect(rig.sandbox.writeCount()).toBe(0);
  });

  it('changed between the check and the write: the API server answers 409 and the plan is rebuilt', async () => {
    const p = await planned('scale_workload', webapp, { replicas: 5 });
    const events = [];
    for await (const event of executePlan(p, {
      approval: approvePlan(p),
      cluster: rig.cluster,
      auditLog: rig.auditLog,
      verify: rig.verify,
    })) {
      events.push(event);
      if (event.type === 'applying') {
        rig.sandbox.store.mutate('apps/deployments', 'production', 'webapp', (d) => {
          (d.spec as { replicas: number }).replicas = 4;
        });
      }
    }
    const conflict = events.at(-1);
    expect(conflict?.type).toBe('conflict');
    expect(conflict?.type === 'conflict' && conflict.message).toMatch(/409 Conflict/);
    expect(deployment().spec.replicas).toBe(4);
    const result = (await rig.auditLog.readAll()).filter((r) => r.kind === 'action_result');
    expect(result).toMatchObject([{ ok: false, status: 409 }]);
  });
});

describe('drain_node and PodDisruptionBudgets', () => {
  function budget(minAvailable: number) {
    rig.sandbox.store.mutate('policy/poddisruptionbudgets', 'production', 'webapp', (pdb) => {
      (pdb.spec as { minAvailable: number }).minAvailable = minAvailable;
    });
  }

  it('a drain the PDB blocks is refused at planning with the 429 and the budget named', async () => {
    budget(3);
    await rig.sandbox.settle();
    const result = await plan('drain_node', { kind: 'Node', name: 'worker-02' });
    expect(result).toMatchObject({ ok: false, reason: 'dry_run_failed', status: 429 });
    expect(!result.ok && result.message).toMatch(
      /eviction of Pod production\/webapp-123 is blocked by a PodDisruptionBudget \(429 TooManyRequests\)/,
    );
    expect(rig.sandbox.writeCount()).toBe(0);
  });

  it('a budget tightened after approval stops the drain at the 429, says so, and offers uncordon', async () => {
    const p = await planned('drain_node', { kind: 'Node', name: 'worker-02' });
    budget(3);
    await rig.sandbox.settle();
    const events = await run(p);
    const failed = events.at(-1);
    expect(failed).toMatchObject({ type: 'failed', status: 429 });
    expect(failed?.type === 'failed' && failed.message).toMatch(/blocked by a PodDisruptionBudget/);
    expect(failed?.type === 'failed' && failed.inverse?.ok && failed.inverse.plan.action).toBe(
      'uncordon_node',
    );
  });

  it('drains a node: cordoned, every non-DaemonSet pod evicted, verified; emptyDir data loss is flagged', async () => {
    rig.sandbox.store.mutate('core/pods', 'production', 'webapp-123', (pod) => {
      const spec = pod.spec as { volumes?: unknown[] };
      spec.volumes = [...(spec.volumes ?? []), { name: 'scratch', emptyDir: {} }];
    });
    const p = await planned('drain_node', { kind: 'Node', name: 'worker-02' });
    expect(p.findings).toContainEqual({
      check: 'advice',
      level: 'warning',
      message: '1 evicted pod(s) use emptyDir volumes whose data is lost: production/webapp-123',
    });
    const events = await run(p);
    expect(events.at(-1)).toMatchObject({
      type: 'verified',
      message: expect.stringMatching(/node worker-02 is cordoned and its \d+ evicted pods are gone/),
    });
    const left = rig.sandbox.store
      .list('core/pods')
      .filter((pod) => (pod.spec as { nodeName?: string }).nodeName === 'worker-02');
    expect(left.every((pod) => pod.metadata.ownerReferences?.[0]?.kind === 'DaemonSet')).toBe(true);
  });
});
