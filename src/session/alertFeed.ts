// The live alert list a session offers (src/session): AlertManager polled through the alert stream, as snapshots.
import { watchAlerts } from '../alerts/alertStream.js';
import type { AlertSource } from '../alerts/alertSource.js';
import type { AlertFeed } from './session.js';

export function liveAlertFeed(source: AlertSource, intervalMs: number) {
  return (onChange: (feed: AlertFeed) => void): (() => void) => {
    const abort = new AbortController();
    let alerts: AlertFeed['alerts'] = [];
    void (async () => {
      for await (const event of watchAlerts(source, { intervalMs, signal: abort.signal })) {
        if (abort.signal.aborted) return;
        if (event.type === 'snapshot') {
          alerts = event.alerts.filter((alert) => alert.state !== 'resolved');
          onChange({ alerts, loading: false });
        } else if (event.type === 'error') {
          onChange({ alerts, loading: false, error: `AlertManager: ${event.message}` });
        }
      }
    })();
    return () => abort.abort();
  };
}
