// Round trips with a real AlertManager: fingerprints, filters, silences, inhibition, receivers, resolution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient.js';
import { alertFingerprint } from '../../src/alerts/fingerprint.js';
import { parseMatcher } from '../../src/alerts/matchers.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { UsageError } from '../../src/errors.js';
import {
  alertmanagerAvailable,
  startAlertmanager,
  type RunningAlertmanager,
} from '../helpers/alertmanager.js';

const design = {
  alertname: 'HighMemoryUsage',
  namespace: 'production',
  pod: 'webapp-123',
  severity: 'warning',
};

describe.skipIf(!alertmanagerAvailable())('a real AlertManager', () => {
  let am: RunningAlertmanager;
  let client: AlertmanagerClient;

  beforeAll(async () => {
    am = await startAlertmanager();
    client = new AlertmanagerClient({ url: am.url, retries: 0 });
  });
  afterAll(async () => {
    await am?.stop();
  });

  it('reports its version', async () => {
    const status = await client.status();
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.cluster).toBe('disabled');
  });

  it('gives every alert the fingerprint kopilot computes for pasted alerts', async () => {
    const labelSets: Array<Record<string, string>> = [
      design,
      {
        alertname: 'KubePodCrashLooping',
        namespace: 'shop',
        pod: 'cart-7d9f8b6c5-x2x9q',
        container: 'cart',
        severity: 'warning',
      },
      { alertname: 'Fingerprint_unicode', note: 'café 🔥 𝟘 \u202e ünïcödé', zero: '\u200b' },
      { alertname: 'Fingerprint_proto', __proto__: 'y', constructor: 'z', toString: 'w' } as Record<
        string,
        string
      >,
      { alertname: 'Fingerprint_order', b: '1', a: '2', B: '3', a_: '4', _a: '5', a1: '6' },
      { alertname: 'Fingerprint_long', value: 'x'.repeat(10_000) },
    ];
    // Object literal `__proto__:` sets the prototype; build that label as data instead.
    const proto = labelSets[3]!;
    Object.defineProperty(proto, '__proto__', { value: 'y', enumerable: true });
    await am.post(labelSets.map((labels) => ({ labels })));
    const listed = await client.listAlerts({
      filter: ['alertname=~"HighMemoryUsage|KubePodCrashLooping|Fingerprint_.*"'],
    });
    expect(listed).toHaveLength(labelSets.length);
    for (const alert of listed) {
      expect(alertFingerprint(alert.labels)).toBe(alert.fingerprint);
      const pasted = parseAlerts(JSON.stringify({ labels: alert.labels }));
      expect(pasted.ok && pasted.alerts[0]!.fingerprint).toBe(alert.fingerprint);
    }
    expect(listed.find((a) => a.name === 'Fingerprint_proto')?.labels).toHaveProperty('__proto__', 'y');
  });

  it('normalises listed alerts like pasted ones: the design alert targets Pod production/webapp-123', async () => {
    await am.post([{ labels: design, annotations: { summary: 'Memory usage above 90%' } }]);
    const [alert] = await client.listAlerts({ filter: ['alertname="HighMemoryUsage"'] });
    expect(alert).toMatchObject({
      name: 'HighMemoryUsage',
      severity: 'warning',
      state: 'firing',
      source: 'api-v2',
      target: { namespace: 'production', kind: 'Pod', name: 'webapp-123' },
      summary: 'Memory usage above 90%',
      receivers: ['on-call'],
      silencedBy: [],
      inhibitedBy: [],
    });
  });

  it('filters with amtool matchers as AlertManager does', async () => {
    await am.post([
      { labels: { alertname: 'FilterHighCpu', severity: 'critical', namespace: 'shop' } },
      { labels: { alertname: 'FilterHighDisk', severity: 'warning', namespace: 'shop' } },
      { labels: { alertname: 'FilterLowDisk', severity: 'critical', namespace: 'data' } },
    ]);
    const names = async (...filter: string[]) =>
      (await client.listAlerts({ filter: ['alertname=~"Filter.*"', ...filter] })).map((a) => a.name).sort();
    expect(await names('alertname=~"FilterHigh.*"')).toEqual(['FilterHighCpu', 'FilterHighDisk']);
    expect(await names('severity="critical"')).toEqual(['FilterHighCpu', 'FilterLowDisk']);
    expect(await names('severity="critical"', 'namespace!="data"')).toEqual(['FilterHighCpu']);
    expect(await names('alertname!~".*Disk"')).toEqual(['FilterHighCpu']);
    expect(await names('alertname=~"(?i)filterlow.*"')).toEqual(['FilterLowDisk']);
  });

  it('refuses a bad matcher before sending it, with AlertManager’s own words', async () => {
    await expect(client.listAlerts({ filter: ['severity'] })).rejects.toThrow(
      new UsageError('invalid filter: bad matcher format: severity'),
    );
    await expect(client.listAlerts({ filter: ['alertname=~"("'] })).rejects.toBeInstanceOf(UsageError);
  });

  it('accepts and refuses exactly the matchers AlertManager accepts and refuses', async () => {
    const matchers = [
      'foo=',
      'foo',
      'foo=~"(?i)high"',
      'foo=~"("',
      '1foo=bar',
      'foo="a"b"',
      'foo=bar,baz',
      '{foo="bar"}',
      'foo=~"(?=x)"',
      'foo=~"a\\1"',
      'foo=~a[',
      'foo=~"(?P<n>x)"',
      'foo=~"\\d+"',
      'foo=~"x{2,1}"',
      'foo!~"*"',
      ' foo = "bar" ',
      'foo="bar\\',
      'foo=bar"',
      'foo="bar',
      'foo=""',
      'foo="\\q"',
      'föo=bar',
      'foo=~"x**"',
      'foo=~"[[:alpha:]]"',
      'foo=~"\\p{L}"',
      'foo=~"\\p{Greek}"',
      'foo=~"x{1001}"',
      'foo=~"a{"',
      'foo=~"\\q"',
      'foo=~"(?<n>x)"',
      'foo=~"[[:foo:]]"',
      'foo=~"\\Qa.b\\E"',
      'foo=~"[z-a]"',
      'foo=~"(?x)a"',
      'a:b=c',
      'foo=~"]"',
      'foo=~"\\x{41}"',
      'foo=~"\\-"',
      'foo=~"a++"',
      'foo=~"[^]a]"',
    ];
    const disagreements: string[] = [];
    for (const matcher of matchers) {
      const response = await fetch(`${am.url}/api/v2/alerts?${new URLSearchParams({ filter: matcher })}`);
      const body = await response.text();
      const local = parseMatcher(matcher);
      if (local.ok !== (response.status === 200))
        disagreements.push(`${matcher}: AM ${response.status} ${body}`);
      // Format and quoting errors use AlertManager's exact text.
      if (!local.ok && !local.error.startsWith('error parsing regexp'))
        expect(JSON.parse(body)).toBe(local.error);
    }
    expect(disagreements).toEqual([]);
  });

  it('hides silenced alerts when asked, and shows them again once the silence expires', async () => {
    await am.post([{ labels: { alertname: 'SilenceMe', namespace: 'shop', severity: 'warning' } }]);
    const id = await client.createSilence({
      matchers: ['alertname="SilenceMe"'],
      endsAt: new Date(Date.now() + 3_600_000),
      createdBy: 'kopilot-test',
      comment: 'maintenance',
    });
    expect((await client.getSilence(id)).status.state).toBe('active');
    const [silenced] = await client.listAlerts({ filter: ['alertname="SilenceMe"'] });
    expect(silenced).toMatchObject({ state: 'suppressed', silencedBy: [id] });
    expect(await client.listAlerts({ filter: ['alertname="SilenceMe"'], silenced: false })).toEqual([]);

    await client.expireSilence(id);
    expect((await client.getSilence(id)).status.state).toBe('expired');
    const [back] = await client.listAlerts({ filter: ['alertname="SilenceMe"'], silenced: false });
    expect(back).toMatchObject({ state: 'firing', silencedBy: [] });
  });

  it('refuses a silence with a bad matcher or that ends before it starts, sending nothing', async () => {
    const before = (await client.listSilences()).length;
    await expect(
      client.createSilence({
        matchers: ['alertname'],
        endsAt: new Date(Date.now() + 60_000),
        createdBy: 't',
        comment: 'c',
      }),
    ).rejects.toThrow('invalid silence matcher: bad matcher format: alertname');
    await expect(
      client.createSilence({
        matchers: ['alertname="X"'],
        endsAt: new Date(Date.now() - 1),
        createdBy: 't',
        comment: 'c',
      }),
    ).rejects.toThrow('a silence must end after it starts');
    expect(await client.listSilences()).toHaveLength(before);
  });

  it('marks inhibited alerts and hides them when asked', async () => {
    await am.post([
      { labels: { alertname: 'KubeNodeNotReady', node: 'worker-09', severity: 'critical' } },
      {
        labels: {
          alertname: 'InhibitedPodSlow',
          node: 'worker-09',
          namespace: 'shop',
          pod: 'cart-1',
          severity: 'warning',
        },
      },
    ]);
    const [source] = await client.listAlerts({
      filter: ['alertname="KubeNodeNotReady"', 'node="worker-09"'],
    });
    const [inhibited] = await client.listAlerts({ filter: ['alertname="InhibitedPodSlow"'] });
    expect(inhibited).toMatchObject({ state: 'suppressed', inhibitedBy: [source!.fingerprint] });
    expect(await client.listAlerts({ filter: ['alertname="InhibitedPodSlow"'], inhibited: false })).toEqual(
      [],
    );
  });

  it('filters by receiver and lists alert groups', async () => {
    await am.post([
      {
        labels: { alertname: 'ReplicationLag', team: 'database', namespace: 'data', statefulset: 'postgres' },
      },
    ]);
    const database = await client.listAlerts({ receiver: 'database-team' });
    expect(database.map((a) => a.name)).toEqual(['ReplicationLag']);
    expect(database[0]).toMatchObject({
      receivers: ['database-team'],
      target: { kind: 'StatefulSet', name: 'postgres' },
    });
    const groups = await client.listAlertGroups({ filter: ['alertname="ReplicationLag"'] });
    expect(groups).toEqual([
      expect.objectContaining({ receiver: 'database-team', labels: { alertname: 'ReplicationLag' } }),
    ]);
    expect(groups[0]!.alerts.map((a) => a.name)).toEqual(['ReplicationLag']);
  });

  it('drops an alert re-posted with an endsAt in the past (resolved)', async () => {
    const labels = { alertname: 'ResolveMe', namespace: 'shop' };
    await am.post([{ labels }]);
    expect(await client.listAlerts({ filter: ['alertname="ResolveMe"'] })).toHaveLength(1);
    await am.post([{ labels, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    expect(await client.listAlerts({ filter: ['alertname="ResolveMe"'] })).toEqual([]);
  });

  it('says clearly when the URL is not AlertManager’s API', async () => {
    const wrong = new AlertmanagerClient({ url: `${am.url}/not-here`, retries: 0 });
    await expect(wrong.listAlerts()).rejects.toThrow(
      `AlertManager at ${am.url}/not-here refused GET /not-here/api/v2/alerts: 404 Not Found`,
    );
  });
});
