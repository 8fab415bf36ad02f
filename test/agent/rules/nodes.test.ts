// Node rules: drain or cordon a NotReady node, cordon under pressure, remove an untolerated taint, uncordon.
import { describe, expect, it } from 'vitest';
import { nodeNotReady } from '../../../src/agent/rules/nodeNotReady.js';
import { nodePressure } from '../../../src/agent/rules/nodePressure.js';
import { removeTaint } from '../../../src/agent/rules/removeTaint.js';
import { uncordonNode } from '../../../src/agent/rules/uncordonNode.js';
import { alertOf } from '../alerts.js';
import { events, input, node } from './evidence.js';

const nodeAlert = alertOf('KubeNodeNotReady', { kind: 'Node', name: 'worker-02', node: 'worker-02' });
const pending = alertOf('KubeDeploymentReplicasMismatch', {
  namespace: 'orders',
  kind: 'Deployment',
  name: 'orders-api',
});

describe('node-not-ready', () => {
  it('drains a NotReady node, but only cordons one whose pods are stuck Terminating', () => {
    const down = node({ ready: false, schedulable: false, pods_by_status: { 'Running (not ready)': 3 } });
    expect(nodeNotReady.recommend(input(nodeAlert, [down]))?.recommendation.action).toBe('drain_node');
    const stuck = node({ ready: false, schedulable: false, pods_by_status: { Terminating: 2 } });
    const answer = nodeNotReady.recommend(input(nodeAlert, [stuck]));
    expect(answer?.recommendation.action).toBe('cordon_node');
    expect(answer?.found).toContain('2 pods stuck Terminating on worker-02');
  });

  it('stays silent on a Ready node', () => {
    expect(nodeNotReady.recommend(input(nodeAlert, [node({})]))).toBeUndefined();
  });
});

describe('node-pressure', () => {
  it('cordons a node reporting DiskPressure and stays silent without pressure', () => {
    const disk = node({
      pressure: ['DiskPressure'],
      taints: ['node.kubernetes.io/disk-pressure:NoSchedule'],
    });
    expect(nodePressure.recommend(input(nodeAlert, [disk]))?.recommendation).toMatchObject({
      action: 'cordon_node',
      target: { kind: 'Node', name: 'worker-02' },
    });
    expect(nodePressure.recommend(input(nodeAlert, [node({})]))).toBeUndefined();
  });
});

describe('untolerated-taint (remove_taint)', () => {
  const scheduling = events([
    {
      reason: 'FailedScheduling',
      object: 'Pod orders-api-1',
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}, 2 node(s) didn't match Pod's node affinity.",
    },
  ]);

  it('removes a hand-set taint no pending pod tolerates', () => {
    const tainted = node({ taints: ['dedicated=batch:NoSchedule'] });
    expect(removeTaint.recommend(input(pending, [scheduling, tainted]))?.recommendation).toMatchObject({
      action: 'remove_taint',
      target: { kind: 'Node', name: 'worker-02' },
      parameters: { key: 'dedicated', effect: 'NoSchedule' },
    });
  });

  it('never removes a node-condition taint, nor when capacity is also short', () => {
    const unreachable = node({ taints: ['node.kubernetes.io/unreachable:NoSchedule'] });
    const byCondition = events([
      {
        reason: 'FailedScheduling',
        object: 'Pod orders-api-1',
        message: '1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
      },
    ]);
    expect(removeTaint.recommend(input(pending, [byCondition, unreachable]))).toBeUndefined();
    const short = events([
      {
        reason: 'FailedScheduling',
        object: 'Pod orders-api-1',
        message: '1 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient memory',
      },
    ]);
    expect(
      removeTaint.recommend(input(pending, [short, node({ taints: ['dedicated=batch:NoSchedule'] })])),
    ).toBeUndefined();
  });
});

describe('left-cordoned (uncordon_node)', () => {
  const unschedulable = events([
    {
      reason: 'FailedScheduling',
      object: 'Pod rec-1',
      message: '0/5 nodes are available: 1 node(s) were unschedulable, 4 Insufficient memory.',
    },
  ]);
  const cordoned = node({ schedulable: false, taints: ['node.kubernetes.io/unschedulable:NoSchedule'] });

  it('uncordons a healthy cordoned node the pending pods need', () => {
    expect(uncordonNode.recommend(input(pending, [unschedulable, cordoned]))?.recommendation).toMatchObject({
      action: 'uncordon_node',
      target: { kind: 'Node', name: 'worker-02' },
    });
  });

  it('stays silent while a drain is under way or the node is unhealthy', () => {
    const draining = node({ schedulable: false, pods_by_status: { Terminating: 1 } });
    expect(uncordonNode.recommend(input(pending, [unschedulable, draining]))).toBeUndefined();
    const notReady = node({ ready: false, schedulable: false });
    expect(uncordonNode.recommend(input(pending, [unschedulable, notReady]))).toBeUndefined();
  });
});
