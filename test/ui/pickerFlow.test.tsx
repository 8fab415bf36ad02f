import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { AlertFeed } from '../../src/session/session.js';
import { TriageApp } from '../../src/ui/TriageApp.js';
import { startFlow, type FlowRig } from './flowRig.js';
import { alertNamed, tick, waitForFrame } from './fixtures.js';

const ESC = '\u001b';

// The picker inside the whole app: a live list that keeps polling, as AlertManager's does.
describe('the alert picker in the triage app', { timeout: 60_000 }, () => {
  let rig: FlowRig;
  beforeAll(async () => {
    rig = await startFlow({ noModel: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  const live = [alertNamed('LiveAlertOne', 'critical', 'web-1', 'from the live feed')];
  function polled() {
    return (onChange: (feed: AlertFeed) => void) => {
      onChange({ alerts: live, loading: false });
      const timer = setInterval(() => onChange({ alerts: live, loading: false }), 40);
      return () => clearInterval(timer);
    };
  }

  it('q quits from the picker', async () => {
    const onExit = vi.fn();
    const ui = render(<TriageApp session={{ ...rig.session, watchAlerts: polled() }} onExit={onExit} />);
    await waitForFrame(
      () => ui.lastFrame(),
      (f) => f.includes('LiveAlertOne'),
      5000,
    );
    ui.stdin.write('q');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
    expect(rig.sandbox.writeCount()).toBe(0);
    ui.unmount();
  });

  it('keeps pasted alerts, labelled as pasted, while the live feed polls; Esc goes back to the live list', async () => {
    const ui = render(<TriageApp session={{ ...rig.session, watchAlerts: polled() }} onExit={vi.fn()} />);
    const screen = () => ui.lastFrame() ?? '';
    await waitForFrame(screen, (f) => f.includes('LiveAlertOne'), 5000);
    ui.stdin.write('p');
    await waitForFrame(screen, (f) => f.includes('Paste alert JSON'), 5000);
    const payload = [
      { labels: { alertname: 'PastedOne', severity: 'warning', namespace: 'production', pod: 'a-1' } },
      { labels: { alertname: 'PastedTwo', severity: 'warning', namespace: 'production', pod: 'b-1' } },
    ];
    ui.stdin.write(`${ESC}[200~${JSON.stringify(payload)}${ESC}[201~`);
    await waitForFrame(screen, (f) => f.includes('2 alerts'), 5000);
    ui.stdin.write('\r');
    await waitForFrame(screen, (f) => f.includes('PastedOne') && f.includes('PastedTwo'), 5000);
    await tick(400); // ten polls of the live feed
    const frame = screen();
    expect(frame).toContain('Firing alerts from pasted JSON');
    expect(frame).toContain('PastedOne');
    expect(frame).not.toContain('LiveAlertOne');
    ui.stdin.write(ESC);
    await waitForFrame(screen, (f) => f.includes('LiveAlertOne') && !f.includes('PastedOne'), 5000);
    ui.unmount();
  });

  it('? help replaces the list instead of pushing it down, and closing it brings the list back as it was', async () => {
    const ui = render(<TriageApp session={{ ...rig.session, watchAlerts: polled() }} onExit={vi.fn()} />);
    const screen = () => ui.lastFrame() ?? '';
    await waitForFrame(screen, (f) => f.includes('LiveAlertOne'), 5000);
    ui.stdin.write('/live');
    await waitForFrame(screen, (f) => f.includes('/live'), 5000);
    ui.stdin.write('\r');
    await tick();
    ui.stdin.write('?');
    const help = await waitForFrame(screen, (f) => f.includes('close this help'), 5000);
    expect(help).not.toContain('Firing alerts');
    expect(help).not.toContain('LiveAlertOne');
    ui.stdin.write('?');
    const back = await waitForFrame(screen, (f) => f.includes('LiveAlertOne'), 5000);
    expect(back).toContain('/live');
    expect(back).not.toContain('close this help');
    ui.unmount();
  });
});
