// The live alert stream against a real AlertManager: alerts arrive, change and leave, by fingerprint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient.js';
import { staticAlertSource, type AlertSource } from '../../src/alerts/alertSource.js';
import { watchAlerts, type AlertStreamEvent } from '../../src/alerts/alertStream.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import {
  alertmanagerAvailable,
  startAlertmanager,
  type RunningAlertmanager,
} from '../helpers/alertmanager.js';

type Change = Exclude<AlertStreamEvent, { type: 'snapshot' }>;

/** Reads the stream in the background; `next(predicate)` waits for the first matching change. */
function follow(source: AlertSource, intervalMs: number) {
  const controller = new AbortController();
  const changes: Change[] = [];
  const snapshots: Alert[][] = [];
  let wake: (() => void) | undefined;
  const done = (async () => {
    for await (const event of watchAlerts(source, { intervalMs, signal: controller.signal })) {
      if (event.type === 'snapshot') snapshots.push(event.alerts);
      else changes.push(event);
      wake?.();
    }
  })();
  return {
    changes,
    snapshots,
    async next(predicate: (change: Change) => boolean, timeoutMs = 10_000): Promise<Change> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = changes.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching change; got ${JSON.stringify(changes.map((c) => c.type))}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
    },
    async stop(): Promise<void> {
      controller.abort();
      await done;
    },
  };
}

describe.skipIf(!alertmanagerAvailable())('the alert stream on a real AlertManager', () => {
  let am: RunningAlertmanager;
  let client: AlertmanagerClient;

  beforeAll(async () => {
    am = await startAlertmanager();
    client = new AlertmanagerClient({ url: am.url });
  });
  afterAll(async () => {
    await am?.stop();
  });

  it('reports added, updated (silenced) and resolved by fingerprint, then stops on abort', async () => {
    const labels = {
      alertname: 'HighMemoryUsage',
      namespace: 'production',
      pod: 'webapp-123',
      severity: 'warning',
    };
    const stream = follow(client, 100);
    try {
      await am.post([{ labels, annotations: { summary: 'Memory usage above 90%' } }]);
      const added = await stream.next((c) => c.type === 'added');
      expect(added.type === 'added' && added.alert).toMatchObject({
        name: 'HighMemoryUsage',
        target: { kind: 'Pod', name: 'webapp-123' },
      });
      const fingerprint = added.type === 'added' ? added.alert.fingerprint : '';

      // A re-send only refreshes AlertManager's timestamps: no event.
      await am.post([{ labels, annotations: { summary: 'Memory usage above 90%' } }]);
      const silence = await client.createSilence({
        matchers: ['pod="webapp-123"'],
        endsAt: new Date(Date.now() + 600_000),
        createdBy: 'test',
        comment: 'silence while checking',
      });
      const updated = await stream.next((c) => c.type === 'updated');
      expect(updated.type === 'updated' && [updated.previous.state, updated.alert.state]).toEqual([
        'firing',
        'suppressed',
      ]);
      expect(updated.type === 'updated' && updated.alert.silencedBy).toEqual([silence]);

      await am.post([{ labels, endsAt: new Date(Date.now() - 1000).toISOString() }]);
      const resolved = await stream.next((c) => c.type === 'resolved');
      expect(resolved.type === 'resolved' && [resolved.alert.fingerprint, resolved.alert.state]).toEqual([
        fingerprint,
        'resolved',
      ]);
      expect(stream.changes.map((c) => c.type)).toEqual(['added', 'updated', 'resolved']);
      await expect.poll(() => stream.snapshots.at(-1)).toEqual([]);
    } finally {
      await stream.stop();
    }
  });

  it('reports a failing poll as an error event and keeps going', async () => {
    let calls = 0;
    const [alert] = (parseAlerts('{"labels":{"alertname":"Flaky"}}') as { ok: true; alerts: Alert[] }).alerts;
    const flaky: AlertSource = {
      listAlerts: () => {
        calls++;
        return calls === 2
          ? Promise.reject(new Error('AlertManager at x is unreachable'))
          : Promise.resolve([alert!]);
      },
    };
    const stream = follow(flaky, 20);
    try {
      await stream.next((c) => c.type === 'error');
      await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThan(3);
      // The error neither resolved nor re-added the alert.
      expect(stream.changes.map((c) => c.type)).toEqual(['added', 'error']);
    } finally {
      await stream.stop();
    }
  });
});

describe('a static alert source', () => {
  it('lists its alerts as copies, so callers cannot change them', async () => {
    const parsed = parseAlerts('[{"labels":{"alertname":"A"}},{"labels":{"alertname":"B"}}]');
    if (!parsed.ok) throw new Error(parsed.error);
    const source = staticAlertSource(parsed.alerts);
    const first = await source.listAlerts();
    first[0]!.labels.alertname = 'changed';
    expect((await source.listAlerts()).map((a) => a.name)).toEqual(['A', 'B']);
    expect((await source.listAlerts())[0]!.labels.alertname).toBe('A');
  });
});
