// The CLI edge of alert intake: pasted text (and an optional choice) to exactly one Alert, or a UsageError.
import { UsageError } from '../errors.js';
import type { Alert } from './alert.js';
import { parseAlerts, type ParseAlertsOptions } from './parse.js';
import { selectAlert } from './select.js';

export interface ReadAlertOptions extends ParseAlertsOptions {
  /** 1-based number or fingerprint prefix, when the input holds several alerts. */
  choice?: string | number;
}

/**
 * For commands such as `kopilot triage --alert-file`: bad input, no alerts or an ambiguous choice become
 * one UsageError line (exit 2) before anything runs. A resolved alert is returned, still marked resolved.
 */
export function readOneAlert(input: string | Uint8Array, options: ReadAlertOptions = {}): Alert {
  const parsed = parseAlerts(input, options);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const chosen = selectAlert(parsed.alerts, options.choice);
  if (!chosen.ok) throw new UsageError(options.source ? `${options.source}: ${chosen.error}` : chosen.error);
  return chosen.alert;
}
