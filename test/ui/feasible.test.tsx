// The interactive triage shows only what can be planned: refused candidates as alternatives, unsupported citations marked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { Alert } from '../../src/alerts/alert.js';
import type { TriageSession } from '../../src/session/session.js';
import { TriageApp, type TriageResult } from '../../src/ui/TriageApp.js';
import { beyondBound, citingInvented, INVENTED_FACT, REAL_FACT } from '../helpers/modelAnswers.js';
import { startFlow, webappMemoryLimit, type FlowRig } from './flowRig.js';
import { waitForFrame } from './fixtures.js';

let rig: FlowRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function mount(session: TriageSession, alert: Alert) {
  const onExit = vi.fn<(result: TriageResult) => void>();
  const ui = render(<TriageApp session={session} alerts={[alert]} onExit={onExit} />);
  const screen = () => ui.lastFrame() ?? '';
  return {
    ...ui,
    onExit,
    until: (p: (frame: string) => boolean, ms?: number) => waitForFrame(screen, p, ms),
  };
}

describe('feasible before it is shown, in the TUI', { timeout: 180_000 }, () => {
  it('a model answer beyond the ×2 bound is not the card: the rules’ 12Gi is, approvable, with the refusal as an alternative', async () => {
    rig = await startFlow({ script: beyondBound() });
    const ui = mount(rig.session, rig.alerts[0]!);
    const frame = await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
    expect(frame).toContain('Recommendation: increase_resources on Deployment production/webapp');
    expect(frame).toContain("rule-based · the model's answer could not be planned — see alternatives");
    expect(frame).toMatch(/memory limit \(container webapp\) 8Gi → 12Gi/);
    expect(frame).not.toMatch(/→ 32Gi\s*$/m);
    expect(frame).toMatch(
      /• increase_resources: memory limit \(container webapp\) 8Gi → 32Gi is beyond the policy/,
    );
    expect(frame).not.toContain('refused by policy');

    ui.stdin.write('a');
    await ui.until((f) => f.includes('✓ verified'), 60_000);
    expect(webappMemoryLimit(rig.sandbox)).toBe('12Gi');
  });

  it('the rules’ rollback made infeasible (earlier ReplicaSet deleted): the card escalates and names the refusal', async () => {
    rig = await startFlow({ noModel: true, scenario: 'imagepull-bad-tag' });
    const { session, sandbox } = rig;
    // The history is read; the revision the rollback would return to disappears before anything is planned.
    const removing: TriageSession = {
      ...session,
      async *triage(alert, signal) {
        for await (const event of session.triage(alert, signal)) {
          if (event.type === 'tool_call_finished' && event.tool === 'get_deployment_history')
            sandbox.store.delete('apps/replicasets', 'storefront', 'frontend-76dcc895');
          yield event;
        }
      },
    };
    const ui = mount(removing, rig.alerts[0]!);
    const frame = await ui.until((f) => f.includes('Alternatives') && !f.includes('planning:'), 60_000);
    expect(frame).toContain('Recommendation: escalate');
    expect(frame).toMatch(/• rollback_deployment: Deployment storefront\/frontend has no earlier revision/);
    expect(sandbox.writeCount()).toBe(0);
  });

  it('a cited fact no tool result supports is marked on the card; the real one is not', async () => {
    rig = await startFlow({ script: citingInvented() });
    const ui = mount(rig.session, rig.alerts[0]!);
    const frame = await ui.until((f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
    expect(frame).toContain('from model granite3.1-dense:8b');
    expect(frame).toContain(`• ${INVENTED_FACT} — not found in the evidence`);
    expect(frame).toContain(`• ${REAL_FACT}`);
    expect(frame).not.toContain(`${REAL_FACT} — not found`);
  });
});
