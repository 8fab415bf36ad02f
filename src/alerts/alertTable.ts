// The `kopilot alerts` table: severity, alert, target object, age, summary — alert text escaped, cells capped.
import { formatAge as kubectlAge } from '../cluster/age.js';
import type { Alert } from './alert.js';
import { describeTarget, singleLine } from './select.js';

const SEVERITY_RANK: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3, none: 5 };

/** Most severe first, then the longest firing, then by name: the order an on-call engineer reads in. */
export function sortForOnCall(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
      a.name.localeCompare(b.name) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

function rank(severity: string): number {
  return SEVERITY_RANK[severity.toLowerCase()] ?? 4;
}

export interface TableOptions {
  now: Date;
  /** Terminal width; the summary column takes what is left. Undefined: no limit. */
  width?: number;
  /** Adds a STATE column (when silenced or inhibited alerts are shown too). */
  showState?: boolean;
}

export function formatAlertTable(alerts: readonly Alert[], options: TableOptions): string {
  const headers = [
    'FINGERPRINT',
    'SEVERITY',
    'ALERT',
    ...(options.showState ? ['STATE'] : []),
    'TARGET',
    'AGE',
    'SUMMARY',
  ];
  const rows = sortForOnCall(alerts).map((alert) => [
    alert.fingerprint.slice(0, 8),
    singleLine(alert.severity, 12),
    singleLine(alert.name === '' ? '(no alertname)' : alert.name, 48),
    ...(options.showState ? [stateOf(alert)] : []),
    singleLine(describeTarget(alert), 64),
    formatAge(Date.parse(alert.startsAt), options.now.getTime()),
    singleLine(alert.summary ?? alert.description ?? '', 200),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  if (options.width !== undefined) widths[widths.length - 1] = Math.max(10, options.width - fixed);
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const chars = [...cell];
        const fitted = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : cell;
        return i === cells.length - 1
          ? fitted
          : fitted.padEnd(width + 2 + (fitted.length - [...fitted].length));
      })
      .join('')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function stateOf(alert: Alert): string {
  if ((alert.silencedBy?.length ?? 0) > 0) return 'silenced';
  if ((alert.inhibitedBy?.length ?? 0) > 0) return 'inhibited';
  return alert.state;
}

/** `45s`, `12m`, `3h5m`, `2d4h`, like kubectl's AGE column. */
export function formatAge(since: number, now: number): string {
  return Number.isNaN(since) ? '?' : kubectlAge(now - since);
}
