// Alerts as AlertManager serves them (API v2 list) or posts them (webhook v4), with kube-prometheus labels.
import { fnv32a } from '../build/ids.js';
import { rfc3339 } from '../build/time.js';

export interface AlertInput {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** How long it has been firing, in ms. */
  firingFor: number;
  expr: string;
}

const ALERTMANAGER = 'http://alertmanager-main.monitoring.svc:9093';
const PROMETHEUS = 'http://prometheus-k8s.monitoring.svc:9090';

/** AlertManager's fingerprint is a 64-bit FNV over sorted labels; two 32-bit halves suffice here. */
export function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u00ff${labels[k]}\u00ff`)
    .join('');
  return `${fnv32a(text).toString(16).padStart(8, '0')}${fnv32a(`#${text}`).toString(16).padStart(8, '0')}`;
}

function generatorUrl(expr: string): string {
  return `${PROMETHEUS}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
}

/** `GET /api/v2/alerts` output for these alerts. */
export function apiV2Alerts(nowMs: number, alerts: AlertInput[]): unknown[] {
  return alerts.map((a) => {
    const labels: Record<string, string> = { prometheus: 'monitoring/k8s', ...a.labels };
    return {
      annotations: a.annotations,
      endsAt: rfc3339(nowMs + 4 * 60_000),
      fingerprint: fingerprint(labels),
      receivers: [{ name: labels.severity === 'critical' ? 'pagerduty' : 'slack-oncall' }],
      startsAt: rfc3339(nowMs - a.firingFor),
      status: { inhibitedBy: [], mutedBy: [], silencedBy: [], state: 'active' },
      updatedAt: rfc3339(nowMs - 30_000),
      generatorURL: generatorUrl(a.expr),
      labels,
    };
  });
}

/** The webhook payload AlertManager posts to a receiver for one alert group. */
export function webhookPayload(nowMs: number, receiver: string, alerts: AlertInput[]): unknown {
  const withLabels = alerts.map((a) => ({
    ...a,
    labels: { prometheus: 'monitoring/k8s', ...a.labels } as Record<string, string>,
  }));
  const common = (pick: (a: AlertInput) => Record<string, string>) => {
    const first = pick(withLabels[0] as AlertInput);
    return Object.fromEntries(
      Object.entries(first).filter(([k, v]) => withLabels.every((a) => pick(a)[k] === v)),
    );
  };
  const alertname = withLabels[0]?.labels.alertname ?? '';
  return {
    receiver,
    status: 'firing',
    alerts: withLabels.map((a) => ({
      status: 'firing',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: rfc3339(nowMs - a.firingFor),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: generatorUrl(a.expr),
      fingerprint: fingerprint(a.labels),
    })),
    groupLabels: { alertname },
    commonLabels: common((a) => a.labels),
    commonAnnotations: common((a) => a.annotations),
    externalURL: ALERTMANAGER,
    version: '4',
    groupKey: `{}/{severity=~"warning|critical"}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
  };
}
