// Turns each alert format into the one normalised Alert: fingerprint, name, severity, state, times, target.
import type { Alert } from './alert.js';
import { alertFingerprint } from './fingerprint.js';
import {
  GO_ZERO_TIME,
  type AlertGroup,
  type GettableAlert,
  type PostableAlert,
  type PrometheusAlertsResponse,
  type WebhookPayload,
} from './formats.js';
import { alertTarget } from './target.js';
import { redactKeyedValue, redactText } from '../cluster/redact.js';

interface AlertFields {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  fingerprint?: string;
  state: Alert['state'];
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  source: Alert['source'];
  now: Date;
}

/** Label or annotation values as every sink may show them: a secret an alert carries reaches none of them. */
function redactedValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, redactKeyedValue(key, value)]),
  );
}

function toAlert(fields: AlertFields): Alert {
  // Copies into plain objects: parsed JSON objects have no prototype, and callers may spread them.
  const labels = redactedValues(fields.labels);
  const annotations = redactedValues(fields.annotations ?? {});
  const alert: Alert = {
    // The fingerprint is AlertManager's, of the labels as sent.
    fingerprint: fields.fingerprint ?? alertFingerprint({ ...fields.labels }),
    name: labels.alertname ?? '',
    severity: labels.severity || 'none',
    state: fields.state,
    startsAt: fields.startsAt ?? fields.now.toISOString(),
    labels,
    annotations,
    target: alertTarget(labels),
    source: fields.source,
  };
  const endsAt = fields.endsAt === GO_ZERO_TIME ? undefined : fields.endsAt;
  if (endsAt !== undefined) alert.endsAt = endsAt;
  const summary = annotations.summary;
  const description = annotations.description ?? annotations.message;
  const runbookUrl = annotations.runbook_url ?? annotations.runbook;
  if (summary !== undefined) alert.summary = summary;
  if (description !== undefined) alert.description = description;
  if (runbookUrl !== undefined) alert.runbookUrl = runbookUrl;
  if (fields.generatorURL) alert.generatorUrl = redactText(fields.generatorURL);
  return alert;
}

export function fromWebhook(payload: WebhookPayload, now: Date): Alert[] {
  return payload.alerts.map((a) => toAlert({ ...a, state: a.status, source: 'webhook', now }));
}

export function fromGettable(alert: GettableAlert, now: Date): Alert {
  const normalised = toAlert({
    ...alert,
    state: alert.status.state === 'suppressed' ? 'suppressed' : 'firing',
    source: 'api-v2',
    now,
  });
  if (alert.updatedAt) normalised.updatedAt = alert.updatedAt;
  normalised.receivers = (alert.receivers ?? []).map((r) => r.name);
  normalised.silencedBy = [...(alert.status.silencedBy ?? [])];
  normalised.inhibitedBy = [...(alert.status.inhibitedBy ?? [])];
  return normalised;
}

/** Alert groups repeat an alert once per receiver: each alert appears once, with all its receivers. */
export function fromAlertGroups(groups: AlertGroup[], now: Date): Alert[] {
  const byFingerprint = new Map<string, Alert>();
  for (const group of groups) {
    for (const gettable of group.alerts) {
      const seen = byFingerprint.get(gettable.fingerprint);
      if (seen) {
        const receivers = new Set([...(seen.receivers ?? []), group.receiver.name]);
        seen.receivers = [...receivers];
      } else {
        const alert = fromGettable(gettable, now);
        if (!alert.receivers?.length) alert.receivers = [group.receiver.name];
        byFingerprint.set(gettable.fingerprint, alert);
      }
    }
  }
  return [...byFingerprint.values()];
}

/** A posted alert is resolved once its endsAt has passed, as AlertManager treats it. */
export function fromPostable(alert: PostableAlert, now: Date): Alert {
  const bare = alert.startsAt === undefined && alert.endsAt === undefined && alert.generatorURL === undefined;
  const ended = alert.endsAt !== undefined && Date.parse(alert.endsAt) <= now.getTime();
  return toAlert({ ...alert, state: ended ? 'resolved' : 'firing', source: bare ? 'bare' : 'postable', now });
}

export function fromPrometheus(response: PrometheusAlertsResponse, now: Date): Alert[] {
  return response.data.alerts.map((a) =>
    toAlert({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.activeAt,
      state: a.state === 'inactive' ? 'resolved' : a.state,
      source: 'prometheus',
      now,
    }),
  );
}
