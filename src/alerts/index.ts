// The alert intake's public surface: parse pasted alerts, pick one, talk to AlertManager, follow it live.
export { alertSchema, alertTargetSchema, TARGET_KINDS, type Alert, type AlertTarget } from './alert.js';
export {
  parseAlerts,
  type AlertParseResult,
  type AlertParseErrorKind,
  type ParseAlertsOptions,
} from './parse.js';
export {
  selectAlert,
  listAlerts,
  describeAlertBriefly,
  describeTarget,
  singleLine,
  type AlertChoice,
} from './select.js';
export { alertAsUntrustedData, UNTRUSTED_ALERT_OPEN, UNTRUSTED_ALERT_CLOSE } from './untrusted.js';
export { alertFingerprint } from './fingerprint.js';
export { alertTarget } from './target.js';
export { parseMatcher, parseMatchers, matchesLabels, type Matcher } from './matchers.js';
export {
  AlertmanagerClient,
  type AlertQuery,
  type Silence,
  type SilenceRequest,
} from './alertmanagerClient.js';
export type { ConnectionOptions } from './http.js';
export { staticAlertSource, type AlertSource } from './alertSource.js';
export { watchAlerts, DEFAULT_POLL_INTERVAL_MS, type AlertStreamEvent } from './alertStream.js';
export { MAX_ALERT_INPUT_BYTES } from './jsonText.js';
