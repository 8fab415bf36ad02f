// Durations for writing scenarios in an on-call engineer's words: minutes(5), hours(2), days(30).

export const seconds = (n: number): number => n * 1000;
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;

/** An RFC 3339 time, second precision, as the API server writes metadata times. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
