// Feasible before it is shown: the session plans the engine's candidates on the sandbox and shows the first it can plan.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TriageEvent } from '../../src/agent/events.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { resolveSettings } from '../../src/config/settings.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { openTriageSession } from '../../src/session/openSession.js';
import type { PlanView } from '../../src/session/actionView.js';
import { firstFeasible, presentable } from '../../src/session/feasibility.js';
import type { OpenTriageSession, PlanResult } from '../../src/session/session.js';
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
    auditLog: new AuditLog(join(mkdtempSync(join(tmpdir(), 'kopilot-feasible-')), 'audit.jsonl')),
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

describe('which refusals a human may still be shown', () => {
  const plan = (refused?: string, overridable?: PlanView['overridable']): PlanResult => ({
    ok: true,
    plan: {
      action: 'scale_workload',
      target: { kind: 'Deployment', namespace: 'shop', name: 'cart' },
      summary: 'scale_workload on Deployment shop/cart',
      changes: [],
      risk: 'low',
      destructive: false,
      protectedNamespace: false,
      warnings: [],
      kubectl: [],
      writes: true,
      ...(refused ? { refused } : {}),
      ...(overridable ? { overridable } : {}),
    },
  });

  it('a plan, or a refusal the human may override, is presentable; any other refusal is not', () => {
    expect(presentable(plan())).toBe(true);
    expect(presentable(plan('not enough room on any node', 'capacity'))).toBe(true);
    expect(presentable(plan('Deployment shop/cart is not related to the alert', 'unrelatedTarget'))).toBe(
      true,
    );
    expect(presentable(plan('beyond the policy bound (at most ×2 either way)'))).toBe(false);
    expect(presentable({ ok: false, error: 'Deployment shop/cart not found' })).toBe(false);
  });

  const candidate = (action: string) => ({
    recommendation: {
      action,
      target: { kind: 'Deployment', namespace: 'shop', name: 'cart' },
      parameters: {},
      confidence: 0.7,
      reasoning: action,
      evidence: [],
      alternatives: [],
    },
    source: 'rules' as const,
    unsupported: [],
  });

  it('an overridable refusal is shown for the human to decide; the ones before it become alternatives', async () => {
    const answers: PlanResult[] = [
      { ok: false, error: 'no earlier revision to roll back to' },
      plan('not enough room on any node', 'capacity'),
    ];
    const checked = await firstFeasible(
      {
        type: 'recommendation',
        ...candidate('rollback_deployment'),
        fallbacks: [candidate('scale_workload'), candidate('escalate')],
      },
      () => Promise.resolve(answers.shift() as PlanResult),
      new AbortController().signal,
    );
    expect(checked.event?.recommendation.action).toBe('scale_workload');
    expect(checked.event?.recommendation.alternatives).toEqual([
      { action: 'rollback_deployment', why_not: 'no earlier revision to roll back to' },
    ]);
    expect(checked.plan).toMatchObject({ ok: true, plan: { overridable: 'capacity' } });
  });

  it('a triage cancelled while its candidates are planned shows none of them unchecked', async () => {
    const abort = new AbortController();
    const checked = await firstFeasible(
      { type: 'recommendation', ...candidate('rollback_deployment'), fallbacks: [candidate('escalate')] },
      () => {
        abort.abort();
        return Promise.resolve({ ok: false, error: 'cancelled' });
      },
      abort.signal,
    );
    expect(checked.event).toBeUndefined();
  });
});
