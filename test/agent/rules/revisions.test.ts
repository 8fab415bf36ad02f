// Rollback only after a revision that verifiably differs from an earlier one; otherwise a named escalation.
import { describe, expect, it } from 'vitest';
import { rollbackAfterBadRevision } from '../../../src/agent/rules/rollbackAfterBadRevision.js';
import { unverifiedRevision } from '../../../src/agent/rules/unverifiedRevision.js';
import { alertOf } from '../alerts.js';
import { crashingPod, history, input } from './evidence.js';

const crash = alertOf('KubePodCrashLooping', { namespace: 'shop', kind: 'Pod', name: 'api-7c9d8f6b5-abcde' });
const imageChange = { when: '25m ago', change: 'image api:1 → 2 (revision 2)' };

describe('bad-rollout (rollback_deployment)', () => {
  it('fires when pods crash since a revision whose image differs from the one before', () => {
    const answer = rollbackAfterBadRevision.recommend(
      input(crash, [crashingPod(), history([imageChange], 2)]),
    );
    expect(answer?.recommendation).toMatchObject({
      action: 'rollback_deployment',
      target: { kind: 'Deployment', namespace: 'shop', name: 'api' },
    });
    expect(answer?.found.join('\n')).toMatch(/revision 2: image api:1 → 2/);
  });

  it('stays silent with one revision (a missing pull secret on a new Deployment is not a rollback)', () => {
    const created = history([{ when: '24m ago', change: 'created with image api:1 (revision 1)' }], 1);
    const pull = crashingPod({ status: 'ImagePullBackOff' }, { state: 'waiting: ImagePullBackOff' });
    expect(rollbackAfterBadRevision.recommend(input(crash, [pull, created]))).toBeUndefined();
  });

  it('stays silent when the pod was failing before the revision, or nothing fails, or only a scale happened', () => {
    const oldPod = crashingPod({ age: '3d' });
    expect(
      rollbackAfterBadRevision.recommend(input(crash, [oldPod, history([imageChange], 2)])),
    ).toBeUndefined();
    const running = crashingPod({ status: 'Running' }, { state: 'running' });
    expect(
      rollbackAfterBadRevision.recommend(input(crash, [running, history([imageChange], 2)])),
    ).toBeUndefined();
    const scaled = history([{ when: '5m ago', change: 'scaled 1→2 (replica set api-7c9d8f6b5)' }]);
    expect(rollbackAfterBadRevision.recommend(input(crash, [crashingPod(), scaled]))).toBeUndefined();
  });

  it('a same-image template change is not verified: no rollback, an escalation naming the revision instead', () => {
    const sameImage = history(
      [{ when: '18m ago', change: 'pod template changed (same image) (revision 4)' }],
      4,
    );
    const evidence = [crashingPod(), sameImage];
    expect(rollbackAfterBadRevision.recommend(input(crash, evidence))).toBeUndefined();
    const answer = unverifiedRevision.recommend(input(crash, evidence));
    expect(answer?.recommendation.action).toBe('escalate');
    expect(String(answer?.recommendation.parameters.summary)).toMatch(
      /revision 4 of api.*kubectl -n shop rollout history deployment\/api --revision=4/,
    );
    expect(
      unverifiedRevision.recommend(input(crash, [crashingPod(), history([imageChange], 2)])),
    ).toBeUndefined();
  });
});
