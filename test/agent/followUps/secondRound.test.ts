// The second round on a real triage: KubeDeploymentReplicasMismatch on orders-api, Pending on a tainted node and
// short of memory — the follow-up call is made and shown like the playbook's, and names the tainted node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FOLLOW_UPS, planFollowUps } from '../../../src/agent/followUps/index.js';
import type { TriageEvent } from '../../../src/agent/events.js';
import { startRig, type TriageRig } from '../rig.js';
import { resultOf } from './results.js';

let rig: TriageRig;
beforeAll(async () => {
  rig = await startRig('pending-taint');
});
afterAll(async () => {
  await rig?.close();
});

describe('second round', () => {
  it('pending-taint: after the playbook, node capacity is read and names worker-04 as tainted', async () => {
    const events: TriageEvent[] = await rig.triage({ noModel: true });
    const started = events.filter((e) => e.type === 'tool_call_started') as Array<
      Extract<TriageEvent, { type: 'tool_call_started' }>
    >;
    const planned = events.find((e) => e.type === 'evidence_planned') as Extract<
      TriageEvent,
      { type: 'evidence_planned' }
    >;
    const followUp = started.slice(planned.calls.length);
    expect(followUp.map((e) => [e.tool, e.arguments])).toContainEqual([
      'check_node_capacity',
      { resource_type: 'memory' },
    ]);
    const finished = events.find((e) => e.type === 'tool_call_finished' && e.id === followUp[0]?.id) as
      { text: string } | undefined;
    expect(finished?.text).toMatch(/worker-04: tainted maintenance/);
  });

  it('is bounded and never repeats a first-round call', () => {
    const many =
      '0/9 nodes are available: 3 Insufficient cpu, 3 Insufficient memory, 3 Too many pods, pod has unbound immediate PersistentVolumeClaims; CrashLoopBackOff';
    const results = [
      resultOf('get_events', many),
      resultOf('check_node_capacity', '', undefined, { resource_type: 'cpu' }),
    ];
    const calls = planFollowUps(results, {
      namespace: 'shop',
      pod: 'a-1',
      workload: 'a',
      workloadKind: 'Deployment',
    });
    expect(calls.length).toBeLessThanOrEqual(MAX_FOLLOW_UPS);
    expect(calls).not.toContainEqual({ tool: 'check_node_capacity', arguments: { resource_type: 'cpu' } });
  });
});
