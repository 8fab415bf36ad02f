import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/alerts/parse.js';
import type { TriageEvent } from '../../src/agent/events.js';
import { renderNonInteractive, triageNonInteractively } from '../../src/output/nonInteractive.js';
import { triageReport } from '../../src/output/report.js';
import { startFlow, type FlowRig } from '../ui/flowRig.js';
import { INCREASE_MEMORY, highMemoryAlert, increasePlan } from '../ui/fixtures.js';

function collect() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.resume();
  return { stdout, stderr, out: () => out };
}

async function* stream(events: TriageEvent[]): AsyncGenerator<TriageEvent> {
  for (const event of events) yield event;
}

const HOW = 'kopilot triage --alert alert.json';

function recommended(alert = highMemoryAlert()): TriageEvent[] {
  return [
    { type: 'alert_loaded', alert },
    { type: 'recommendation', recommendation: INCREASE_MEMORY, source: 'rules' },
    {
      type: 'done',
      outcome: 'recommendation',
      totals: {
        turns: 0,
        modelRequests: 0,
        toolCalls: 0,
        failedToolCalls: 0,
        repeatedToolCalls: 0,
        promptTokens: 0,
        evalTokens: 0,
        durationMs: 10,
        modelMs: 0,
        toolMs: 0,
      },
    },
  ];
}

describe('what an engineer needs to act, from the real planner', { timeout: 120_000 }, () => {
  let rig: FlowRig;
  beforeAll(async () => {
    rig = await startFlow({ noModel: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('-o text, -o json and --report carry the plan kubectl lines, the context and the cluster', async () => {
    const alert = rig.alerts.find((a) => a.name === 'HighMemoryUsage') ?? rig.alerts[0];
    if (!alert) throw new Error('the scenario has no alert');
    const dir = mkdtempSync(join(tmpdir(), 'kopilot-act-'));
    const text = collect();
    const reportPath = join(dir, 'report.md');
    await triageNonInteractively(rig.session, alert, {
      format: 'text',
      ...text,
      howToAct: HOW,
      reportPath,
      signal: new AbortController().signal,
    });
    const json = collect();
    await triageNonInteractively(rig.session, alert, {
      format: 'json',
      ...json,
      howToAct: HOW,
      signal: new AbortController().signal,
    });
    const doc = JSON.parse(json.out()) as { plan: { kubectl: string[]; context: string; writes: boolean } };
    expect(doc.plan.writes).toBe(true);
    expect(doc.plan.kubectl.length).toBeGreaterThan(0);
    expect(doc.plan.kubectl[0]).toMatch(/^kubectl -n production /);
    for (const line of doc.plan.kubectl) expect(text.out()).toContain(`  $ ${line}`);
    expect(text.out()).toMatch(/Or by hand, the same change/);

    const report = readFileSync(reportPath, 'utf8');
    for (const line of doc.plan.kubectl) expect(report).toContain(line);
    expect(report).toContain('```sh');
    expect(report).toContain(`**Context:** \`${doc.plan.context}\``);
    expect(report).toMatch(/\*\*Context:\*\* `[^`]+` on https?:\/\/127\.0\.0\.1:\d+/);
    // Only dry runs were made.
    expect(rig.sandbox.writeCount()).toBe(0);
  });
});

describe('plan warnings, the plan event and the alert links', () => {
  const warned = increasePlan({ warnings: ['webapp was changed 4m ago by kopilot (cooldown)'] });

  it('-o text and --report show the plan warnings', async () => {
    const io = collect();
    const { state } = await renderNonInteractive(stream(recommended()), {
      format: 'text',
      howToAct: HOW,
      plan: async () => ({ ok: true, plan: warned }),
      ...io,
    });
    expect(io.out()).toContain('  warning: webapp was changed 4m ago by kopilot (cooldown)');
    expect(triageReport({ state, plan: warned })).toContain(
      '- Warning: webapp was changed 4m ago by kopilot (cooldown)',
    );
  });

  it('-o ndjson ends with a plan event carrying the plan, its kubectl and how to act', async () => {
    const io = collect();
    await renderNonInteractive(stream(recommended()), {
      format: 'ndjson',
      howToAct: HOW,
      plan: async () => ({ ok: true, plan: warned }),
      ...io,
    });
    const events = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; plan?: { kubectl: string[]; warnings: string[] } });
    const last = events[events.length - 1];
    expect(last).toMatchObject({ type: 'plan', executed: false, howToAct: HOW });
    expect(last?.plan?.kubectl).toEqual(warned.kubectl);
    expect(last?.plan?.warnings).toEqual(warned.warnings);
  });

  it('-o ndjson says why there is no plan when planning failed', async () => {
    const io = collect();
    await renderNonInteractive(stream(recommended()), {
      format: 'ndjson',
      howToAct: HOW,
      plan: async () => ({ ok: false, error: 'deployment webapp not found' }),
      ...io,
    });
    const last = JSON.parse(io.out().trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'plan', plan: null, error: 'deployment webapp not found' });
  });

  it('shows the runbook and the alert source link in text and the report; a link that is not http(s) is never a link', async () => {
    const parsed = parseAlerts(
      JSON.stringify({
        labels: {
          alertname: 'HighMemoryUsage',
          severity: 'warning',
          namespace: 'production',
          pod: 'webapp-123',
          cluster: 'eu-prod-1',
        },
        annotations: { runbook_url: 'https://runbooks.example/memory#webapp' },
        generatorURL: 'javascript:alert(1)',
        startsAt: new Date().toISOString(),
      }),
    );
    if (!parsed.ok || !parsed.alerts[0]) throw new Error('fixture alert does not parse');
    const alert = parsed.alerts[0];
    const io = collect();
    const { state } = await renderNonInteractive(stream(recommended(alert)), {
      format: 'text',
      howToAct: HOW,
      ...io,
    });
    expect(io.out()).toContain('Runbook: https://runbooks.example/memory#webapp');
    const report = triageReport({ state });
    expect(report).toContain('- **Runbook:** <https://runbooks.example/memory#webapp>');
    expect(report).toContain('- **Source:** `javascript:alert(1)`');
    expect(report).toContain('- **Cluster label:** `eu-prod-1`');
    const json = collect();
    await renderNonInteractive(stream(recommended(alert)), { format: 'json', howToAct: HOW, ...json });
    expect(JSON.parse(json.out())).toMatchObject({
      alert: { runbookUrl: 'https://runbooks.example/memory#webapp', generatorUrl: 'javascript:alert(1)' },
    });
  });
});
