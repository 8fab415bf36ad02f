// Workload rules: one stuck pod, an unexplained crash, a blocking PDB, a full quota, a filling claim, event causes.
import { describe, expect, it } from 'vitest';
import { collectCrashDiagnostics } from '../../../src/agent/rules/collectCrashDiagnostics.js';
import { eventCause } from '../../../src/agent/rules/eventCause.js';
import { quotaExhausted } from '../../../src/agent/rules/quotaExhausted.js';
import { relaxPdb } from '../../../src/agent/rules/relaxPdb.js';
import { restartStuckPod } from '../../../src/agent/rules/restartStuckPod.js';
import { scaleForLoad } from '../../../src/agent/rules/scaleForLoad.js';
import { volumeFillingUp } from '../../../src/agent/rules/volumeFillingUp.js';
import { alertOf } from '../alerts.js';
import { crashingPod, events, history, input, result } from './evidence.js';

const mismatch = alertOf('KubeDeploymentReplicasMismatch', {
  namespace: 'shop',
  kind: 'Deployment',
  name: 'api',
});
const workload = (pods: Record<string, number>) =>
  result('get_workload', {
    summary: 'w',
    kind: 'Deployment',
    name: 'api',
    namespace: 'shop',
    pods_by_status: pods,
  });
const stuckList = result('list_pods', {
  summary: '1 with problems',
  pods: [
    { pod: 'api-7c9d8f6b5-zzzzz', status: 'Running (not ready)', ready: '0/1', restarts: 0, age: '11d' },
  ],
});

describe('one-pod-stuck (restart_pod)', () => {
  it('restarts the one not-ready pod whose siblings are healthy', () => {
    const answer = restartStuckPod.recommend(
      input(mismatch, [workload({ Running: 3, 'Running (not ready)': 1 }), stuckList, history([])]),
    );
    expect(answer?.recommendation).toMatchObject({
      action: 'restart_pod',
      target: { kind: 'Pod', namespace: 'shop', name: 'api-7c9d8f6b5-zzzzz' },
    });
  });

  it('stays silent when all pods are not ready, or a rollout is in the window', () => {
    expect(
      restartStuckPod.recommend(input(mismatch, [workload({ 'Running (not ready)': 3 }), stuckList])),
    ).toBeUndefined();
    const rollout = history([{ when: '10m ago', change: 'image api:1 → 2 (revision 2)' }], 2);
    expect(
      restartStuckPod.recommend(
        input(mismatch, [workload({ Running: 3, 'Running (not ready)': 1 }), stuckList, rollout]),
      ),
    ).toBeUndefined();
  });
});

describe('crash-cause-unknown (collect_diagnostics)', () => {
  const crash = alertOf('KubePodCrashLooping', {
    namespace: 'shop',
    kind: 'Pod',
    name: 'api-7c9d8f6b5-abcde',
  });
  const quietLog = result('get_pod_logs', {
    summary: '2 lines',
    lines: ['starting', 'resuming from checkpoint'],
  });

  it('collects diagnostics when the crash, the log and the history show no cause', () => {
    const answer = collectCrashDiagnostics.recommend(
      input(crash, [crashingPod({}, { last_termination: 'Error (exit 139)' }), quietLog, history([])]),
    );
    expect(answer?.recommendation.action).toBe('collect_diagnostics');
    expect(answer?.found[0]).toMatch(/exit 139/);
  });

  it('stays silent when the log names an error, or it was OOMKilled', () => {
    const loud = result('get_pod_logs', { summary: '1 line', lines: ['fatal: invalid config key'] });
    expect(collectCrashDiagnostics.recommend(input(crash, [crashingPod(), loud]))).toBeUndefined();
    const oom = crashingPod({}, { last_termination: 'OOMKilled (exit 137)' });
    expect(collectCrashDiagnostics.recommend(input(crash, [oom, quietLog]))).toBeUndefined();
  });
});

describe('pdb-blocks-eviction (relax_pdb)', () => {
  const drain = alertOf('KubeNodeUnschedulable', { namespace: 'coord', kind: 'Node', name: 'worker-02' });
  const pdb = (rule: string, healthy: string, allowed: number) =>
    result('get_pdb_status', {
      summary: 'p',
      namespace: 'coord',
      pdbs: [
        {
          name: 'zk-pdb',
          selector: 'app=zk',
          rule,
          healthy,
          disruptions_allowed: allowed,
          blocks_evictions: allowed === 0,
        },
      ],
    });
  const refused = events([
    {
      reason: 'EvictionFailed',
      object: 'Pod zk-1',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
    },
  ]);

  it('allows one unavailable when minAvailable equals the healthy pods and an eviction is refused', () => {
    expect(
      relaxPdb.recommend(input(drain, [pdb('minAvailable 3', '3/3', 0), refused]))?.recommendation,
    ).toMatchObject({
      action: 'relax_pdb',
      target: { kind: 'PodDisruptionBudget', name: 'zk-pdb' },
      parameters: { max_unavailable: 1 },
    });
  });

  it('stays silent when the budget allows a disruption or the app is already below it', () => {
    expect(relaxPdb.recommend(input(drain, [pdb('minAvailable 2', '3/2', 1), refused]))).toBeUndefined();
    expect(relaxPdb.recommend(input(drain, [pdb('minAvailable 3', '2/3', 0), refused]))).toBeUndefined();
  });
});

