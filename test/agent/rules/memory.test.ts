// memory-near-limit: sizing within the policy's ×2 bound, and a named escalation when no node fits.
import { describe, expect, it } from 'vitest';
import { memoryNearLimit } from '../../../src/agent/rules/memoryNearLimit.js';
import { memoryStep } from '../../../src/agent/rules/sizing.js';
import { alertOf } from '../alerts.js';
import { crashingPod, input, result } from './evidence.js';

const MI = 2 ** 20;
const oom = alertOf('KubePodCrashLooping', { namespace: 'shop', kind: 'Pod', name: 'api-7c9d8f6b5-abcde' });
const oomPod = crashingPod(
  {},
  { last_termination: 'OOMKilled (exit 137)', requests: 'memory 32Mi', limits: 'memory 64Mi' },
);

describe('memory-near-limit (increase_resources)', () => {
  it('never steps a request or limit beyond ×2 (32Mi request → at most 64Mi)', () => {
    const step = memoryStep(64 * MI, 64 * MI, 32 * MI);
    expect(step.newLimit).toBeLessThanOrEqual(128 * MI);
    expect(step.newRequest).toBeLessThanOrEqual(64 * MI);
    const answer = memoryNearLimit.recommend(input(oom, [oomPod]));
    expect(answer?.recommendation.parameters).toMatchObject({
      memory_limit: '128Mi',
      memory_request: '64Mi',
    });
  });

  it('stays silent on a crash that is not an OOMKill with memory well below the limit', () => {
    const pod = crashingPod({}, { memory_usage: '100Mi/512Mi (20%)' });
    expect(memoryNearLimit.recommend(input(oom, [pod]))).toBeUndefined();
  });

  it('escalates naming the room when no node fits the bigger request', () => {
    const tight = result('check_node_capacity', {
      resource_type: 'memory',
      largest_available: '32Mi',
      nodes: [],
    });
    const answer = memoryNearLimit.recommend(input(oom, [oomPod, tight]));
    expect(answer?.recommendation.action).toBe('escalate');
    expect(String(answer?.recommendation.parameters.summary)).toMatch(/no node has 64Mi free/);
  });
});
