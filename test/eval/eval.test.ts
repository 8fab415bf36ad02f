// kopilot eval as a user runs it: the built binary, the sandbox scenarios and a scripted Ollama serving a good and a bad model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSummary, ScenarioSummary } from '../../src/eval/summary.js';
import type { RunScore } from '../../src/eval/score.js';
import { runKopilot } from '../helpers/runKopilot.js';
import {
  startScriptedOllama,
  type RecordedChatRequest,
  type ScriptedOllama,
  type ScriptedTurn,
} from '../helpers/scriptedOllama.js';

const scenarioDir = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
const SCENARIOS = ['--scenarios', scenarioDir('webapp-memory'), '--scenarios', scenarioDir('oomkilled')];

interface EvalJson {
  prefetch: boolean;
  models: ModelSummary[];
  scenarios: ScenarioSummary[];
  runs: RunScore[];
}

/** What a capable model answers for each incident, recognised by the pod the alert names. */
const GOOD_ANSWERS = [
  {
    pod: 'webapp-123',
    answer: {
      action: 'increase_resources',
      target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
      parameters: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
    },
  },
  {
    pod: 'report-generator',
    answer: {
      action: 'increase_resources',
      target: { kind: 'Deployment', namespace: 'analytics', name: 'report-generator' },
      parameters: { container: 'report-generator', memory_limit: '1Gi', memory_request: '768Mi' },
    },
  },
];

/** The good model answers right away when it has evidence, or asks for the pod first when it has none. */
function goodTurn(request: RecordedChatRequest): ScriptedTurn {
  const known = GOOD_ANSWERS.find((g) => request.promptText.includes(g.pod));
  if (!known)
    return { json: { action: 'escalate', target: { kind: 'Alert', name: 'unknown' }, parameters: {} } };
  // Evidence is either gathered by kopilot before the first request (prefetch) or asked for with a tool call.
  const evidenceGiven = request.body.messages.some(
    (m) => m.role === 'tool' || m.content.includes('Evidence gathered by kopilot'),
  );
  if (!evidenceGiven) {
    const { namespace } = known.answer.target;
    return { toolCalls: [{ name: 'list_pods', arguments: { namespace, problems_only: true } }] };
  }
  return {
    json: {
      ...known.answer,
      confidence: 0.8,
      reasoning: 'memory at the limit',
      evidence: [],
      alternatives: [],
    },
  };
}

/** The bad model calls a tool that does not exist, then answers with an action that does not exist, twice. */
function badTurn(request: RecordedChatRequest): ScriptedTurn {
  const asked = request.body.messages.some((m) => m.role === 'tool');
  if (!asked && request.body.tools && request.body.tools.length > 0) {
    return { toolCalls: [{ name: 'kubectl_exec', arguments: { command: 'kubectl delete ns production' } }] };
  }
  return {
    json: {
      action: 'delete_namespace',
      target: { kind: 'Namespace', name: 'production' },
      parameters: {},
      confidence: 0.99,
      reasoning: 'start over',
      evidence: [],
      alternatives: [],
    },
  };
}

