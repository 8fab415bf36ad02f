import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { AlertHeader } from '../../src/ui/AlertHeader.js';
import { ToolCallList, ToolResultView } from '../../src/ui/ToolCallList.js';
import { ModelStream, tailLines } from '../../src/ui/ModelStream.js';
import { Footer } from '../../src/ui/Footer.js';
import { RecommendationCard } from '../../src/ui/RecommendationCard.js';
import { ApprovalPrompt } from '../../src/ui/ApprovalPrompt.js';
import { ExecutionProgress } from '../../src/ui/ExecutionProgress.js';
import { AlertPicker } from '../../src/ui/AlertPicker.js';
import { PasteInput } from '../../src/ui/PasteInput.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import type { ToolCallView } from '../../src/session/triageState.js';
import {
  HIGH_MEMORY_JSON,
  INCREASE_MEMORY,
  alertNamed,
  highMemoryAlert,
  increasePlan,
  tick,
  waitForFrame,
} from './fixtures.js';

const ESC = '\u001b';
const DOWN = `${ESC}[B`;

describe('AlertHeader', () => {
  it('shows severity, name, namespace/object, age and summary', () => {
    const { lastFrame } = render(<AlertHeader alert={highMemoryAlert()} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('WARNING HighMemoryUsage');
    expect(frame).toContain('production/Pod webapp-123');
    expect(frame).toMatch(/1[12]m ago/);
    expect(frame).toContain('Pod webapp-123 is using 95% of its memory limit');
  });
});

describe('ToolCallList', () => {
  const calls: ToolCallView[] = [
    {
      id: '1',
      tool: 'get_pod_status',
      arguments: {},
      origin: 'playbook',
      status: 'ok',
      finding: 'webapp-123: memory 7.6Gi/8Gi (95%), cpu 60%, 0 restarts',
      durationMs: 42,
      repeated: false,
      text: 'line one\nline two',
    },
    {
      id: '2',
      tool: 'check_node_capacity',
      arguments: {},
      origin: 'playbook',
      status: 'failed',
      finding: 'node worker-09 not found',
      durationMs: 1500,
      repeated: false,
    },
    {
      id: '3',
      tool: 'get_deployment_history',
      arguments: {},
      origin: 'model',
      status: 'running',
      repeated: false,
    },
  ];

  it('marks finished calls ✓ or ✗ with duration and finding, running ones with a spinner', () => {
    const frame = render(<ToolCallList calls={calls} width={100} />).lastFrame() ?? '';
    expect(frame).toMatch(
      /1 ✓ get_pod_status 42ms\s+webapp-123: memory 7\.6Gi\/8Gi \(95%\), cpu 60%, 0 restarts/,
    );
    expect(frame).toMatch(/2 ✗ check_node_capacity 1\.5s\s+node worker-09 not found/);
    expect(frame).toMatch(/3 [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] get_deployment_history\s+running…/);
  });

  it('keeps every row on one line in a 60-column terminal', () => {
    const frame = render(<ToolCallList calls={calls} width={60} />).lastFrame() ?? '';
    expect(frame.split('\n')).toHaveLength(3);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('expands a call to its full result', () => {
    const frame =
      render(<ToolResultView call={calls[0]!} index={0} maxLines={10} width={60} />).lastFrame() ?? '';
    expect(frame).toContain('#1 get_pod_status');
    expect(frame).toContain('line one');
    expect(frame).toContain('line two');
  });
});

describe('ModelStream', () => {
  it('shows only the newest lines when the text is taller than its room', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    const frame =
      render(
        <ModelStream text={text} maxLines={6} width={60} model="granite3.1-dense:2b" streaming={false} />,
      ).lastFrame() ?? '';
    expect(frame.split('\n')).toHaveLength(6);
    expect(frame).toContain('line 50');
    expect(frame).not.toContain('line 44\n');
    expect(frame).toContain('45 earlier lines');
  });

  it('wraps long lines at the width before counting them', () => {
    expect(tailLines('x'.repeat(100), 40, 10).lines).toEqual([
      'x'.repeat(40),
      'x'.repeat(40),
      'x'.repeat(20),
    ]);
  });
});

describe('Footer', () => {
  it('shows model, context, elapsed time and tokens', () => {
    const frame = render(
      <Footer
        model="granite3.1-dense:8b"
        context="sandbox"
        elapsedMs={4200}
        promptTokens={2100}
        evalTokens={340}
        hint="? keys"
        width={80}
      />,
    ).lastFrame();
    expect(frame).toContain('granite3.1-dense:8b · ctx sandbox · 4.2s · 2.1k in / 340 out');
  });
});

describe('RecommendationCard', () => {
  it('shows the action, the diff, dry-run, capacity, risk, confidence, reasoning, evidence and alternatives', () => {
    const frame =
      render(
        <RecommendationCard
          recommendation={INCREASE_MEMORY}
          source="model"
          model="granite3.1-dense:8b"
          plan={increasePlan()}
          width={100}
        />,
      ).lastFrame() ?? '';
    expect(frame).toContain('Recommendation: increase_resources on Deployment production/webapp');
    expect(frame).toContain('from model granite3.1-dense:8b · confidence 86%');
    expect(frame).toContain('memory limit 8Gi → 12Gi');
    expect(frame).toContain('memory request 6Gi → 10Gi');
    expect(frame).toContain('dry-run: ✓ accepted by the API server');
    expect(frame).toContain('capacity: ✓ worker-02 fits +4Gi');
    expect(frame).toContain('risk: medium');
    expect(frame).toContain('uses 7.6Gi of its 8Gi limit');
    expect(frame).toContain('• webapp-123: memory 7.6Gi/8Gi (95%)');
    expect(frame).toContain('scale_workload: load is per-pod memory');
  });

  it('labels a rule-based fallback as such, with the reason', () => {
    const frame = render(
      <RecommendationCard
        recommendation={INCREASE_MEMORY}
        source="rules"
        fallbackReason="Ollama is not reachable"
        width={100}
      />,
    ).lastFrame();
    expect(frame).toContain('rule-based · model not used: Ollama is not reachable');
  });

  it('shows a failed dry-run in the words of the API server', () => {
    const plan = increasePlan({ dryRun: { ok: false, summary: 'exceeded quota: compute-quota' } });
    const frame = render(
      <RecommendationCard recommendation={INCREASE_MEMORY} source="model" plan={plan} width={100} />,
    ).lastFrame();
    expect(frame).toContain('dry-run: ✗ exceeded quota: compute-quota');
  });
});

function prompt(plan = increasePlan()) {
  const calls = {
    approve: vi.fn(),
    reject: vi.fn(),
    edit: vi.fn(),
    details: vi.fn(),
    quit: vi.fn(),
    override: vi.fn(),
  };
  const ui = render(
    <ApprovalPrompt
      plan={plan}
      parameters={INCREASE_MEMORY.parameters}
      isActive
      onApprove={calls.approve}
      onReject={calls.reject}
      onEdit={calls.edit}
      onDetails={calls.details}
      onQuit={calls.quit}
      onOverride={calls.override}
    />,
  );
  return { ...ui, calls };
}

describe('ApprovalPrompt', () => {
  it('approves a medium-risk plan with a', async () => {
    const { stdin, calls, lastFrame } = prompt();
    expect(lastFrame()).toContain('[a] approve  [r] reject  [e] edit  [d] details  [q] quit');
    await tick();
    stdin.write('a');
    await tick();
    expect(calls.approve).toHaveBeenCalledTimes(1);
  });

  it('rejects with a reason that is passed on to be recorded', async () => {
    const { stdin, calls, lastFrame } = prompt();
    await tick();
    stdin.write('r');
    await waitForFrame(lastFrame, (f) => f.includes('Reason (optional'));
    stdin.write('deploy freeze');
    await waitForFrame(lastFrame, (f) => f.includes('deploy freeze'));
    await tick();
    stdin.write('\r');
    await tick();
    expect(calls.reject).toHaveBeenCalledWith('deploy freeze');
    expect(calls.approve).not.toHaveBeenCalled();
  });

  it('asks for the target name before approving a destructive plan, and refuses a wrong name', async () => {
    const { stdin, calls, lastFrame } = prompt(
      increasePlan({ action: 'drain_node', destructive: true, risk: 'high', confirmationText: 'worker-02' }),
    );
    await tick();
    stdin.write('a');
    await waitForFrame(lastFrame, (f) => f.includes('Type worker-02 to approve:'));
    expect(lastFrame()).toContain('This action is destructive.');
    stdin.write('worker-03');
    await waitForFrame(lastFrame, (f) => f.includes('worker-03'));
    stdin.write('\r');
    await waitForFrame(lastFrame, (f) => f.includes('"worker-03" does not match worker-02: not approved'));
    expect(calls.approve).not.toHaveBeenCalled();
    stdin.write('a');
    await waitForFrame(lastFrame, (f) => f.includes('Type worker-02 to approve:'));
    stdin.write('worker-02');
    await waitForFrame(lastFrame, (f) => f.includes('approve: worker-02'));
    stdin.write('\r');
    await vi.waitFor(() => expect(calls.approve).toHaveBeenCalledWith('worker-02'));
  });

  it('needs the typed name for a plan in a protected namespace', async () => {
    const { stdin, calls, lastFrame } = prompt(
      increasePlan({ protectedNamespace: true, confirmationText: 'coredns' }),
    );
    await tick();
    stdin.write('a');
    await waitForFrame(lastFrame, (f) => f.includes('in a protected namespace'));
    expect(calls.approve).not.toHaveBeenCalled();
  });

  it('does not approve when the dry-run failed', async () => {
    const { stdin, calls, lastFrame } = prompt(increasePlan({ dryRun: { ok: false, summary: 'forbidden' } }));
    await tick();
    stdin.write('a');
    await tick();
    expect(calls.approve).not.toHaveBeenCalled();
    expect(lastFrame()).toContain('cannot approve');
  });

  it('offers no override for a refusal a human may not override (a failed dry-run, a policy bound)', async () => {
    const { stdin, calls, lastFrame } = prompt(
      increasePlan({ refused: 'replicas 3 → 12 is beyond the policy bound', dryRun: undefined }),
    );
    expect(lastFrame()).not.toContain('[o] override');
    await tick();
    stdin.write('o');
    await tick();
    expect(lastFrame()).not.toContain('to override:');
    expect(calls.override).not.toHaveBeenCalled();
  });

  it('overrides a capacity refusal only when the target name is typed', async () => {
    const { stdin, calls, lastFrame } = prompt(
      increasePlan({ refused: 'no node has 10Gi memory to spare', overridable: 'capacity' }),
    );
    expect(lastFrame()).toContain('[q] quit  [o] override');
    await tick();
    stdin.write('o');
    await waitForFrame(lastFrame, (f) => f.includes('Refused because the nodes lack the capacity'));
    stdin.write('webapp');
    await waitForFrame(lastFrame, (f) => f.includes('override: webapp'));
    stdin.write('\r');
    await vi.waitFor(() => expect(calls.override).toHaveBeenCalledTimes(1));
    expect(calls.approve).not.toHaveBeenCalled();
  });

  it('edits parameters as key=value text and hands them back typed', async () => {
    const { stdin, calls, lastFrame } = prompt();
    await tick();
    stdin.write('e');
    await waitForFrame(lastFrame, (f) =>
      f.includes('Parameters: container=webapp memoryLimit=12Gi memoryRequest=10Gi'),
    );
    for (let i = 0; i < '10Gi'.length; i++) stdin.write('\u007f');
    await tick();
    stdin.write('9Gi');
    await waitForFrame(lastFrame, (f) => f.includes('memoryRequest=9Gi'));
    stdin.write('\r');
    await vi.waitFor(() => expect(calls.edit).toHaveBeenCalled());
    expect(calls.edit).toHaveBeenCalledWith({
      container: 'webapp',
      memoryLimit: '12Gi',
      memoryRequest: '9Gi',
    });
  });

  it('Esc leaves the reason field without rejecting', async () => {
    const { stdin, calls, lastFrame } = prompt();
    await tick();
    stdin.write('r');
    await waitForFrame(lastFrame, (f) => f.includes('Reason (optional'));
    stdin.write(ESC);
    await waitForFrame(lastFrame, (f) => f.includes('[a] approve'));
    expect(calls.reject).not.toHaveBeenCalled();
  });
});

describe('ExecutionProgress', () => {
  it('walks dry-run → apply → rollout → verified and shows the audit id', () => {
    const frame = render(
      <ExecutionProgress
        isActive={false}
        execution={{
          steps: [
            { phase: 'dry-run', status: 'ok' },
            { phase: 'apply', status: 'ok', detail: 'patched Deployment production/webapp' },
            { phase: 'rollout', status: 'ok', detail: '3/3 updated, 3 available' },
            { phase: 'verify', status: 'ok' },
          ],
          outcome: 'verified',
          auditId: 'a1b2c3',
          rollbackAvailable: false,
        }}
      />,
    ).lastFrame();
    expect(frame).toMatch(/✓ apply\s+patched Deployment production\/webapp/);
    expect(frame).toMatch(/✓ rollout\s+3\/3 updated, 3 available/);
    expect(frame).toContain('✓ verified');
    expect(frame).toContain('audit record a1b2c3');
  });

  it('offers the rollback after a failed verification', async () => {
    const onRollback = vi.fn();
    const { lastFrame, stdin } = render(
      <ExecutionProgress
        isActive
        onRollback={onRollback}
        execution={{
          steps: [
            { phase: 'dry-run', status: 'ok' },
            { phase: 'apply', status: 'ok' },
            { phase: 'rollout', status: 'failed', detail: 'progress deadline exceeded' },
            { phase: 'verify', status: 'skipped' },
          ],
          outcome: 'failed',
          message: 'rollout did not become available',
          rollbackAvailable: true,
        }}
      />,
    );
    expect(lastFrame()).toContain('✗ failed: rollout did not become available');
    expect(lastFrame()).toContain('[b] roll back');
    await tick();
    stdin.write('b');
    await tick();
    expect(onRollback).toHaveBeenCalledTimes(1);
  });
});

describe('AlertPicker', () => {
  // In the order the picker lists them (most severe, then longest firing), so rows and indexes agree.
  const alerts = [
    alertNamed('NetworkLatencyHigh', 'critical', 'webapp-456', 'p99 latency 2.3s'),
    highMemoryAlert(),
    alertNamed('KubePodCrashLooping', 'warning', 'api-7', 'api-7 restarting'),
  ];

  it('lists alerts and picks the one under the cursor with Enter', async () => {
    const onPick = vi.fn();
    const { stdin, lastFrame } = render(
      <AlertPicker
        alerts={alerts}
        source="http://am:9093"
        isActive
        width={100}
        maxRows={10}
        onPick={onPick}
      />,
    );
    expect(lastFrame()).toContain('HighMemoryUsage · production/Pod webapp-123');
    expect(lastFrame()).toContain('NetworkLatencyHigh');
    await tick();
    stdin.write(DOWN);
    await tick();
    stdin.write('\r');
    await tick();
    expect(onPick).toHaveBeenCalledWith(alerts[1]);
  });

  it('filters with /', async () => {
    const onPick = vi.fn();
    const { stdin, lastFrame } = render(
      <AlertPicker alerts={alerts} source="am" isActive width={100} maxRows={10} onPick={onPick} />,
    );
    await tick();
    stdin.write('/');
    await waitForFrame(lastFrame, (f) => f.includes('3/3'));
    stdin.write('crash');
    await waitForFrame(lastFrame, (f) => f.includes('/crash'));
    expect(lastFrame()).not.toContain('HighMemoryUsage');
    stdin.write('\r');
    await tick();
    stdin.write('\r');
    await vi.waitFor(() => expect(onPick).toHaveBeenCalledWith(alerts[2]));
  });

  it('keeps the selection on the same alert when a new one arrives above it', async () => {
    const onPick = vi.fn();
    const props = { source: 'am', isActive: true, width: 100, maxRows: 10, onPick };
    const { stdin, rerender } = render(<AlertPicker alerts={alerts} {...props} />);
    await tick();
    stdin.write(DOWN);
    await tick();
    rerender(
      <AlertPicker
        alerts={[alertNamed('NewAlert', 'critical', 'x-1', 'new'), ...alerts.slice(0, 2)]}
        {...props}
      />,
    );
    await tick();
    stdin.write('\r');
    await tick();
    expect(onPick).toHaveBeenCalledWith(alerts[1]);
  });
});

describe('PasteInput', () => {
  const parse = (text: string) => parseAlerts(text);

  it('accepts pasted alert JSON (bracketed paste) and submits it with Enter', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame } = render(
      <PasteInput parse={parse} isActive width={80} maxLines={10} onSubmit={onSubmit} onCancel={vi.fn()} />,
    );
    await tick();
    stdin.write(
      `${ESC}[200~${JSON.stringify(JSON.parse(HIGH_MEMORY_JSON), null, 2).replace(/\n/g, '\r')}${ESC}[201~`,
    );
    await tick();
    expect(lastFrame()).toContain('✓ 1 alert: HighMemoryUsage');
    stdin.write('\r');
    await tick();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]?.[0][0].name).toBe('HighMemoryUsage');
  });

  it('shows the parse error inline and does not submit invalid JSON', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame } = render(
      <PasteInput parse={parse} isActive width={80} maxLines={10} onSubmit={onSubmit} onCancel={vi.fn()} />,
    );
    await tick();
    stdin.write('{"labels": {"alertname": "X",}');
    await tick();
    expect(lastFrame()).toMatch(/✗ .*line 1/);
    stdin.write('\r');
    await tick();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
