// Alert JSON in every format an on-call engineer pastes: detection, normalisation, choice and limits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../src/alerts/alert.js';
import { MAX_ALERT_INPUT_BYTES } from '../../src/alerts/jsonText.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { selectAlert } from '../../src/alerts/select.js';

const now = new Date('2024-05-01T11:00:00Z');
const designLabels = {
  alertname: 'HighMemoryUsage',
  namespace: 'production',
  pod: 'webapp-123',
  severity: 'warning',
};
const designAnnotations = {
  summary: 'Memory usage above 90%',
  description: 'Pod webapp-123 uses 7.6Gi of its 8Gi memory limit',
  runbook_url: 'https://runbooks.example/high-memory',
};

function parseOk(input: unknown) {
  const result = parseAlerts(typeof input === 'string' ? input : JSON.stringify(input), { now });
  if (!result.ok) throw new Error(result.error);
  for (const alert of result.alerts) alertSchema.parse(alert);
  return result.alerts;
}

describe('the design alert', () => {
  it('HighMemoryUsage on webapp-123 in production normalises to Pod production/webapp-123, warning', () => {
    const [alert] = parseOk({ labels: designLabels, annotations: designAnnotations });
    expect(alert).toMatchObject({
      name: 'HighMemoryUsage',
      severity: 'warning',
      state: 'firing',
      target: { namespace: 'production', kind: 'Pod', name: 'webapp-123' },
      summary: 'Memory usage above 90%',
      description: 'Pod webapp-123 uses 7.6Gi of its 8Gi memory limit',
      runbookUrl: 'https://runbooks.example/high-memory',
      source: 'bare',
    });
  });

  it('gets the same fingerprint whatever format it arrives in', () => {
    const webhook = parseOk({
      version: '4',
      status: 'firing',
      receiver: 'kopilot',
      alerts: [
        {
          status: 'firing',
          labels: designLabels,
          annotations: designAnnotations,
          startsAt: '2024-05-01T10:00:00Z',
        },
      ],
    });
    const bare = parseOk({ labels: designLabels });
    const postable = parseOk([
      { labels: designLabels, startsAt: '2024-05-01T10:00:00Z', generatorURL: 'http://p' },
    ]);
    const prometheus = parseOk({
      status: 'success',
      data: {
        alerts: [
          {
            labels: designLabels,
            annotations: {},
            state: 'firing',
            activeAt: '2024-05-01T10:00:00.123456789Z',
            value: '9.5e-01',
          },
        ],
      },
    });
    const fingerprints = [webhook, bare, postable, prometheus].map((alerts) => alerts[0]!.fingerprint);
    expect(new Set(fingerprints).size).toBe(1);
    expect([webhook, bare, postable, prometheus].map((a) => a[0]!.source)).toEqual([
      'webhook',
      'bare',
      'postable',
      'prometheus',
    ]);
  });
});

