// The engine ranks its candidates for the planner: the model's answer first, then every matching rule, an escalation last.
import { afterEach, describe, expect, it } from 'vitest';
import { beyondBound, citingInvented, INVENTED_FACT } from '../helpers/modelAnswers.js';
import { recommendationOf, startRig, type TriageRig } from './rig.js';

let rig: TriageRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('ranked candidates', { timeout: 60_000 }, () => {
  it('rules alone: the first rule’s answer, the other matches behind it, ending with an escalation that names the cause', async () => {
    rig = await startRig('webapp-memory');
    const event = recommendationOf(await rig.triage({ noModel: true }));
    expect(event?.recommendation.action).toBe('increase_resources');
    const last = event?.fallbacks?.at(-1);
    expect(last?.recommendation.action).toBe('escalate');
    expect(last?.recommendation.reasoning).toContain('memory 7.6Gi/8Gi (95%)');
    expect(last?.recommendation.reasoning).not.toMatch(/no runbook rule matched/);
    expect(event?.fallbacks?.every((c) => c.source === 'rules')).toBe(true);
  });

  it('with a model: its answer first (citations checked), the rules’ candidates next', async () => {
    rig = await startRig('webapp-memory', beyondBound());
    const event = recommendationOf(await rig.triage());
    expect(event).toMatchObject({ source: 'model', unsupported: [] });
    expect(event?.recommendation.parameters).toMatchObject({ memory_limit: '32Gi' });
    expect(event?.fallbacks?.[0]).toMatchObject({
      source: 'rules',
      recommendation: { action: 'increase_resources', parameters: { memory_limit: '12Gi' } },
    });
  });

  it('a rules candidate the same as the model’s answer is not tried twice', async () => {
    rig = await startRig('webapp-memory', citingInvented());
    const event = recommendationOf(await rig.triage());
    expect(event?.unsupported).toEqual([INVENTED_FACT]);
    const same = event?.fallbacks?.filter(
      (c) =>
        c.recommendation.action === 'increase_resources' &&
        c.recommendation.parameters.memory_limit === '12Gi',
    );
    expect(same).toEqual([]);
  });
});
