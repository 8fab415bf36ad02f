// Where alerts come from, for anything that only needs the current list (the MCP list_related_alerts tool).
import type { Alert } from './alert.js';

/** Implemented by AlertmanagerClient (live) and by staticAlertSource (a pasted file, a scenario). */
export interface AlertSource {
  listAlerts(): Promise<Alert[]>;
}

/** A fixed list of alerts, e.g. the ones a user pasted or a scenario ships. */
export function staticAlertSource(alerts: readonly Alert[]): AlertSource {
  const copy = alerts.map((alert) => structuredClone(alert));
  return {
    listAlerts: () => Promise.resolve(copy.map((alert) => structuredClone(alert))),
  };
}