describe('format detection', () => {
  const gettable = {
    labels: designLabels,
    annotations: designAnnotations,
    startsAt: '2024-05-01T10:00:00.000Z',
    endsAt: '2024-05-01T11:05:00.000Z',
    updatedAt: '2024-05-01T11:00:00.000Z',
    fingerprint: '0123456789abcdef',
    receivers: [{ name: 'on-call' }],
    status: { state: 'suppressed', silencedBy: ['silence-1'], inhibitedBy: [] },
    generatorURL: 'http://prometheus/graph',
  };

  it('reads API v2 GettableAlerts (amtool -o json), keeping AlertManager’s fingerprint and silences', () => {
    const alerts = parseOk([
      gettable,
      { ...gettable, fingerprint: 'fedcba9876543210', status: { state: 'active' } },
    ]);
    expect(alerts.map((a) => [a.fingerprint, a.state, a.source])).toEqual([
      ['0123456789abcdef', 'suppressed', 'api-v2'],
      ['fedcba9876543210', 'firing', 'api-v2'],
    ]);
    expect(alerts[0]).toMatchObject({
      silencedBy: ['silence-1'],
      receivers: ['on-call'],
      generatorUrl: 'http://prometheus/graph',
    });
  });

  it('reads a single GettableAlert and API v2 alert groups, each alert once', () => {
    expect(parseOk(gettable)).toHaveLength(1);
    const groups = [
      { labels: { alertname: 'HighMemoryUsage' }, receiver: { name: 'on-call' }, alerts: [gettable] },
      { labels: {}, receiver: { name: 'slack' }, alerts: [{ ...gettable, receivers: [] }] },
    ];
    const alerts = parseOk(groups);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.receivers).toEqual(['on-call', 'slack']);
  });

  it('marks Prometheus pending and inactive alerts as pending and resolved', () => {
    const alerts = parseOk({
      status: 'success',
      data: {
        alerts: [
          { labels: { alertname: 'A' }, annotations: {}, state: 'pending' },
          { labels: { alertname: 'B' }, annotations: {}, state: 'inactive' },
        ],
      },
    });
    expect(alerts.map((a) => a.state)).toEqual(['pending', 'resolved']);
  });

  it('keeps resolved webhook alerts, marked resolved, beside firing ones', () => {
    const alerts = parseOk({
      status: 'resolved',
      alerts: [
        {
          status: 'resolved',
          labels: designLabels,
          startsAt: '2024-05-01T10:00:00Z',
          endsAt: '2024-05-01T10:30:00Z',
        },
        {
          status: 'firing',
          labels: { alertname: 'NetworkLatencyHigh' },
          startsAt: '2024-05-01T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
        },
      ],
    });
    expect(alerts.map((a) => [a.name, a.state, a.endsAt])).toEqual([
      ['HighMemoryUsage', 'resolved', '2024-05-01T10:30:00Z'],
      ['NetworkLatencyHigh', 'firing', undefined],
    ]);
  });

  it('treats a posted alert whose endsAt has passed as resolved, as AlertManager does', () => {
    const [ended] = parseOk({ labels: designLabels, endsAt: '2024-05-01T10:59:59Z' });
    const [open] = parseOk({ labels: designLabels, endsAt: '2024-05-01T11:00:01Z' });
    expect([ended!.state, open!.state]).toEqual(['resolved', 'firing']);
  });

  it('falls back to the older mixin’s `message` annotation and reports a missing alertname and severity', () => {
    const [alert] = parseOk({ labels: { pod: 'p' }, annotations: { message: 'old style' } });
    expect(alert).toMatchObject({ name: '', severity: 'none', description: 'old style' });
  });
});

describe('limits and errors', () => {
  it('refuses input over 1 MiB before parsing it', () => {
    const big = JSON.stringify({ labels: { alertname: 'A', blob: 'x'.repeat(MAX_ALERT_INPUT_BYTES) } });
    expect(parseAlerts(big)).toEqual({
      ok: false,
      kind: 'too-large',
      error: `alert input is ${Buffer.byteLength(big)} bytes, over the 1 MiB limit (1048576 bytes)`,
    });
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    const prefix = '{"labels":{"alertname":"A","blob":"';
    const suffix = '"}}';
    const room = MAX_ALERT_INPUT_BYTES - prefix.length - suffix.length;
    const fits = prefix + 'é'.repeat(Math.floor(room / 2)) + suffix;
    expect(Buffer.byteLength(fits)).toBe(MAX_ALERT_INPUT_BYTES);
    expect(parseAlerts(fits).ok).toBe(true);
    expect(parseAlerts(`${fits} `)).toMatchObject({ ok: false, kind: 'too-large' });
    const over = prefix + 'é'.repeat(Math.floor(room / 2) + 1) + suffix;
    expect(parseAlerts(over)).toMatchObject({ ok: false, kind: 'too-large' });
  });

  it('accepts a label of almost 1 MiB and keeps it whole', () => {
    const huge = 'v'.repeat(1_000_000);
    const [alert] = parseOk({ labels: { alertname: 'A', huge } });
    expect(alert!.labels.huge).toHaveLength(1_000_000);
  });

  it('refuses nesting deeper than 64 levels with its position, without a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseAlerts(deep)).toEqual({
      ok: false,
      kind: 'invalid-json',
      error: 'invalid JSON at line 1, column 65: nested deeper than 64 levels',
    });
    const deepInAnnotation = `{"labels":{"alertname":"A"},"annotations":{"x":${'{"y":'.repeat(70)}1${'}'.repeat(70)}}}`;
    expect(parseAlerts(deepInAnnotation)).toMatchObject({ ok: false, kind: 'invalid-json' });
  });

  it('reads 5000 alerts in one webhook payload', () => {
    const alerts = Array.from({ length: 5000 }, (_, i) => ({
      status: 'firing',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: `cart-${i}` },
      startsAt: '2024-05-01T10:00:00Z',
    }));
    const parsed = parseOk({ alerts });
    expect(parsed).toHaveLength(5000);
    expect(new Set(parsed.map((a) => a.fingerprint)).size).toBe(5000);
  });

  it('prefixes every error with where the input came from', () => {
    expect(parseAlerts('{', { source: 'alert.json' })).toEqual({
      ok: false,
      kind: 'invalid-json',
      error:
        'alert.json: invalid JSON at line 1, column 2: unexpected end of input, expected a property name',
    });
  });
});

