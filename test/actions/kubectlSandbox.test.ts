// The kubectl line of a plan, pasted into a shell against the sandbox with the real kubectl, makes the change the
// plan describes: what the approval screen shows an engineer is a command that works.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/actions/kube.js';
import { planAction } from '../../src/actions/plan.js';
import type { Plan } from '../../src/actions/planTypes.js';
import { kubectlAvailable } from '../sandbox/conformance/kubectl.js';
import { type ActionRig, recommend, startRig } from './sandboxSetup.js';

const run = promisify(execFile);

let rig: ActionRig;
let home: string;
beforeEach(async () => {
  rig = await startRig();
  home = mkdtempSync(join(tmpdir(), 'kopilot-kubectl-home-'));
});
afterEach(async () => {
  await rig.close();
});

async function planned(
  action: string,
  target: Parameters<typeof recommend>[1],
  parameters = {},
): Promise<Plan> {
  const result = await planAction(recommend(action, target, parameters), { cluster: rig.cluster });
  if (!result.ok) throw new Error(`${action}: ${result.reason}: ${result.message}`);
  return result.plan;
}

/** Runs each line through sh, as a paste would, with the sandbox's kubeconfig and a HOME of its own. */
async function paste(plan: Plan): Promise<string> {
  let output = '';
  for (const line of plan.kubectl) {
    const { stdout } = await run('sh', ['-c', line], {
      env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: rig.sandbox.kubeconfigPath },
      timeout: 90_000,
    });
    output += stdout;
  }
  await rig.sandbox.settle();
  return output;
}

const spec = (resource: string, namespace: string | undefined, name: string) =>
  (rig.sandbox.store.get(resource, namespace, name) as KubeObject | undefined)?.spec as KubeObject;

