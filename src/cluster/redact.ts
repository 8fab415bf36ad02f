// The one choke point for secrets: every string and object that leaves kopilot (tool results, the model's prompt,
// reports, the audit log, diagnostics bundles) passes through one of these entry points.
import { LogRedactor as LineByLine, redactLines as redactLinesWith } from './redactLog.js';
import { redactObject, redactText } from './redactObject.js';

export { REDACTED } from './redactText.js';
export { isSensitiveKey, normaliseKey } from './redactKeys.js';
export { redactKeyedValue, redactObject, redactText } from './redactObject.js';

/** The same as redactObject: a deep copy of any JSON value with every credential replaced. */
export function redactDeep<T>(value: T): T {
  return redactObject(value);
}

/** Log lines as they may be shown: each line redacted, and every line of a multi-line PEM key hidden. */
export function redactLines(lines: readonly string[]): string[] {
  return redactLinesWith(lines, redactText);
}

/** A whole log text (many lines) as it may be shown or written to disk. */
export function redactLog(text: string): string {
  return redactLines(text.split('\n')).join('\n');
}

/** A log stream redacted as it arrives: write(chunk) gives back the completed lines, end() the rest. */
export class LogRedactor extends LineByLine {
  constructor() {
    super(redactText);
  }
}
