import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { Alert } from '../../src/alerts/alert.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { AlertPicker } from '../../src/ui/AlertPicker.js';
import { plainFrameLines } from '../../src/ui/plainFrame.js';
import { createTheme } from '../../src/ui/theme.js';
import { tick, waitForFrame } from './fixtures.js';

const DOWN = '\u001b[B';

function alert(name: string, severity: string, pod: string, minutesAgo: number): Alert {
  const parsed = parseAlerts(
    JSON.stringify({
      labels: { alertname: name, severity, namespace: 'production', pod },
      annotations: { summary: `${name} on ${pod}` },
      startsAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    }),
  );
  if (!parsed.ok || !parsed.alerts[0]) throw new Error('fixture alert does not parse');
  return parsed.alerts[0];
}

const info = alert('DiskAlmostFull', 'info', 'db-0', 90);
const newWarning = alert('KubePodCrashLooping', 'warning', 'api-7', 2);
const oldWarning = alert('HighMemoryUsage', 'warning', 'webapp-123', 40);
const critical = alert('NetworkLatencyHigh', 'critical', 'webapp-456', 1);
const props = { source: 'am', isActive: true, width: 100, maxRows: 10 };

describe('AlertPicker, as on-call uses it', () => {
  it('lists the most severe first, then the longest firing, as kopilot alerts does', () => {
    const { lastFrame } = render(
      <AlertPicker alerts={[info, newWarning, oldWarning, critical]} {...props} onPick={vi.fn()} />,
    );
    const order = ['NetworkLatencyHigh', 'HighMemoryUsage', 'KubePodCrashLooping', 'DiskAlmostFull'];
    const frame = lastFrame() ?? '';
    const positions = order.map((name) => frame.indexOf(name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('the plain first frame lists them in the same order, so nothing reshuffles when Ink takes over', () => {
    const lines = plainFrameLines(
      { alerts: [info, newWarning, oldWarning, critical], source: 'am' },
      100,
      20,
      createTheme(false),
    );
    expect(lines.slice(1, 5).map((line) => line.split(' · ')[0]?.trim())).toEqual([
      'crit NetworkLatencyHigh',
      'warn HighMemoryUsage',
      'warn KubePodCrashLooping',
      'info DiskAlmostFull',
    ]);
  });

  it('never triages another alert when the selected one resolves: Enter waits for a new choice', async () => {
    const onPick = vi.fn();
    const { stdin, lastFrame, rerender } = render(
      <AlertPicker alerts={[critical, oldWarning, newWarning]} {...props} onPick={onPick} />,
    );
    await tick();
    stdin.write(DOWN); // HighMemoryUsage
    await tick();
    rerender(<AlertPicker alerts={[critical, newWarning]} {...props} onPick={onPick} />);
    await waitForFrame(lastFrame, (f) => f.includes('HighMemoryUsage') && f.includes('resolved'), 3000);
    stdin.write('\r');
    await tick();
    expect(onPick).not.toHaveBeenCalled();
    stdin.write(DOWN);
    await tick();
    stdin.write('\r');
    await tick();
    expect(onPick).toHaveBeenCalledWith(newWarning);
  });

  it('keeps the first row chosen when a more severe alert arrives above it', async () => {
    const onPick = vi.fn();
    const { stdin, rerender } = render(<AlertPicker alerts={[oldWarning]} {...props} onPick={onPick} />);
    await tick();
    rerender(<AlertPicker alerts={[oldWarning, critical]} {...props} onPick={onPick} />);
    await tick();
    stdin.write('\r');
    await tick();
    expect(onPick).toHaveBeenCalledWith(oldWarning);
  });

  it('takes /filter typed in one burst as the filter', async () => {
    const onPick = vi.fn();
    const { stdin, lastFrame } = render(
      <AlertPicker alerts={[critical, oldWarning, newWarning]} {...props} onPick={onPick} />,
    );
    await tick();
    stdin.write('/crash');
    const frame = await waitForFrame(lastFrame, (f) => f.includes('/crash'), 3000);
    expect(frame).not.toContain('NetworkLatencyHigh');
    stdin.write('\r');
    await tick();
    stdin.write('\r');
    await vi.waitFor(() => expect(onPick).toHaveBeenCalledWith(newWarning));
  });

  it('q quits, as the footer says, but is only a letter while filtering', async () => {
    const onQuit = vi.fn();
    const { stdin, lastFrame } = render(
      <AlertPicker alerts={[critical, newWarning]} {...props} onPick={vi.fn()} onQuit={onQuit} />,
    );
    await tick();
    stdin.write('/');
    await waitForFrame(lastFrame, (f) => f.includes('2/2'));
    stdin.write('q');
    await waitForFrame(lastFrame, (f) => f.includes('/q'));
    expect(onQuit).not.toHaveBeenCalled();
    stdin.write('\u001b');
    await tick();
    stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
  });

  it('with AlertManager down, says how to go on instead of "no firing alerts"', () => {
    const { lastFrame } = render(
      <AlertPicker
        alerts={[]}
        {...props}
        error="AlertManager: cannot reach http://am:9093 (ECONNREFUSED)"
        onPick={vi.fn()}
        onPaste={vi.fn()}
      />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('ECONNREFUSED');
    expect(frame).not.toContain('no firing alerts');
    expect(frame).toMatch(/p to paste alert JSON/);
    expect(frame).toContain('kopilot triage --alert FILE');
  });
});

describe('AlertHeader links', () => {
  it('shows the runbook and the source link the alert carries', async () => {
    const { AlertHeader } = await import('../../src/ui/AlertHeader.js');
    const parsed = parseAlerts(
      JSON.stringify({
        labels: {
          alertname: 'HighMemoryUsage',
          severity: 'warning',
          namespace: 'production',
          pod: 'webapp-123',
        },
        annotations: { runbook_url: 'https://runbooks.example/memory' },
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
        startsAt: new Date().toISOString(),
      }),
    );
    if (!parsed.ok || !parsed.alerts[0]) throw new Error('fixture alert does not parse');
    const frame = render(<AlertHeader alert={parsed.alerts[0]} width={100} />).lastFrame() ?? '';
    expect(frame).toContain('runbook https://runbooks.example/memory');
    expect(frame).toContain('source http://prometheus:9090/graph?g0.expr=up');
  });
});
