import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { TriageEvent } from '../../src/agent/events.js';
import { renderNonInteractive } from '../../src/output/nonInteractive.js';
import { triageReport } from '../../src/output/report.js';
import { INCREASE_MEMORY, highMemoryAlert, increasePlan } from '../ui/fixtures.js';

const totals = {
  turns: 0,
  modelRequests: 0,
  toolCalls: 2,
  failedToolCalls: 0,
  repeatedToolCalls: 0,
  promptTokens: 0,
  evalTokens: 0,
  durationMs: 420,
  modelMs: 0,
  toolMs: 80,
};

function ruleBasedTriage(): TriageEvent[] {
  return [
    { type: 'alert_loaded', alert: highMemoryAlert() },
    { type: 'evidence_planned', playbook: 'memory-high', calls: [{ tool: 'get_pod_status', arguments: {} }] },
    {
      type: 'tool_call_started',
      id: 'c1',
      tool: 'get_pod_status',
      arguments: { namespace: 'production', name: 'webapp-123' },
      origin: 'playbook',
    },
    {
      type: 'tool_call_finished',
      id: 'c1',
      tool: 'get_pod_status',
      ok: true,
      finding: 'webapp-123: memory 7.6Gi/8Gi (95%)',
      text: '…',
      durationMs: 40,
      repeated: false,
    },
    { type: 'fallback', reason: '--no-model was given' },
    { type: 'recommendation', recommendation: INCREASE_MEMORY, source: 'rules' },
    { type: 'done', totals, outcome: 'recommendation' },
  ];
}

async function* stream(events: TriageEvent[]): AsyncGenerator<TriageEvent> {
  for (const event of events) yield event;
}

function collect() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, out: () => out, err: () => err };
}

const HOW = 'kopilot triage --alert alert.json';

describe('non-interactive output', () => {
  it('text: progress on stderr, the labelled rule-based result on stdout, and how to act', async () => {
    const io = collect();
    const result = await renderNonInteractive(stream(ruleBasedTriage()), {
      format: 'text',
      howToAct: HOW,
      ...io,
    });
    expect(result.exitCode).toBe(0);
    expect(io.err()).toContain('kopilot: ✓ get_pod_status 40ms  webapp-123: memory 7.6Gi/8Gi (95%)');
    expect(io.err()).toContain('kopilot: model not used: --no-model was given');
    expect(io.out()).toContain(
      'Recommendation: increase_resources on Deployment production/webapp (rule-based, confidence 86%)',
    );
    expect(io.out()).toContain('parameters: container=webapp memoryLimit=12Gi memoryRequest=10Gi');
    expect(io.out()).toContain(`Nothing was executed. To act on it, run in a terminal and approve: ${HOW}`);
    expect(io.out()).not.toContain('get_pod_status');
  });

  it('json: one document with the recommendation, the plan and executed=false', async () => {
    const io = collect();
    await renderNonInteractive(stream(ruleBasedTriage()), {
      format: 'json',
      howToAct: HOW,
      plan: async () => ({ ok: true, plan: increasePlan() }),
      ...io,
    });
    const doc = JSON.parse(io.out()) as Record<string, unknown>;
    expect(doc).toMatchObject({ source: 'rules', executed: false, howToAct: HOW, outcome: 'recommendation' });
    expect(doc.recommendation).toMatchObject({ action: 'increase_resources' });
    expect(doc.plan).toMatchObject({
      changes: [{ field: 'memory limit', before: '8Gi', after: '12Gi' }, expect.anything()],
    });
    expect(io.err()).toContain('nothing was executed');
  });

  it('ndjson: every event on its own line, in order', async () => {
    const io = collect();
    await renderNonInteractive(stream(ruleBasedTriage()), { format: 'ndjson', howToAct: HOW, ...io });
    const types = io
      .out()
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as TriageEvent).type);
    expect(types).toEqual([
      'alert_loaded',
      'evidence_planned',
      'tool_call_started',
      'tool_call_finished',
      'fallback',
      'recommendation',
      'done',
    ]);
  });

  it('exits 1 when the triage ends in an error', async () => {
    const io = collect();
    const events: TriageEvent[] = [
      { type: 'error', message: 'cluster unreachable: connect ECONNREFUSED 127.0.0.1:1' },
      { type: 'done', totals, outcome: 'error' },
    ];
    const result = await renderNonInteractive(stream(events), { format: 'text', howToAct: HOW, ...io });
    expect(result.exitCode).toBe(1);
    expect(io.out()).toContain('error: cluster unreachable');
  });
});

