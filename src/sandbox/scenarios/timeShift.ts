// Moves a snapshot's timestamps so that its reference time becomes the time of loading; ages stay as written.

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LEADING_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))/;

/**
 * One timestamp moved by `offsetMs`, keeping its precision (seconds, or micro/nanoseconds for
 * MicroTime fields) and written in UTC. Years before 1970 are left alone: AlertManager's
 * "0001-01-01T00:00:00Z" means "no end", not a time.
 */
export function shiftTimestamp(text: string, offsetMs: number): string {
  const match = TIMESTAMP.exec(text);
  if (!match) return text;
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || ms < 0) return text;
  const fraction = match[2] ?? '';
  const iso = new Date(ms + offsetMs).toISOString(); // 2025-06-12T14:30:00.000Z
  if (fraction === '') return `${iso.slice(0, 19)}Z`;
  // Milliseconds come from the shifted time, finer digits (MicroTime) stay as written.
  const digits = `${iso.slice(20, 23)}${fraction.slice(4)}`.padEnd(fraction.length - 1, '0');
  return `${iso.slice(0, 19)}.${digits.slice(0, fraction.length - 1)}Z`;
}

/** A copy (always a fresh one) of a JSON-like value with every timestamp string moved by `offsetMs`. */
export function shiftTimestamps<T>(value: T, offsetMs: number): T {
  return shiftValue(value, offsetMs) as T;
}

function shiftValue(value: unknown, offsetMs: number): unknown {
  if (typeof value === 'string') {
    // Cheap pre-check before the regex: a timestamp starts with a digit and has a T at index 10.
    return value.length >= 20 && value.charCodeAt(10) === 84 ? shiftTimestamp(value, offsetMs) : value;
  }
  if (Array.isArray(value)) return value.map((item) => shiftValue(item, offsetMs));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = shiftValue(item, offsetMs);
    return out;
  }
  return value;
}

/** Log text with each line's leading timestamp (as `kubectl logs --timestamps` prints it) moved. */
export function shiftLogText(text: string, offsetMs: number): string {
  if (offsetMs === 0) return text;
  return text
    .split('\n')
    .map((line) => line.replace(LEADING_TIMESTAMP, (stamp) => shiftTimestamp(stamp, offsetMs)))
    .join('\n');
}
