import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvePlan } from '../../src/actions/approval.js';
import { executePlan } from '../../src/actions/execute.js';
import { planAction, type PlanContext } from '../../src/actions/plan.js';
import type { Plan } from '../../src/actions/planTypes.js';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient.js';
import { alertmanagerAvailable, startAlertmanager } from '../helpers/alertmanager.js';
import { type ActionRig, collect, recommend, startRig } from './sandboxSetup.js';

const CANARY = 'kopilot-canary-7f3a9c2e';

let rig: ActionRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

/** Plans without the alert (these targets are checked for relatedness elsewhere), approves and executes. */
async function approveAndRun(
  action: string,
  target: Parameters<typeof recommend>[1],
  parameters: Record<string, unknown> = {},
  extra: Partial<PlanContext> & { alertmanager?: AlertmanagerClient } = {},
) {
  const { alertmanager, ...context } = extra;
  const result = await planAction(recommend(action, target, parameters), {
    cluster: rig.cluster,
    auditLog: rig.auditLog,
    ...context,
  });
  if (!result.ok) throw new Error(`${action}: ${result.reason}: ${result.message}`);
  const events = await collect(
    executePlan(result.plan, {
      // The human types the confirmation phrase where the plan asks for one (a drain, a relaxed PDB).
      approval: approvePlan(result.plan, { confirmation: result.plan.confirmation?.phrase }),
      cluster: rig.cluster,
      auditLog: rig.auditLog,
      alertmanager,
      verify: rig.verify,
    }),
  );
  return { plan: result.plan as Plan, events, last: events.at(-1) };
}

const get = (resource: string, namespace: string | undefined, name: string) =>
  rig.sandbox.store.get(resource, namespace, name) as unknown as {
    spec: Record<string, unknown>;
    status?: Record<string, unknown>;
    metadata: { uid: string };
  };

