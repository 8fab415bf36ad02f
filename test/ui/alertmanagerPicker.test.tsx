import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient.js';
import { liveAlertFeed } from '../../src/session/alertFeed.js';
import { TriageApp } from '../../src/ui/TriageApp.js';
import {
  alertmanagerAvailable,
  startAlertmanager,
  type RunningAlertmanager,
} from '../helpers/alertmanager.js';
import { startFlow, type FlowRig } from './flowRig.js';
import { waitForFrame } from './fixtures.js';

describe.skipIf(!alertmanagerAvailable())(
  'picking a firing alert from a real AlertManager',
  { timeout: 180_000 },
  () => {
    let am: RunningAlertmanager;
    let rig: FlowRig;

    beforeAll(async () => {
      am = await startAlertmanager();
      rig = await startFlow({ noModel: true });
    });
    afterAll(async () => {
      await rig?.close();
      await am?.stop();
    });

    it('lists the firing alerts live, filters with /, and Enter starts the triage of the chosen one', async () => {
      await am.post([
        {
          labels: {
            alertname: 'NetworkLatencyHigh',
            severity: 'critical',
            namespace: 'production',
            deployment: 'webapp',
          },
          annotations: { summary: 'p99 latency above 2s' },
        },
        {
          labels: {
            alertname: 'HighMemoryUsage',
            severity: 'warning',
            namespace: 'production',
            pod: 'webapp-123',
            container: 'webapp',
          },
          annotations: { summary: 'webapp-123 at 95% of its memory limit' },
        },
      ]);
      const client = new AlertmanagerClient({ url: am.url });
      const session = { ...rig.session, alertSource: am.url, watchAlerts: liveAlertFeed(client, 300) };
      const ui = render(<TriageApp session={session} onExit={vi.fn()} />);
      const screen = () => ui.lastFrame() ?? '';
      const list = await waitForFrame(
        screen,
        (f) => f.includes('HighMemoryUsage') && f.includes('NetworkLatencyHigh'),
        20_000,
      );
      expect(list).toContain(`Firing alerts from ${am.url}`);
      expect(list).toMatch(
        /HighMemoryUsage · production\/Pod webapp-123 · \d+s · webapp-123 at 95% of its memory limit/,
      );

      // A new alert arrives while the list is open.
      await am.post([
        {
          labels: {
            alertname: 'KubePodCrashLooping',
            severity: 'warning',
            namespace: 'production',
            pod: 'api-7',
          },
        },
      ]);
      await waitForFrame(screen, (f) => f.includes('KubePodCrashLooping'), 60_000);

      ui.stdin.write('/');
      await waitForFrame(screen, (f) => f.includes('/'));
      ui.stdin.write('memory');
      await waitForFrame(screen, (f) => f.includes('/memory') && !f.includes('NetworkLatencyHigh'));
      ui.stdin.write('\r'); // ends the filter
      await waitForFrame(screen, (f) => f.includes('↑↓ select'));
      ui.stdin.write('\r'); // picks the one alert left
      const triage = await waitForFrame(
        screen,
        (f) => f.includes('Recommendation: increase_resources'),
        30_000,
      );
      expect(triage).toContain('WARNING HighMemoryUsage · production/Pod webapp-123');
      expect(rig.sandbox.writeCount()).toBe(0);
      ui.unmount();
    });
  },
);
