import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { TriageEvent } from '../../src/agent/events.js';
import { runKopilot } from '../helpers/runKopilot.js';

describe('kopilot triage without a terminal (never executes, says how to act)', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let dir: string;
  let alertFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
    dir = mkdtempSync(join(tmpdir(), 'kopilot-triage-cli-'));
    alertFile = join(dir, 'alert.json');
    writeFileSync(
      alertFile,
      JSON.stringify(sandbox.scenario.alerts.find((a) => a.file.includes('high-memory'))?.json),
    );
    env = { XDG_STATE_HOME: dir, KOPILOT_CONFIG_DIR: dir, CI: '' };
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const args = () => ['triage', '--alert', alertFile, '--kubeconfig', sandbox.kubeconfigPath, '--no-model'];

  it('text: the recommendation with the dry-run diff on stdout, progress on stderr, nothing written', async () => {
    const report = join(dir, 'triage.md');
    const result = await runKopilot([...args(), '--report', report], { env, timeoutMs: 120_000 });
    expect(result.stderr).toContain('kopilot: ✓ get_pod_status');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Recommendation: increase_resources on Deployment production/webapp (rule-based',
    );
    expect(result.stdout).toContain('memory limit (container webapp): 8Gi → 12Gi');
    expect(result.stdout).toContain('dry-run: ok');
    expect(result.stdout).toMatch(
      /Nothing was executed\. To act on it, run in a terminal and approve: kopilot triage --alert /,
    );
    expect(readFileSync(report, 'utf8')).toContain(
      'Run non-interactively: nothing was decided and nothing was executed.',
    );
    expect(sandbox.writeCount()).toBe(0);
  });

  it('json under CI=true: one document with executed=false; ndjson: the event stream, done, then the plan', async () => {
    const json = await runKopilot([...args(), '--output', 'json'], {
      env: { ...env, CI: 'true' },
      timeoutMs: 60_000,
    });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      executed: boolean;
      recommendation: { action: string };
      plan: unknown;
    };
    expect(doc.executed).toBe(false);
    expect(doc.recommendation.action).toBe('increase_resources');
    expect(doc.plan).toMatchObject({
      changes: expect.arrayContaining([expect.objectContaining({ after: '12Gi' })]),
    });
    const ndjson = await runKopilot([...args(), '--output', 'ndjson'], { env, timeoutMs: 120_000 });
    const events = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TriageEvent);
    expect(events[0]?.type).toBe('alert_loaded');
    // The engine's events end in done; the plan (dry run) follows as the last line (issue 15, bug 9).
    expect(events.at(-2)?.type).toBe('done');
    expect(events.at(-1)).toMatchObject({ type: 'plan', executed: false, plan: { writes: true } });
    expect(sandbox.writeCount()).toBe(0);
  });

  it('bad alert input is one line and exit 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"labels": ');
    const result = await runKopilot(
      ['triage', '--alert', bad, '--kubeconfig', sandbox.kubeconfigPath, '--no-model'],
      { env, timeoutMs: 120_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^kopilot: .*bad\.json: /);
    const output = await runKopilot([...args(), '--output', 'yaml'], { env, timeoutMs: 120_000 });
    expect(output).toMatchObject({
      code: 2,
      stderr: 'kopilot: unknown --output "yaml": use text, json, ndjson\n',
    });
  });
});

describe('kopilot demo', { timeout: 180_000 }, () => {
  it('starts the embedded sandbox and triages its HighMemoryUsage alert; without a terminal nothing is executed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopilot-demo-'));
    const result = await runKopilot(['demo', '--no-model', '--output', 'json'], {
      env: { XDG_STATE_HOME: dir, KOPILOT_CONFIG_DIR: dir, CI: '' },
      timeoutMs: 90_000,
    });
    expect(result.stderr).toMatch(
      /^kopilot demo: starting the embedded sandbox cluster \(scenario webapp-memory\)…\nkopilot demo: sandbox cluster .* at https?:\/\/127\.0\.0\.1:\d+; triaging HighMemoryUsage/,
    );
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      executed: boolean;
      source: string;
      recommendation: { action: string };
    };
    expect(doc).toMatchObject({
      executed: false,
      source: 'rules',
      recommendation: { action: 'increase_resources' },
    });
  });
});
