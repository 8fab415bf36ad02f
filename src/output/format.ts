// Small formatting helpers shared by the TUI, the plain-text output and the Markdown report.
import { formatAge as kubectlAge } from '../cluster/age.js';
import type { Alert } from '../alerts/alert.js';
import type { RecommendationTarget } from '../proposal/recommendation.js';
import { safeForTerminal } from '../terminal.js';

/** 850 → "850ms", 1234 → "1.2s", 75_000 → "1m15s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** Age of something that started at an ISO time, as kubectl prints it: "45s", "12m", "4h32m", "3d2h". */
export function formatAge(startsAt: string, now: number = Date.now()): string {
  const started = Date.parse(startsAt);
  return Number.isNaN(started) ? '?' : kubectlAge(now - started);
}

/** "production/Pod webapp-123", "Node worker-02", or the namespace alone. */
export function formatAlertTarget(alert: Alert): string {
  const { namespace, kind, name } = alert.target;
  const object = kind && name ? `${kind} ${name}` : (name ?? '');
  if (namespace && object) return `${namespace}/${object}`;
  return object || namespace || '(no object named)';
}

/** What follows severity and name in the alert header: " (resolved) · production/Pod webapp-123 · 4h ago". */
export function alertHeadlineDetail(alert: Alert, now?: number): string {
  const state = alert.state === 'firing' ? '' : ` (${alert.state})`;
  return `${state} · ${formatAlertTarget(alert)} · ${formatAge(alert.startsAt, now)} ago`;
}

/** One row of an alert list after its severity: "HighMemoryUsage · production/Pod webapp-123 · 4h · summary". */
export function alertListLine(alert: Alert, now?: number): string {
  const summary = alert.summary ? ` · ${alert.summary}` : '';
  return `${alert.name} · ${formatAlertTarget(alert)} · ${formatAge(alert.startsAt, now)}${summary}`;
}

/** An alert's link (runbook, source) when it is a plain http(s) URL an engineer may open; otherwise undefined. */
export function openableUrl(text: string | undefined): string | undefined {
  if (!text || /[\s<>"`]/.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? text : undefined;
  } catch {
    return undefined;
  }
}

export function formatTarget(target: RecommendationTarget): string {
  return target.namespace
    ? `${target.kind} ${target.namespace}/${target.name}`
    : `${target.kind} ${target.name}`;
}

/** A compact one-line rendering of parameter values: `container=app memoryLimit=12Gi`. */
export function formatParameters(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  return `${(count / 1000).toFixed(1)}k`;
}

/** Cuts a line to a width with an ellipsis, so narrow terminals never wrap a row; escapes what a terminal acts on. */
export function truncate(text: string, width: number): string {
  const oneLine = safeForTerminal(text.replace(/\s+/g, ' '));
  if (width <= 1) return oneLine.slice(0, Math.max(0, width));
  return oneLine.length > width ? `${oneLine.slice(0, width - 1)}…` : oneLine;
}