describe('named escalations', () => {
  it('quota-exhausted names the quota, its use and the next step', () => {
    const full = events([
      {
        reason: 'FailedCreate',
        object: 'ReplicaSet api-55c87b65b4',
        message:
          'Error creating: pods "api-55c87b65b4-8kq2v" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=10, limited: pods=10',
      },
    ]);
    const summary = String(
      quotaExhausted.recommend(input(mismatch, [full]))?.recommendation.parameters.summary,
    );
    expect(summary).toMatch(
      /ResourceQuota compute in shop refuses new pods: requested pods=1, used pods=10, limited pods=10/,
    );
    expect(summary).toMatch(/kubectl -n shop describe quota compute/);
    expect(quotaExhausted.recommend(input(mismatch, [events([])]))).toBeUndefined();
  });

  it('warning-event-cause ranks a missing pull secret above a probe failure and lists the rest', () => {
    const answer = eventCause.recommend(
      input(mismatch, [
        events([
          { reason: 'Unhealthy', object: 'Pod api-1', message: 'Readiness probe failed' },
          {
            reason: 'FailedToRetrieveImagePullSecret',
            object: 'Pod api-1',
            message: 'Unable to retrieve some image pull secrets (regcred)',
          },
        ]),
      ]),
    );
    expect(answer?.recommendation.reasoning).toMatch(/image pull secret .* missing.*regcred/);
    expect(answer?.recommendation.alternatives[0]?.why_not).toMatch(/Unhealthy/);
    expect(
      eventCause.recommend(
        input(mismatch, [events([{ type: 'Normal', reason: 'Pulled', object: 'Pod api-1', message: 'ok' }])]),
      ),
    ).toBeUndefined();
  });

  it('volume-filling-up expands an expandable claim within ×2, else escalates naming the class', () => {
    const filling = alertOf('KubePersistentVolumeFillingUp', {
      namespace: 'db',
      kind: 'PersistentVolumeClaim',
      name: 'data-0',
    });
    const pvc = (allows: boolean) =>
      result('get_pvc_status', {
        summary: 'p',
        claim: 'data-0',
        capacity: '20Gi',
        usage: '18Gi/20Gi (90%)',
        storage_class: 'fast',
        allows_expansion: allows,
      });
    expect(volumeFillingUp.recommend(input(filling, [pvc(true)]))?.recommendation).toMatchObject({
      action: 'expand_pvc',
      parameters: { size: '30Gi' },
    });
    const refused = volumeFillingUp.recommend(input(filling, [pvc(false)]))?.recommendation;
    expect(refused?.action).toBe('escalate');
    expect(refused?.reasoning).toMatch(/StorageClass fast does not allow expansion/);
    const notFilling = alertOf('KubePersistentVolumeNotMounted', {
      namespace: 'db',
      kind: 'PersistentVolumeClaim',
      name: 'data-0',
    });
    expect(volumeFillingUp.recommend(input(notFilling, [pvc(true)]))).toBeUndefined();
  });
});

describe('load-saturation (scale_workload)', () => {
  const latency = alertOf('HighRequestLatency', { namespace: 'shop', kind: 'Deployment', name: 'api' });
  const busy = result('get_pod_status', {
    summary: 'busy',
    pod: 'api-7c9d8f6b5-abcde',
    status: 'Running',
    restarts: 0,
    owner: 'Deployment api',
    cpu_usage: '980m (no limit)',
    containers: [
      {
        name: 'api',
        state: 'running',
        ready: true,
        restarts: 0,
        requests: 'cpu 1',
        cpu_usage: '980m (no limit)',
      },
    ],
  });
  const ready = result('get_workload', {
    summary: 'w',
    kind: 'Deployment',
    name: 'api',
    replicas: '4/4',
    pods_by_status: { Running: 4 },
  });
  const noHpa = result('get_hpa_status', {
    summary: 'HorizontalPodAutoscaler api not found in namespace shop',
  });
  const room = result('check_node_capacity', {
    summary: 'c',
    resource_type: 'cpu',
    largest_available: '3',
    nodes: [],
  });

  it('scales out within the policy bound when every replica is busy, no HPA, and a node has room', () => {
    expect(scaleForLoad.recommend(input(latency, [busy, ready, noHpa, room]))?.recommendation).toMatchObject({
      action: 'scale_workload',
      target: { kind: 'Deployment', name: 'api' },
      parameters: { replicas: 6 },
    });
  });

  it('stays silent with an HPA, with no node room, or when pods are not ready', () => {
    expect(scaleForLoad.recommend(input(latency, [busy, ready, room]))).toBeUndefined();
    const tight = result('check_node_capacity', {
      summary: 'c',
      resource_type: 'cpu',
      largest_available: '200m',
      nodes: [],
    });
    expect(scaleForLoad.recommend(input(latency, [busy, ready, noHpa, tight]))).toBeUndefined();
    const half = result('get_workload', { summary: 'w', kind: 'Deployment', name: 'api', replicas: '2/4' });
    expect(scaleForLoad.recommend(input(latency, [busy, half, noHpa, room]))).toBeUndefined();
  });
});
