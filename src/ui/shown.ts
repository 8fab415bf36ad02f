// What a screen shows of untrusted data (alerts, events, logs, model text, API-server messages): every string
// through the terminal choke point. Components apply it to the props they render, never to what they act on.
import { safeForTerminal } from '../terminal.js';

/** A copy of `value` with every string safe to show on one line (controls, bidi and newlines escaped). */
export function shown<T>(value: T): T {
  if (typeof value === 'string') return safeForTerminal(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => shown(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shown(item)])) as T;
  }
  return value;
}

/** One line of multi-line text (a log excerpt, the model's words), already split at newlines. */
export const shownLine = (line: string): string => safeForTerminal(line);