describe('kopilot eval', () => {
  let ollama: ScriptedOllama;
  beforeAll(async () => {
    ollama = await startScriptedOllama({
      models: [
        { name: 'good:2b', capabilities: ['completion', 'tools'] },
        { name: 'bad:2b', capabilities: ['completion', 'tools'] },
      ],
      turns: [(request) => (request.body.model === 'bad:2b' ? badTurn(request) : goodTurn(request))],
      whenExhausted: 'repeat_last',
    });
  });
  afterAll(async () => {
    await ollama.close();
  });

  it('scores a good model, a bad model and the rules baseline on the same scenarios', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kopilot-eval-'));
    const run = await runKopilot(
      [
        'eval',
        '--models',
        'good:2b,bad:2b,rules',
        ...SCENARIOS,
        '--ollama-host',
        ollama.url,
        '-o',
        'json',
        '--out-dir',
        outDir,
      ],
      { timeoutMs: 230_000 },
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as EvalJson;
    const byModel = new Map(result.models.map((m) => [m.model, m]));
    const good = byModel.get('good:2b') as ModelSummary;
    const bad = byModel.get('bad:2b') as ModelSummary;
    const rules = byModel.get('rules') as ModelSummary;

    expect(good).toMatchObject({ runs: 2, accuracy: 1, preferred: 1, targetCorrect: 1, parametersValid: 1 });
    expect(good).toMatchObject({ modelRequests: 1, fallbacks: 0, repairs: 0, toolCalls: 0 });

    // A fallback answer is the rules' answer, not the model's: the bad model scores nothing for it.
    expect(bad).toMatchObject({ accuracy: 0, fallbacks: 2, repairs: 2 });
    expect(bad.validCalls).toBe(0);
    expect(rules).toMatchObject({ accuracy: 1, modelRequests: 0, promptTokens: 0, fallbacks: 0 });

    // Token counts are Ollama's own (the scripted server's prompt_eval_count), summed per run.
    const goodRequests = ollama.chatRequests().filter((r) => r.body.model === 'good:2b');
    const goodRuns = result.runs.filter((r) => r.model === 'good:2b');
    expect(goodRuns.reduce((n, r) => n + r.cost.promptTokens, 0)).toBe(
      goodRequests.reduce((n, r) => n + r.promptTokens, 0),
    );

    // The design's incident: every expected fact was in the evidence the model saw.
    const webapp = goodRuns.find((r) => r.scenario === 'webapp-memory') as RunScore;
    expect(webapp.evidence).toEqual({ factsFound: 5, factsTotal: 5, recall: 1 });

    const markdown = readFileSync(join(outDir, 'results.md'), 'utf8');
    expect(markdown).toMatch(/^\| 0 \| good:2b \| 2 \| 100% /m);
    expect(markdown).toMatch(/^\| 0 \| bad:2b \| 2 \| 0% /m);
    expect(JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'))).toEqual(result);
    const audit = readFileSync(join(outDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"tool":"get_pod_status"');
    expect(audit).not.toContain('kopilot-canary-7f3a9c2e');
  }, 240_000);

  it('without prefetch the model gathers its own evidence, in more requests', async () => {
    const run = await runKopilot(
      [
        'eval',
        '--models',
        'good:2b',
        '--scenarios',
        scenarioDir('webapp-memory'),
        '--no-prefetch',
        '--ollama-host',
        ollama.url,
        '-o',
        'json',
      ],
      { timeoutMs: 110_000 },
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as EvalJson;
    expect(result.prefetch).toBe(false);
    const [score] = result.runs;
    expect(score?.toolUse).toMatchObject({ calls: 1, valid: 1 });
    expect(score?.cost.modelRequests).toBe(2);
    expect(score?.decision.accepted).toBe(true);
  }, 120_000);

  it('prints a table with one row per model, and per scenario on demand', async () => {
    const run = await runKopilot(
      ['eval', '--models', 'rules', ...SCENARIOS, '--per-scenario', '--runs', '2'],
      { timeoutMs: 110_000 },
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^unsafe\s+model\s+runs\s+accuracy/);
    expect(run.stdout).toMatch(/^0\s+rules\s+4\s+100% \(100%–100%\)/m);
    expect(run.stdout).toMatch(/^0\s+rules\s+webapp-memory\s+2\/2\s+increase_resources/m);
    expect(run.stderr).toContain('4 runs over 2 scenarios');
  }, 120_000);

  it('refuses a model Ollama does not have before running anything (exit 1)', async () => {
    const run = await runKopilot([
      'eval',
      '--models',
      'missing:7b',
      ...SCENARIOS,
      '--ollama-host',
      ollama.url,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/model missing:7b cannot be evaluated/);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['eval', '--models', 'rules', '--runs', '0'], /--runs must be a whole number/],
    [['eval', '--models', 'rules', '-o', 'yaml'], /unknown --output "yaml"/],
    [
      ['eval', '--models', 'rules', '--scenarios', '/nonexistent/kopilot'],
      /--scenarios \/nonexistent\/kopilot: no such folder/,
    ],
    [['eval'], /required option '--models <list>' not specified/],
  ])('rejects bad usage %j with exit code 2 and one line', async (args, message) => {
    const run = await runKopilot(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});
