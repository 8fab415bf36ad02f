// Feasible before it is shown: the session plans the engine's candidates on the sandbox and shows the first it can plan.
import { afterEach, describe, expect, it } from 'vitest';
import type { TriageEvent } from '../../src/agent/events.js';
import { resolveSettings } from '../../src/config/settings.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { openTriageSession } from '../../src/session/openSession.js';
import type { OpenTriageSession } from '../../src/session/session.js';
import { startScriptedOllama, type OllamaScript, type ScriptedOllama } from '../helpers/scriptedOllama.js';
import { beyondBound, citingInvented, INVENTED_FACT, REAL_FACT } from '../helpers/modelAnswers.js';
import { collect, scenarioAlerts } from '../agent/rig.js';

type RecommendationEvent = Extract<TriageEvent, { type: 'recommendation' }>;

let open: { sandbox: Sandbox; ollama?: ScriptedOllama; session: OpenTriageSession } | undefined;
afterEach(async () => {
  await open?.session.close();
  await open?.ollama?.close();
  await open?.sandbox.close();
  open = undefined;
});

async function openOn(scenario: string, script?: OllamaScript) {
  const sandbox = await startSandbox({ scenario });
  const ollama = script ? await startScriptedOllama(script) : undefined;
  const session = await openTriageSession({
    settings: resolveSettings({
      env: {},
      file: {},
      flags: { ollamaHost: ollama?.url ?? 'http://127.0.0.1:9', model: 'granite3.1-dense:8b' },
    }),
    kubeconfig: sandbox.kubeconfigPath,
    env: {},
    noModel: !script,
    alertSourceName: `scenario ${scenario}`,
    readOnly: true,
  });
  open = { sandbox, ollama, session };
  return { sandbox, session, alert: scenarioAlerts(sandbox)[0]! };
}

function recommendations(events: TriageEvent[]): RecommendationEvent[] {
  return events.filter((e): e is RecommendationEvent => e.type === 'recommendation');
}

describe('feasible before it is shown', { timeout: 120_000 }, () => {
  it('a model answer beyond the ×2 bound is never shown: the rules’ feasible change is, the refusal an alternative', async () => {
    const { sandbox, session, alert } = await openOn('webapp-memory', beyondBound());
    const events = await collect(session.triage(alert, new AbortController().signal));
    const shown = recommendations(events);
    expect(shown).toHaveLength(1);
    const [event] = shown as [RecommendationEvent];
    expect(event.source).toBe('rules');
    expect(event.recommendation.action).toBe('increase_resources');
    expect(event.recommendation.parameters).not.toMatchObject({ memory_limit: '32Gi' });
    expect(event.skipped).toEqual([
      expect.objectContaining({
        action: 'increase_resources',
        source: 'model',
        message: expect.stringMatching(/×2|limit|bound|at most/i),
      }),
    ]);
    expect(event.recommendation.alternatives[0]).toEqual({
      action: 'increase_resources',
      why_not: event.skipped?.[0]?.message,
    });
    // What is shown is planned and approvable as it stands; nothing was written to find out.
    const planned = await session.plan(event.recommendation, new AbortController().signal);
    expect(planned.ok && planned.plan.refused).toBeUndefined();
    expect(planned.ok && planned.plan.dryRun?.ok).toBe(true);
    expect(sandbox.writeCount()).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'recommendation' });
  });

  it('the rules’ own rollback made infeasible (the earlier ReplicaSet deleted) falls through to an escalation naming the cause', async () => {
    const { sandbox, session, alert } = await openOn('imagepull-bad-tag');
    const events: TriageEvent[] = [];
    for await (const event of session.triage(alert, new AbortController().signal)) {
      events.push(event);
      // The history is read; the revision the rollback would return to disappears before anything is planned.
      if (event.type === 'tool_call_finished' && event.tool === 'get_deployment_history') {
        sandbox.store.delete('apps/replicasets', 'storefront', 'frontend-76dcc895');
      }
    }
    const [event] = recommendations(events) as [RecommendationEvent];
    expect(event.skipped?.map((s) => s.action)).toEqual(['rollback_deployment']);
    expect(event.recommendation.alternatives[0]).toEqual({
      action: 'rollback_deployment',
      why_not: expect.stringMatching(/no earlier revision/),
    });
    // The next candidate is the human, told what the evidence shows.
    expect(event.recommendation.action).toBe('escalate');
    expect(event.recommendation.reasoning).toMatch(/ImagePullBackOff/);
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'escalate' });
  });

  it('the same incident untouched: the rollback is feasible and shown, nothing skipped', async () => {
    const { session, alert } = await openOn('imagepull-bad-tag');
    const [event] = recommendations(await collect(session.triage(alert, new AbortController().signal))) as [
      RecommendationEvent,
    ];
    expect(event.recommendation.action).toBe('rollback_deployment');
    expect(event.skipped).toEqual([]);
  });

  it('a cited line no tool result supports is carried as unsupported; the real one is not', async () => {
    const { session, alert } = await openOn('webapp-memory', citingInvented());
    const [event] = recommendations(await collect(session.triage(alert, new AbortController().signal))) as [
      RecommendationEvent,
    ];
    expect(event.source).toBe('model');
    expect(event.recommendation.evidence).toEqual([REAL_FACT, INVENTED_FACT]);
    expect(event.unsupported).toEqual([INVENTED_FACT]);
  });
});
