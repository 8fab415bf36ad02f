// Durations the way kubectl prints ages: "45s", "3m12s", "4h32m", "2d3h", "40d".

/** Two largest units of a duration in milliseconds; negative durations (clock skew) read as "0s". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  if (days >= 10) return `${days}d`;
  if (days > 0) return hours ? `${days}d${hours}h` : `${days}d`;
  if (hours > 0) return minutes ? `${hours}h${minutes}m` : `${hours}h`;
  if (minutes > 0) return minutes < 10 && secs ? `${minutes}m${secs}s` : `${minutes}m`;
  return `${secs}s`;
}

/** Age of a timestamp at `now`; undefined when there is no timestamp. */
export function ageOf(timestamp: string | undefined, now: number): string | undefined {
  if (!timestamp) return undefined;
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? undefined : formatAge(now - time);
}
