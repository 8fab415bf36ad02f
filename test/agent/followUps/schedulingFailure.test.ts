// FailedScheduling messages, worded as kube-scheduler words them, lead to the nodes' capacity and taints.
import { describe, expect, it } from 'vitest';
import { parseFailedScheduling, schedulingFailure } from '../../../src/agent/followUps/schedulingFailure.js';
import { resultOf } from './results.js';

const target = {
  namespace: 'orders',
  kind: 'Deployment' as const,
  name: 'orders-api',
  workload: 'orders-api',
};

describe('second round: FailedScheduling', () => {
  it('untolerated taint and Insufficient memory → the taint, the resource, then node capacity for memory', () => {
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {maintenance: kernel-upgrade}, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    expect(parseFailedScheduling(message)).toEqual({
      taints: ['maintenance: kernel-upgrade'],
      insufficient: ['memory'],
      selectorMismatch: false,
      unboundClaims: false,
    });
    const calls = schedulingFailure.calls(
      [resultOf('get_events', `reason: FailedScheduling\nmessage: "${message}"`)],
      target,
    );
    expect(calls).toEqual([{ tool: 'check_node_capacity', arguments: { resource_type: 'memory' } }]);
  });

  it("a node selector that matches nothing → the nodes' notes; an unbound claim → the claims' warnings", () => {
    const selector = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.";
    expect(parseFailedScheduling(selector)).toMatchObject({ selectorMismatch: true, taints: [] });
    expect(schedulingFailure.calls([resultOf('get_events', selector)], target)).toEqual([
      { tool: 'check_node_capacity', arguments: { resource_type: 'pods' } },
    ]);
    const claim =
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available';
    expect(schedulingFailure.calls([resultOf('list_pods', claim)], target)).toContainEqual({
      tool: 'get_events',
      arguments: { namespace: 'orders', object_kind: 'PersistentVolumeClaim', warnings_only: true },
    });
  });

  it('no FailedScheduling, no follow-up', () => {
    expect(
      schedulingFailure.calls(
        [resultOf('get_events', 'reason: Pulled\nmessage: Successfully pulled image')],
        target,
      ),
    ).toEqual([]);
  });
});