describe('Markdown report', () => {
  it('has the alert, evidence, recommendation diff, decision and outcome', async () => {
    const io = collect();
    const { state } = await renderNonInteractive(stream(ruleBasedTriage()), {
      format: 'text',
      howToAct: HOW,
      ...io,
    });
    const markdown = triageReport({
      state,
      plan: increasePlan(),
      decision: { kind: 'approved', parameters: INCREASE_MEMORY.parameters, edited: false },
      decisionAuditId: 'rec-42',
      execution: {
        steps: [
          { phase: 'apply', status: 'ok' },
          { phase: 'verify', status: 'ok' },
        ],
        outcome: 'verified',
        rollbackAvailable: false,
      },
    });
    expect(markdown).toContain('# Triage: `HighMemoryUsage`');
    expect(markdown).toContain('| 1 | get_pod_status | ok | 40ms | webapp-123: memory 7.6Gi/8Gi (95%) |');
    expect(markdown).toContain('- memory limit: 8Gi\n+ memory limit: 12Gi');
    expect(markdown).toContain('Approved: `container=webapp memoryLimit=12Gi memoryRequest=10Gi`');
    expect(markdown).toContain('Audit record: rec-42');
    expect(markdown).toContain('**verified**');
  });
});

describe('identical tool failures', () => {
  const failed = (id: string, tool: string, finding: string): TriageEvent => ({
    type: 'tool_call_finished',
    id,
    tool,
    ok: false,
    finding,
    text: finding,
    durationMs: 5,
    repeated: false,
  });
  const down = 'error: cannot reach the Kubernetes API server at https://10.0.0.1 (context prod): ETIMEDOUT';

  it('are one stderr line with a count, even interleaved with a success; different failures keep their own line', async () => {
    const io = collect();
    await renderNonInteractive(
      stream([
        { type: 'alert_loaded', alert: highMemoryAlert() },
        failed('c1', 'get_pod_status', down),
        ruleBasedTriage()[3] as TriageEvent,
        failed('c3', 'get_events', down),
        failed('c4', 'get_hpa_status', 'error: get_hpa_status: no HPA named webapp'),
        failed('c5', 'check_node_capacity', down),
        { type: 'fallback', reason: '--no-model was given' },
        { type: 'recommendation', recommendation: INCREASE_MEMORY, source: 'rules' },
        { type: 'done', totals, outcome: 'recommendation' },
      ]),
      { format: 'text', howToAct: HOW, ...io },
    );
    const lines = io.err().split('\n');
    expect(lines.filter((l) => l.includes('ETIMEDOUT'))).toEqual([
      `kopilot: ✗ 3 calls failed alike (get_pod_status, get_events, check_node_capacity)  ${down}`,
    ]);
    expect(lines.filter((l) => l.includes('no HPA named'))).toHaveLength(1);
    expect(lines.findIndex((l) => l.includes('✓ get_pod_status'))).toBeLessThan(
      lines.findIndex((l) => l.includes('3 calls failed')),
    );
  });

  it('give way to an error that says the same', async () => {
    const io = collect();
    const result = await renderNonInteractive(
      stream([
        failed('c1', 'get_pod_status', down),
        failed('c2', 'get_events', down),
        {
          type: 'error',
          message: `could not read any evidence from the cluster (all 2 calls failed): ${down.slice(7)}`,
        },
        { type: 'done', totals, outcome: 'error' },
      ]),
      { format: 'text', howToAct: HOW, ...io },
    );
    expect(result.exitCode).toBe(1);
    expect(io.err().match(/ETIMEDOUT/g)).toHaveLength(1);
  });
});