describe.runIf(kubectlAvailable('kubectl lines of plans'))(
  'the kubectl line of a plan, run by the real kubectl',
  () => {
    it('patch_hpa, relax_pdb, expand_pvc and increase_resources write what the plan shows', async () => {
      const hpa = await planned(
        'patch_hpa',
        { kind: 'HorizontalPodAutoscaler', namespace: 'production', name: 'webapp' },
        { max_replicas: 8 },
      );
      await paste(hpa);
      expect(spec('autoscaling/horizontalpodautoscalers', 'production', 'webapp').maxReplicas).toBe(8);

      const pdb = await planned(
        'relax_pdb',
        { kind: 'PodDisruptionBudget', namespace: 'production', name: 'webapp' },
        { min_available: 1 },
      );
      await paste(pdb);
      expect(spec('policy/poddisruptionbudgets', 'production', 'webapp').minAvailable).toBe(1);

      const pvc = await planned(
        'expand_pvc',
        { kind: 'PersistentVolumeClaim', namespace: 'production', name: 'data-postgres-0' },
        { size: '300Gi' },
      );
      await paste(pvc);
      expect(
        spec('core/persistentvolumeclaims', 'production', 'data-postgres-0').resources.requests.storage,
      ).toBe('300Gi');

      // Last: the rollout it starts keeps changing the PDB's status, which would race the plans above.
      const resources = await planned(
        'increase_resources',
        { kind: 'Pod', namespace: 'production', name: 'webapp-123' },
        { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
      );
      expect(resources.kubectl).toEqual([
        'kubectl -n production set resources deployment/webapp -c webapp --limits=memory=12Gi --requests=memory=10Gi',
      ]);
      await paste(resources);
      const container = spec('apps/deployments', 'production', 'webapp').template.spec.containers[0];
      expect(container.resources).toMatchObject({ limits: { memory: '12Gi' }, requests: { memory: '10Gi' } });
    }, 240_000);

    it('restart_pod, rollback_deployment, restart_workload and scale_workload', async () => {
      // Planned first, pasted after: a rollout started by one paste would move the objects the next plan reads.
      const webapp = { kind: 'Deployment', namespace: 'production', name: 'webapp' };
      const postgres = { kind: 'StatefulSet', namespace: 'production', name: 'postgres' };
      const restartPod = await planned('restart_pod', {
        kind: 'Pod',
        namespace: 'production',
        name: 'webapp-123',
      });
      const rollback = await planned('rollback_deployment', webapp);
      const restart = await planned('restart_workload', webapp);
      const scale = await planned('scale_workload', postgres, { replicas: 3 });

      const before = rig.sandbox.store.get('core/pods', 'production', 'webapp-123')?.metadata.uid;
      expect(before).toBeDefined();
      await paste(restartPod);
      expect(rig.sandbox.store.get('core/pods', 'production', 'webapp-123')?.metadata.uid).not.toBe(before);

      const revision = rollback.changes.find((c) => c.field === 'revision')?.after;
      expect(rollback.kubectl).toEqual([
        `kubectl -n production rollout undo deployment/webapp --to-revision=${revision}`,
      ]);
      const step = rollback.steps[0];
      const op = step?.kind === 'patch' ? step.ops[1] : undefined;
      const kopilotTemplate = (op && 'value' in op ? op.value : {}) as KubeObject;
      await paste(rollback);
      // kubectl puts back the very template kopilot would have written.
      const template = spec('apps/deployments', 'production', 'webapp').template;
      expect(template.spec).toEqual(kopilotTemplate.spec);
      expect(template.metadata.labels).toEqual(kopilotTemplate.metadata.labels);

      await paste(restart);
      const annotations = spec('apps/deployments', 'production', 'webapp').template.metadata.annotations;
      expect(annotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();

      await paste(scale);
      expect(spec('apps/statefulsets', 'production', 'postgres').replicas).toBe(3);
    }, 240_000);

    it('cordon_node, remove_taint, uncordon_node and drain_node', async () => {
      const node = { kind: 'Node', name: 'worker-03' };
      await paste(await planned('cordon_node', node));
      expect(spec('core/nodes', undefined, 'worker-03').unschedulable).toBe(true);

      rig.sandbox.store.mutate('core/nodes', undefined, 'worker-03', (n) => {
        const s = n.spec as { taints?: unknown[] };
        s.taints = [
          ...(s.taints ?? []),
          { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' },
        ];
      });
      const untaint = await planned('remove_taint', node, { key: 'example.com/maintenance' });
      expect(untaint.kubectl).toEqual(['kubectl taint nodes worker-03 example.com/maintenance-']);
      await paste(untaint);
      const taints = (spec('core/nodes', undefined, 'worker-03').taints ?? []) as Array<{ key: string }>;
      expect(taints.map((t) => t.key)).not.toContain('example.com/maintenance');

      await paste(await planned('uncordon_node', node));
      // kubectl removes the field where kopilot sets it to false; either way the node takes pods again.
      expect(spec('core/nodes', undefined, 'worker-03').unschedulable ?? false).toBe(false);

      const drain = await planned('drain_node', node, { grace_period_seconds: 5 });
      const evicted = drain.steps.flatMap((s) => (s.kind === 'evict_pod' ? [s.uid] : []));
      expect(evicted.length).toBeGreaterThan(0);
      await paste(drain);
      expect(spec('core/nodes', undefined, 'worker-03').unschedulable).toBe(true);
      const left = rig.sandbox.store.list('core/pods').filter((p) => evicted.includes(p.metadata.uid ?? ''));
      expect(left).toEqual([]);
    }, 240_000);

    it('collect_diagnostics gives the same reads, which change nothing', async () => {
      const diagnostics = await planned(
        'collect_diagnostics',
        { kind: 'Pod', namespace: 'production', name: 'webapp-123' },
        { tail_lines: 20 },
      );
      const output = await paste(diagnostics);
      expect(output).toContain('webapp-123');
      expect(rig.sandbox.writeCount()).toBe(0);
    }, 240_000);
  },
);
