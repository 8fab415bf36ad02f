// Small real alerts for agent tests, in the normalised shape every part of kopilot uses.
import type { Alert } from '../../src/alerts/alert.js';

export function alertOf(name: string, target: Alert['target'], extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'f1',
    name,
    severity: 'warning',
    state: 'firing',
    startsAt: '2026-11-24T01:00:00Z',
    labels: { alertname: name, ...(target.namespace ? { namespace: target.namespace } : {}) },
    annotations: {},
    target,
    source: 'api-v2',
    ...extra,
  };
}
