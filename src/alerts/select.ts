// Picks the one alert to triage when the input holds several: by 1-based index or fingerprint prefix.
import { safeForTerminal } from '../terminal.js';
import type { Alert } from './alert.js';

export type AlertChoice = { ok: true; alert: Alert } | { ok: false; error: string };

const LISTED = 10;

/**
 * Without a choice, a single alert is the one; several need a choice, and the error lists them.
 * A choice of digits no greater than the count is an index (1 = first); anything else a fingerprint prefix.
 */
export function selectAlert(alerts: readonly Alert[], choice?: string | number): AlertChoice {
  if (alerts.length === 0) return { ok: false, error: 'no alerts to choose from' };
  if (choice === undefined || choice === '') {
    if (alerts.length === 1) return { ok: true, alert: alerts[0] as Alert };
    return {
      ok: false,
      error: `the input holds ${alerts.length} alerts; choose one by number or fingerprint: ${listAlerts(alerts)}`,
    };
  }
  const text = String(choice).trim().toLowerCase();
  if (/^\d+$/.test(text)) {
    const index = Number(text);
    if (index >= 1 && index <= alerts.length) return { ok: true, alert: alerts[index - 1] as Alert };
  }
  if (!/^[0-9a-f]+$/.test(text)) {
    return {
      ok: false,
      error: `no alert ${JSON.stringify(String(choice))}: choose a number from 1 to ${alerts.length} or a fingerprint (hex)`,
    };
  }
  const matches = alerts.filter((a) => a.fingerprint.startsWith(text));
  if (matches.length === 1) return { ok: true, alert: matches[0] as Alert };
  if (matches.length === 0) {
    return { ok: false, error: `no alert has a fingerprint starting with ${text}: ${listAlerts(alerts)}` };
  }
  return {
    ok: false,
    error: `${matches.length} alerts have a fingerprint starting with ${text}; give more digits: ${listAlerts(matches)}`,
  };
}

/** `1) c0facdfedb91788e HighMemoryUsage warning firing Pod production/webapp-123; 2) …` on one line. */
export function listAlerts(alerts: readonly Alert[]): string {
  const shown = alerts.slice(0, LISTED).map((alert, i) => `${i + 1}) ${describeAlertBriefly(alert)}`);
  if (alerts.length > LISTED) shown.push(`… and ${alerts.length - LISTED} more`);
  return shown.join('; ');
}

export function describeAlertBriefly(alert: Alert): string {
  const name = alert.name === '' ? '(no alertname)' : alert.name;
  return `${alert.fingerprint} ${singleLine(name)} ${singleLine(alert.severity)} ${alert.state} ${describeTarget(alert)}`;
}

export function describeTarget(alert: Pick<Alert, 'target'>): string {
  const { namespace, kind, name } = alert.target;
  if (kind === undefined || name === undefined) return namespace ? `namespace ${singleLine(namespace)}` : '-';
  if (kind === 'Namespace' || kind === 'Node') return `${kind} ${singleLine(name)}`;
  return `${kind} ${namespace ? `${singleLine(namespace)}/` : ''}${singleLine(name)}`;
}

/** Alert text in a one-line message or a table cell: control, bidi and invisible characters escaped, capped. */
export function singleLine(text: string, max = 80): string {
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
  return safeForTerminal(cut, { tabs: false });
}