describe('choosing one alert', () => {
  const alerts = parseOk(
    readFileSync(new URL('../fixtures/alerts/kube-prometheus/amtool-query.json', import.meta.url), 'utf8'),
  );

  it('needs a choice when there are several, and lists them on one line', () => {
    const choice = selectAlert(alerts);
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.error).toMatch(
      /^the input holds 13 alerts; choose one by number or fingerprint: 1\) [0-9a-f]{16} KubePodCrashLooping warning firing Pod shop\/cart-7d9f8b6c5-x2x9q; 2\) /,
    );
    expect(choice.error).toContain('… and 3 more');
    expect(choice.error).not.toContain('\n');
  });

  it('takes a 1-based number or a fingerprint prefix', () => {
    expect(selectAlert(alerts, 2)).toMatchObject({
      ok: true,
      alert: { name: 'KubeDeploymentReplicasMismatch' },
    });
    const fingerprint = alerts[4]!.fingerprint;
    expect(selectAlert(alerts, fingerprint.slice(0, 6))).toMatchObject({ ok: true, alert: { fingerprint } });
    expect(selectAlert(alerts, fingerprint.toUpperCase())).toMatchObject({
      ok: true,
      alert: { fingerprint },
    });
  });

  it('says so when nothing or several match', () => {
    expect(selectAlert(alerts, 'zz')).toEqual({
      ok: false,
      error: 'no alert "zz": choose a number from 1 to 13 or a fingerprint (hex)',
    });
    const first = selectAlert(alerts, '');
    expect(first.ok).toBe(false);
    const missing = alerts.every((a) => !a.fingerprint.startsWith('ffffffff'));
    if (missing) expect(selectAlert(alerts, 'ffffffff')).toMatchObject({ ok: false });
  });

  it('takes the single alert without a choice, even a resolved one, which stays marked', () => {
    const [resolved] = parseOk({ alerts: [{ status: 'resolved', labels: designLabels }] });
    expect(selectAlert([resolved!])).toMatchObject({ ok: true, alert: { state: 'resolved' } });
  });
});

describe('reading one alert at the CLI edge', () => {
  it('turns every problem into one UsageError line, prefixed with the source', async () => {
    const { readOneAlert } = await import('../../src/alerts/intake.js');
    const { UsageError } = await import('../../src/errors.js');
    expect(() => readOneAlert('', { source: 'stdin' })).toThrow(
      new UsageError('stdin: no alert given: the input is empty'),
    );
    const two = '[{"labels":{"alertname":"A"}},{"labels":{"alertname":"B"}}]';
    expect(() => readOneAlert(two, { source: 'alerts.json' })).toThrow(
      /^alerts\.json: the input holds 2 alerts; choose one by number or fingerprint: 1\) [0-9a-f]{16} A none firing -; 2\) [0-9a-f]{16} B none firing -$/,
    );
    expect(readOneAlert(two, { choice: 2 }).name).toBe('B');
    expect(readOneAlert(JSON.stringify({ labels: designLabels })).target).toEqual({
      namespace: 'production',
      kind: 'Pod',
      name: 'webapp-123',
    });
  });
});
