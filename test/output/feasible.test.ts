// -o json / text and the report show the recommendation the planner accepted, the refused ones and unsupported citations.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/auditLog.js';
import { resolveSettings } from '../../src/config/settings.js';
import { triageNonInteractively, type OutputFormat } from '../../src/output/nonInteractive.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { openTriageSession } from '../../src/session/openSession.js';
import type { OpenTriageSession, TriageSession } from '../../src/session/session.js';
import { beyondBound, citingInvented, INVENTED_FACT, REAL_FACT } from '../helpers/modelAnswers.js';
import { startScriptedOllama, type OllamaScript, type ScriptedOllama } from '../helpers/scriptedOllama.js';
import { scenarioAlerts } from '../agent/rig.js';

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
  const dir = mkdtempSync(join(tmpdir(), 'kopilot-feasible-out-'));
  const session = await openTriageSession({
    settings: resolveSettings({
      env: {},
      file: {},
      flags: { ollamaHost: ollama?.url ?? 'http://127.0.0.1:9', model: 'granite3.1-dense:8b' },
    }),
    kubeconfig: sandbox.kubeconfigPath,
    env: {},
    noModel: !script,
    auditLog: new AuditLog(join(dir, 'audit.jsonl')),
    alertSourceName: `scenario ${scenario}`,
    readOnly: true,
  });
  open = { sandbox, ollama, session };
  return { sandbox, session, alert: scenarioAlerts(sandbox)[0]!, dir };
}

async function run(
  session: TriageSession,
  alert: Parameters<TriageSession['triage']>[0],
  format: OutputFormat,
  reportPath?: string,
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.resume();
  const code = await triageNonInteractively(session, alert, {
    format,
    stdout,
    stderr,
    howToAct: 'kopilot triage',
    signal: new AbortController().signal,
    ...(reportPath ? { reportPath } : {}),
  });
  return { code, out };
}

interface Json {
  recommendation: {
    action: string;
    parameters: Record<string, unknown>;
    alternatives: { action: string; why_not: string }[];
  };
  source: string;
  skipped: { action: string; source: string; message: string }[];
  unsupportedEvidence: string[];
  plan: { refused?: string; dryRun?: { ok: boolean } } | null;
}

describe('non-interactive output of a checked recommendation', { timeout: 120_000 }, () => {
  it('json: a model answer beyond the ×2 bound is in skipped and alternatives; the rules’ planned change is the recommendation', async () => {
    const { session, alert, sandbox } = await openOn('webapp-memory', beyondBound());
    const { code, out } = await run(session, alert, 'json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as Json;
    expect(json.source).toBe('rules');
    expect(json.recommendation).toMatchObject({
      action: 'increase_resources',
      parameters: { memory_limit: '12Gi' },
    });
    expect(json.skipped).toMatchObject([{ action: 'increase_resources', source: 'model' }]);
    expect(json.recommendation.alternatives[0]).toEqual({
      action: 'increase_resources',
      why_not: expect.stringMatching(/8Gi → 32Gi is beyond the policy bound/),
    });
    expect(json.plan?.refused).toBeUndefined();
    const text = (await run(session, alert, 'text')).out;
    expect(text).toContain(
      "Recommendation: increase_resources on Deployment production/webapp (rule-based; the model's answer could not be planned — see alternatives, confidence",
    );
    expect(json.plan?.dryRun?.ok).toBe(true);
    expect(sandbox.writeCount()).toBe(0);
  });

  it('json: the rules’ rollback with its earlier ReplicaSet gone is an alternative; the escalation is the answer', async () => {
    const { session, alert, sandbox } = await openOn('imagepull-bad-tag');
    const removing: TriageSession = {
      ...session,
      async *triage(a, signal) {
        for await (const event of session.triage(a, signal)) {
          if (event.type === 'tool_call_finished' && event.tool === 'get_deployment_history')
            sandbox.store.delete('apps/replicasets', 'storefront', 'frontend-76dcc895');
          yield event;
        }
      },
    };
    const json = JSON.parse((await run(removing, alert, 'json')).out) as Json;
    expect(json.recommendation.action).toBe('escalate');
    expect(json.recommendation.alternatives[0]).toEqual({
      action: 'rollback_deployment',
      why_not: expect.stringMatching(/no earlier revision/),
    });
    expect(json.skipped).toMatchObject([{ action: 'rollback_deployment', source: 'rules' }]);
  });

  it('json, text and the report mark a cited fact no tool result supports', async () => {
    const { session, alert, dir } = await openOn('webapp-memory', citingInvented());
    const json = JSON.parse((await run(session, alert, 'json')).out) as Json;
    expect(json.source).toBe('model');
    expect(json.unsupportedEvidence).toEqual([INVENTED_FACT]);

    const reportPath = join(dir, 'report.md');
    const text = (await run(session, alert, 'text', reportPath)).out;
    expect(text).toContain(`  - ${INVENTED_FACT} — not found in the evidence\n`);
    expect(text).toContain(`  - ${REAL_FACT}\n`);
    const report = readFileSync(reportPath, 'utf8');
    expect(report).toContain(`- ${INVENTED_FACT} — not found in the evidence\n`);
    expect(report).toContain(`- ${REAL_FACT}\n`);
  });
});
