// Playbooks: the right evidence for each kind of alert, chosen by name, then by target kind.
import { describe, expect, it } from 'vitest';
import {
  choosePlaybook,
  planEvidence,
  PLAYBOOKS,
  resolveTarget,
  workloadNameOfPod,
} from '../../src/agent/playbooks.js';
import { alertOf } from './alerts.js';

describe('playbooks', () => {
  it('has at least 12 incident playbooks plus a generic one', () => {
    expect(PLAYBOOKS.filter((p) => p.name !== 'generic').length).toBeGreaterThanOrEqual(12);
    expect(PLAYBOOKS.at(-1)?.name).toBe('generic');
  });

  it('HighMemoryUsage on webapp-123 → pod status, node capacity, deployment history, HPA status, related alerts', () => {
    const alert = alertOf('HighMemoryUsage', {
      namespace: 'production',
      kind: 'Pod',
      name: 'webapp-123',
      container: 'webapp',
    });
    const playbook = choosePlaybook(alert);
    expect(playbook.name).toBe('memory-high');
    expect(planEvidence(alert, playbook)).toEqual([
      { tool: 'get_pod_status', arguments: { namespace: 'production', pod_name: 'webapp-123' } },
      { tool: 'check_node_capacity', arguments: { resource_type: 'memory' } },
      {
        tool: 'get_deployment_history',
        arguments: { namespace: 'production', deployment: 'webapp', hours_back: 24 },
      },
      { tool: 'get_hpa_status', arguments: { namespace: 'production', hpa_name: 'webapp' } },
      { tool: 'list_related_alerts', arguments: { namespace: 'production' } },
    ]);
  });

  it.each([
    ['KubePodCrashLooping', 'crash-loop'],
    ['KubePodOOMKilled', 'oom-killed'],
    ['ContainerImagePullBackOff', 'image-pull'],
    ['KubePodPending', 'pod-pending'],
    ['KubeDeploymentRolloutStuck', 'rollout-stuck'],
    ['KubeDeploymentReplicasMismatch', 'rollout-stuck'],
    ['KubeHpaMaxedOut', 'hpa-maxed'],
    ['KubeNodeNotReady', 'node-not-ready'],
    ['NodeDiskPressure', 'node-not-ready'],
    ['KubePersistentVolumeFillingUp', 'pvc-filling'],
    ['PodDisruptionBudgetAtLimit', 'pdb-at-limit'],
    ['KubeQuotaExceeded', 'quota-exhausted'],
    ['CPUThrottlingHigh', 'cpu-high'],
    ['NetworkLatencyHigh', 'generic'],
  ])('%s → %s', (name, playbook) => {
    expect(choosePlaybook(alertOf(name, { namespace: 'shop' })).name).toBe(playbook);
  });

  it('falls back to the target kind when the name says nothing', () => {
    expect(choosePlaybook(alertOf('SomethingOdd', { kind: 'Node', name: 'worker-03' })).name).toBe(
      'node-not-ready',
    );
    const nodePlan = planEvidence(
      alertOf('SomethingOdd', { kind: 'Node', name: 'worker-03' }),
      PLAYBOOKS[1]!,
    );
    expect(nodePlan[0]).toEqual({ tool: 'get_node_status', arguments: { node_name: 'worker-03' } });
  });

  it('critical alerts also read the events; calls missing their target are skipped', () => {
    const alert = alertOf(
      'HighMemoryUsage',
      { namespace: 'production', kind: 'Pod', name: 'webapp-123' },
      { severity: 'critical' },
    );
    expect(planEvidence(alert, choosePlaybook(alert)).map((c) => c.tool)).toContain('get_events');
    const bare = alertOf('HighMemoryUsage', {});
    expect(planEvidence(bare, choosePlaybook(bare)).map((c) => c.tool)).toEqual([
      'check_node_capacity',
      'list_related_alerts',
    ]);
  });

  it('finds the workload of a pod from its name or labels', () => {
    expect(workloadNameOfPod('webapp-5d8f7c9b6-x2k4p')).toBe('webapp');
    expect(workloadNameOfPod('webapp-123')).toBe('webapp');
    expect(workloadNameOfPod('db-0')).toBe('db');
    const alert = alertOf(
      'X',
      { namespace: 'p', kind: 'Pod', name: 'api-7c9-abc' },
      { labels: { statefulset: 'api' } },
    );
    expect(resolveTarget(alert)).toMatchObject({
      pod: 'api-7c9-abc',
      workload: 'api',
      workloadKind: 'StatefulSet',
    });
  });
});
