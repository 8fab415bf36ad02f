import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { TriageApp, type TriageResult } from '../../src/ui/TriageApp.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKopilot } from '../helpers/runKopilot.js';
import { loadScript, type OllamaScript } from '../helpers/scriptedOllama.js';
import { startFlow, webappMemoryLimit, type FlowRig } from './flowRig.js';
import { tick, waitForFrame } from './fixtures.js';

const CTRL_C = '\u0003';
let rig: FlowRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function mount(r: FlowRig, alerts = [r.alerts[0]!]) {
  const onExit = vi.fn<(result: TriageResult) => void>();
  const ui = render(<TriageApp session={r.session} alerts={alerts} onExit={onExit} />);
  const screen = () => ui.lastFrame() ?? '';
  return {
    ...ui,
    onExit,
    screen,
    until: (p: (frame: string) => boolean, ms?: number) => waitForFrame(screen, p, ms),
  };
}

describe(
  'interactive triage of HighMemoryUsage on webapp-123 (sandbox + scripted model)',
  { timeout: 180_000 },
  () => {
    it('shows the tool calls, the model recommendation with its diff; approving patches the Deployment and verifies the rollout', async () => {
      rig = await startFlow({ script: await loadScript('webapp-prefetch') });
      const ui = mount(rig);
      const frame = await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
      expect(frame).toContain('WARNING HighMemoryUsage · production/Pod webapp-123');
      for (const tool of [
        'get_pod_status',
        'check_node_capacity',
        'get_deployment_history',
        'get_hpa_status',
      ]) {
        expect(frame).toMatch(new RegExp(`\\d ✓ ${tool} \\d`));
      }
      expect(frame).toContain('Recommendation: increase_resources on Deployment production/webapp');
      expect(frame).toContain('from model granite3.1-dense:8b · confidence 85%');
      expect(frame).toMatch(/memory limit \(container webapp\) 8Gi → 12Gi/);
      expect(frame).toMatch(/capacity: ✓/);
      expect(rig.sandbox.writeCount()).toBe(0);

      ui.stdin.write('a');
      const done = await ui.until((f) => f.includes('✓ verified'), 60_000);
      expect(done).toMatch(/✓ rollout\s+Deployment production\/webapp/);
      expect(done).toMatch(/audit record [0-9a-f-]{36}/);
      expect(webappMemoryLimit(rig.sandbox)).toBe('12Gi');
      expect(rig.sandbox.writeCount()).toBeGreaterThan(0);
      ui.stdin.write('q');
      await vi.waitFor(() => expect(ui.onExit).toHaveBeenCalledTimes(1));
      expect(ui.onExit.mock.calls[0]?.[0].execution?.outcome).toBe('verified');
    });

    it('rejecting with a reason writes nothing to the cluster and records the reason', async () => {
      rig = await startFlow({ noModel: true });
      const ui = mount(rig);
      await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
      ui.stdin.write('r');
      await tick();
      ui.stdin.write('deploy freeze until 06:00');
      await tick();
      ui.stdin.write('\r');
      await vi.waitFor(() => expect(ui.onExit).toHaveBeenCalled(), { timeout: 20_000 });
      expect(ui.onExit.mock.calls[0]?.[0].decision).toEqual({
        kind: 'rejected',
        reason: 'deploy freeze until 06:00',
      });
      expect(rig.sandbox.writeCount()).toBe(0);
      expect(webappMemoryLimit(rig.sandbox)).toBe('8Gi');
      const decisions = (await rig.auditLog.readAll()).filter((r) => r.kind === 'action_decision');
      expect(decisions).toMatchObject([{ outcome: 'rejected', reason: 'deploy freeze until 06:00' }]);
    });

    it('quitting with q at the approval step writes nothing and records that the plan was left undecided', async () => {
      rig = await startFlow({ noModel: true });
      const ui = mount(rig);
      await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
      ui.stdin.write('q');
      await vi.waitFor(() => expect(ui.onExit).toHaveBeenCalled(), { timeout: 20_000 });
      const result = ui.onExit.mock.calls[0]?.[0];
      expect(result?.decision).toEqual({ kind: 'quit' });
      expect(rig.sandbox.writeCount()).toBe(0);
      const decisions = (await rig.auditLog.readAll()).filter((r) => r.kind === 'action_decision');
      expect(decisions).toMatchObject([
        { outcome: 'quit', action: 'increase_resources', target: { name: 'webapp' } },
      ]);
      expect(result?.decisionAuditId).toBe(decisions[0]?.id);
    });

    it('a plan refused as unrelated to the alert runs only after the human overrides it by typing the name', async () => {
      const scaleCatalog: OllamaScript = {
        turns: [
          {
            json: {
              action: 'scale_workload',
              target: { kind: 'Deployment', namespace: 'production', name: 'catalog' },
              parameters: { replicas: 4 },
              confidence: 0.6,
              reasoning: 'catalog is busy too',
              evidence: ['memory 7.6Gi/8Gi (95%)'],
              alternatives: [],
            },
          },
        ],
      };
      rig = await startFlow({ script: scaleCatalog });
      const ui = mount(rig);
      const refused = await ui.until((f) => f.includes('[o] override'), 60_000);
      expect(refused).toMatch(/Deployment production\/catalog is neither the alert's object/);
      ui.stdin.write('a');
      await ui.until((f) => f.includes('cannot approve a refused plan: o overrides the refusal'));
      ui.stdin.write('o');
      await ui.until((f) => f.includes('Type catalog to override:'));
      ui.stdin.write('webapp');
      await tick();
      ui.stdin.write('\r');
      await ui.until((f) => f.includes('"webapp" does not match catalog: the refusal stands'));
      expect(rig.sandbox.writeCount()).toBe(0);
      ui.stdin.write('o');
      await ui.until((f) => f.includes('Type catalog to override:'));
      ui.stdin.write('catalog');
      await tick();
      ui.stdin.write('\r');
      const overridden = await ui.until(
        (f) => f.includes('dry-run: ✓') && f.includes('overridden by the human'),
        60_000,
      );
      expect(overridden).not.toContain('[o] override');
      expect(rig.sandbox.writeCount()).toBe(0);
      ui.stdin.write('a');
      const done = await ui.until((f) => f.includes('✓ verified') || f.includes('✗ failed'), 60_000);
      expect(done).toContain('✓ verified');
      expect(rig.sandbox.store.get('apps/deployments', 'production', 'catalog')?.spec).toMatchObject({
        replicas: 4,
      });
      const decisions = (await rig.auditLog.readAll()).filter((r) => r.kind === 'action_decision');
      expect(decisions).toMatchObject([
        { outcome: 'approved', approved: true, overridden: ['related'], target: { name: 'catalog' } },
      ]);
      const audit = await runKopilot(['audit'], {
        env: {
          KOPILOT_AUDIT_LOG: rig.auditLog.path,
          KOPILOT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'kopilot-cfg-')),
        },
        timeoutMs: 60_000,
      });
      expect(audit.stdout).toMatch(
        /action_decision .*catalog.* approved by \S+ \(kube user .*\), overriding related/,
      );
    });

    it('edited parameters are validated and dry-run again before approval', async () => {
      rig = await startFlow({ noModel: true });
      const ui = mount(rig);
      await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
      ui.stdin.write('e');
      await ui.until((f) => f.includes('Parameters: container=webapp'));
      ui.stdin.write('\u0015'); // nothing special for the field: Ctrl+U is ignored, so erase by backspace
      for (let i = 0; i < 60; i++) ui.stdin.write('\u007f');
      await tick();
      ui.stdin.write('container=webapp memory_limit=lots');
      await tick();
      ui.stdin.write('\r');
      const refused = await ui.until((f) => f.includes('cannot plan:'), 60_000);
      expect(refused).toMatch(/cannot plan: .*memory_limit/);
      ui.stdin.write('e');
      await ui.until((f) => f.includes('Parameters: container=webapp'));
      for (let i = 0; i < 60; i++) ui.stdin.write('\u007f');
      await tick();
      ui.stdin.write('container=webapp memory_limit=11Gi memory_request=9Gi');
      await tick();
      ui.stdin.write('\r');
      const replanned = await ui.until((f) => /8Gi → 11Gi/.test(f) && f.includes('dry-run: ✓'), 60_000);
      expect(replanned).toMatch(/memory request \(container webapp\) 6Gi → 9Gi/);
      expect(rig.sandbox.writeCount()).toBe(0);
      ui.stdin.write('q');
      await vi.waitFor(() => expect(ui.onExit).toHaveBeenCalled());
    });

    it('a destructive plan (restart_pod) is approved only by typing the pod name', async () => {
      const script: OllamaScript = {
        turns: [
          {
            json: {
              action: 'restart_pod',
              target: { kind: 'Pod', namespace: 'production', name: 'webapp-123' },
              parameters: {},
              confidence: 0.6,
              reasoning: 'a fresh pod starts with low memory',
              evidence: ['memory 7.6Gi/8Gi (95%)'],
              alternatives: [],
            },
          },
        ],
      };
      rig = await startFlow({ script });
      const ui = mount(rig);
      await ui.until((f) => f.includes('[a] approve') && f.includes('Recommendation: restart_pod'), 60_000);
      await ui.until((f) => f.includes('dry-run: ✓'), 10_000);
      ui.stdin.write('a');
      await ui.until((f) => f.includes('Type webapp-123 to approve:'));
      ui.stdin.write('webapp-12');
      await tick();
      ui.stdin.write('\r');
      await ui.until((f) => f.includes('"webapp-12" does not match webapp-123: not approved'));
      expect(rig.sandbox.writeCount()).toBe(0);
      ui.stdin.write('a');
      await ui.until((f) => f.includes('Type webapp-123 to approve:'));
      ui.stdin.write('webapp-123');
      await tick();
      ui.stdin.write('\r');
      await ui.until((f) => f.includes('✓ apply'), 60_000);
      expect(rig.sandbox.writeCount()).toBeGreaterThan(0);
    });

    it('Ctrl+C during the model stream cancels the triage without a recommendation; a second Ctrl+C quits', async () => {
      const script: OllamaScript = {
        turns: [
          {
            content: 'Looking at the memory of webapp-123 and the nodes. '.repeat(40),
            chunkDelayMs: 100,
            chunkSize: 8,
          },
        ],
      };
      rig = await startFlow({ script });
      const ui = mount(rig);
      await ui.until((f) => f.includes('Looking at the memory'), 60_000);
      ui.stdin.write(CTRL_C);
      const cancelled = await ui.until((f) => f.includes('Triage cancelled. Nothing was changed.'));
      expect(cancelled).toContain('cancelled — press Ctrl+C again to quit');
      expect(cancelled).not.toContain('Recommendation:');
      ui.stdin.write(CTRL_C);
      await vi.waitFor(() => expect(ui.onExit).toHaveBeenCalled());
      expect(rig.sandbox.writeCount()).toBe(0);
    });

    it('when the Deployment changes after planning, nothing is written and the rebuilt plan is decided again', async () => {
      rig = await startFlow({ noModel: true });
      const ui = mount(rig);
      await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
      // Someone else edits the Deployment between planning and approval.
      rig.sandbox.store.mutate('apps/deployments', 'production', 'webapp', (d) => {
        d.metadata.annotations = { ...d.metadata.annotations, 'team.example.com/owner': 'payments' };
      });
      ui.stdin.write('a');
      const again = await ui.until(
        (f) => f.includes('review and decide again') && f.includes('[a] approve'),
        30_000,
      );
      expect(again).toMatch(/changed after planning/);
      expect(rig.sandbox.writeCount()).toBe(0);
      expect(webappMemoryLimit(rig.sandbox)).toBe('8Gi');
      await ui.until((f) => f.includes('dry-run: ✓'));
      ui.stdin.write('a');
      await ui.until((f) => f.includes('✓ verified'), 60_000);
      expect(webappMemoryLimit(rig.sandbox)).toBe('12Gi');
    });

    it("x shows a tool call's full result, ? the keys, and the rule-based fallback is labelled when Ollama does not answer", async () => {
      rig = await startFlow({ ollamaHost: 'http://127.0.0.1:9' });
      const ui = mount(rig);
      const frame = await ui.until((f) => f.includes('[a] approve'), 60_000);
      expect(frame).toMatch(/rule-based · model not used: /);
      expect(frame).toContain('Recommendation: increase_resources on Deployment production/webapp');
      ui.stdin.write('x');
      const result = await ui.until((f) => /#\d+ \w+ \{"/.test(f));
      expect(result).toMatch(
        /#\d+ (get_pod_status|check_node_capacity|get_deployment_history|get_hpa_status|list_related_alerts) \{"namespace":"production"/,
      );
      ui.stdin.write('\u001b');
      await ui.until((f) => !/#\d+ \w+ \{"/.test(f));
      ui.stdin.write('?');
      const help = await ui.until((f) => f.includes('Keys'));
      expect(help).toContain('cancel the running step; twice quits');
      ui.stdin.write('?');
      await ui.until((f) => !f.includes('twice quits'));
      ui.stdin.write('q');
      await vi.waitFor(() => expect(ui.onExit).toHaveBeenCalled());
    });
  },
);

describe('choosing the alert inside the TUI', { timeout: 180_000 }, () => {
  it('paste mode shows the parse error inline for invalid JSON, then triages a valid paste', async () => {
    rig = await startFlow({ noModel: true });
    const onExit = vi.fn();
    const ui = render(<TriageApp session={{ ...rig.session, watchAlerts: undefined }} onExit={onExit} />);
    const screen = () => ui.lastFrame() ?? '';
    await waitForFrame(screen, (f) => f.includes('p paste JSON'));
    ui.stdin.write('p');
    await waitForFrame(screen, (f) => f.includes('Paste alert JSON'));
    ui.stdin.write(
      '\u001b[200~{"labels": {"alertname": "HighMemoryUsage",\r  "namespace": "production"\r}\u001b[201~',
    );
    const bad = await waitForFrame(screen, (f) => f.includes('✗'));
    expect(bad).toMatch(/✗ pasted alert: .*line 3/);
    ui.stdin.write('\r');
    await tick();
    expect(screen()).toContain('Paste alert JSON');
    for (let i = 0; i < 120; i++) ui.stdin.write('\u007f');
    await tick();
    const good = JSON.stringify(rig.sandbox.scenario.alerts[0]!.json, null, 2).replace(/\n/g, '\r');
    ui.stdin.write(`\u001b[200~${good}\u001b[201~`);
    await waitForFrame(screen, (f) => f.includes('✓ 1 alert: HighMemoryUsage'));
    ui.stdin.write('\r');
    await waitForFrame(screen, (f) => f.includes('Recommendation: increase_resources'), 60_000);
    expect(rig.sandbox.writeCount()).toBe(0);
  });
});