describe('every action type executes against the sandbox and is verified', () => {
  it('restart_workload, restart_pod, scale_workload and rollback_deployment', async () => {
    const restart = await approveAndRun('restart_workload', {
      kind: 'Deployment',
      namespace: 'production',
      name: 'webapp',
    });
    expect(restart.last).toMatchObject({ type: 'verified' });
    const template = get('apps/deployments', 'production', 'webapp').spec.template as {
      metadata: { annotations: Record<string, string> };
    };
    expect(template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();

    const pod = rig.sandbox.store
      .list('core/pods', 'production')
      .find((p) => p.metadata.name.startsWith('webapp-'));
    const podName = pod?.metadata.name as string;
    const restartPod = await approveAndRun('restart_pod', {
      kind: 'Pod',
      namespace: 'production',
      name: podName,
    });
    expect(restartPod.last).toMatchObject({
      type: 'verified',
      message: expect.stringContaining('is back to 3/3 ready pods'),
    });
    expect(rig.sandbox.store.get('core/pods', 'production', podName)?.metadata.uid).not.toBe(
      pod?.metadata.uid,
    );

    const scale = await approveAndRun(
      'scale_workload',
      { kind: 'Deployment', namespace: 'production', name: 'webapp' },
      { replicas: 4 },
    );
    expect(scale.plan.changes).toEqual([
      { object: 'Deployment production/webapp', field: 'replicas', before: '3', after: '4' },
    ]);
    expect(scale.last).toMatchObject({ type: 'verified', message: expect.stringContaining('4/4') });

    const rollback = await approveAndRun('rollback_deployment', {
      kind: 'Deployment',
      namespace: 'production',
      name: 'webapp',
    });
    expect(rollback.plan.changes[0]?.field).toBe('revision');
    expect(rollback.last).toMatchObject({ type: 'verified' });
    expect(rig.sandbox.writeCount()).toBe(4);
  });

  it('DaemonSets: a restart rolls node by node and is verified once every node runs an updated pod', async () => {
    const exporter = { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter' };
    const before = rig.sandbox.store
      .list('core/pods', 'monitoring')
      .filter((p) => p.metadata.ownerReferences?.[0]?.name === 'node-exporter');
    const restart = await approveAndRun('restart_workload', exporter);
    expect(restart.last).toMatchObject({
      type: 'verified',
      message: `DaemonSet monitoring/node-exporter: ${before.length}/${before.length} available`,
    });
    const after = rig.sandbox.store
      .list('core/pods', 'monitoring')
      .filter((p) => p.metadata.ownerReferences?.[0]?.name === 'node-exporter');
    expect(after).toHaveLength(before.length);
    expect(after.some((p) => before.some((b) => b.metadata.uid === p.metadata.uid))).toBe(false);
    expect(rig.sandbox.writeCount()).toBe(1);
  });

  it('StatefulSets: restart, resources and scale are verified by their rollout', async () => {
    const postgres = { kind: 'StatefulSet', namespace: 'production', name: 'postgres' };
    const restart = await approveAndRun('restart_workload', postgres);
    expect(restart.last).toMatchObject({
      type: 'verified',
      message: 'StatefulSet production/postgres: 2/2 ready',
    });
    const resources = await approveAndRun('increase_resources', postgres, { cpu_limit: '3' });
    expect(resources.plan.changes.map((c) => `${c.field} ${c.before} → ${c.after}`)).toEqual([
      'cpu limit (container postgres) none → 3',
    ]);
    expect(resources.last).toMatchObject({ type: 'verified' });
    const scale = await approveAndRun('scale_workload', postgres, { replicas: 3 });
    expect(scale.last).toMatchObject({
      type: 'verified',
      message: 'StatefulSet production/postgres: 3/3 ready',
    });
    expect(rig.sandbox.writeCount()).toBe(3);
  });

  it('patch_hpa, relax_pdb and expand_pvc', async () => {
    const hpa = await approveAndRun(
      'patch_hpa',
      { kind: 'HorizontalPodAutoscaler', namespace: 'production', name: 'webapp' },
      { max_replicas: 8 },
    );
    expect(hpa.plan.changes.map((c) => `${c.field} ${c.before} → ${c.after}`)).toEqual(['maxReplicas 6 → 8']);
    expect(hpa.last).toMatchObject({ type: 'verified', message: expect.stringContaining('bounds 2–8') });
    expect(get('autoscaling/horizontalpodautoscalers', 'production', 'webapp').spec.maxReplicas).toBe(8);

    const pdb = await approveAndRun(
      'relax_pdb',
      { kind: 'PodDisruptionBudget', namespace: 'production', name: 'webapp' },
      { min_available: 1 },
    );
    expect(pdb.plan.changes.map((c) => `${c.field} ${c.before} → ${c.after}`)).toEqual([
      'minAvailable 2 → 1',
    ]);
    expect(pdb.last).toMatchObject({
      type: 'verified',
      message: expect.stringContaining('allows 2 disruption'),
    });

    const pvc = await approveAndRun(
      'expand_pvc',
      { kind: 'PersistentVolumeClaim', namespace: 'production', name: 'data-postgres-0' },
      { size: '300Gi' },
    );
    expect(pvc.plan.changes[0]).toMatchObject({ field: 'storage request', after: '300Gi' });
    expect(pvc.last).toMatchObject({ type: 'verified', message: expect.stringContaining('300Gi') });
    expect(rig.sandbox.writeCount()).toBe(3);
  });

  it('cordon_node, remove_taint and uncordon_node', async () => {
    const node = { kind: 'Node', name: 'worker-03' };
    const cordon = await approveAndRun('cordon_node', node);
    expect(cordon.last).toMatchObject({ type: 'verified', message: 'node worker-03 is unschedulable' });
    rig.sandbox.store.mutate('core/nodes', undefined, 'worker-03', (n) => {
      const spec = n.spec as { taints?: unknown[] };
      spec.taints = [
        ...(spec.taints ?? []),
        { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' },
      ];
    });
    const untaint = await approveAndRun('remove_taint', node, { key: 'example.com/maintenance' });
    expect(untaint.plan.changes).toEqual([
      {
        object: 'Node worker-03',
        field: 'taint',
        before: 'example.com/maintenance=true:NoSchedule',
        after: 'removed',
      },
    ]);
    expect(untaint.last).toMatchObject({ type: 'verified' });
    const uncordon = await approveAndRun('uncordon_node', node);
    expect(uncordon.last).toMatchObject({ type: 'verified', message: 'node worker-03 is schedulable' });
    expect(get('core/nodes', undefined, 'worker-03').spec.unschedulable).toBe(false);
    expect(rig.sandbox.writeCount()).toBe(3);
  });

  it('collect_diagnostics writes a local bundle with secrets redacted, and escalate changes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kopilot-diag-'));
    const diag = await approveAndRun(
      'collect_diagnostics',
      { kind: 'Pod', namespace: 'production', name: 'webapp-123' },
      {},
      { diagnosticsDir: folder },
    );
    expect(diag.last).toMatchObject({ type: 'verified' });
    const [bundle] = readdirSync(folder);
    const files = readdirSync(join(folder, bundle as string));
    expect(files).toEqual(
      expect.arrayContaining(['object.yaml', 'events.yaml', 'logs-webapp-123-webapp.txt']),
    );
    for (const file of files)
      expect(readFileSync(join(folder, bundle as string, file), 'utf8')).not.toContain(CANARY);

    const escalate = await approveAndRun(
      'escalate',
      { kind: 'Deployment', namespace: 'production', name: 'webapp' },
      { summary: 'memory leak suspected' },
    );
    expect(escalate.last).toMatchObject({
      type: 'verified',
      message: 'nothing was changed; handed over to a human',
    });
    expect(rig.sandbox.writeCount()).toBe(0);
  });
});

describe.runIf(alertmanagerAvailable())('silence_alert against a real AlertManager', () => {
  it('creates a silence matching the alert for the asked duration and verifies it is active', async () => {
    const am = await startAlertmanager();
    try {
      const client = new AlertmanagerClient({ url: am.url });
      await am.post([{ labels: { ...rig.alert.labels } }]);
      const silenced = await approveAndRun(
        'silence_alert',
        { kind: 'Alert', name: rig.alert.name },
        { duration: '2h', comment: 'fix rolling out' },
        { alert: rig.alert, alertmanager: client },
      );
      expect(silenced.plan.changes[0]?.field).toContain('alertname="HighMemoryUsage"');
      expect(silenced.last).toMatchObject({
        type: 'verified',
        message: expect.stringMatching(/^silence .+ is active until/),
      });
      const [silence] = await client.listSilences();
      expect(silence?.comment).toContain('fix rolling out (kopilot, alert');
      const hours = (Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '')) / 3_600_000;
      expect(hours).toBeCloseTo(2, 1);
      expect(rig.sandbox.writeCount()).toBe(0);
    } finally {
      await am.stop();
    }
  });
});
