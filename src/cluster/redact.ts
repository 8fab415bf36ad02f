// The one choke point for secrets: every string and object that leaves kopilot (tool results, the model's prompt,
// reports, the audit log, diagnostics bundles) passes through one of these entry points.
export { REDACTED, redactText } from './redactText.js';
export { isSensitiveKey, normaliseKey } from './redactKeys.js';
export { redactKeyedValue, redactObject } from './redactObject.js';
export { LogRedactor, redactLines, redactLog } from './redactLog.js';
import { redactObject } from './redactObject.js';

/** The same as redactObject: a deep copy of any JSON value with every credential replaced. */
export function redactDeep<T>(value: T): T {
  return redactObject(value);
}
