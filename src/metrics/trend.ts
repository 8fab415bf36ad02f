// Trend facts from one range series: current, min/max, slope per hour, time to a limit, step changes, verdict.

export const VERDICTS = ['rising', 'flat', 'falling', 'spike already falling'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface StepChange {
  /** Unix seconds of the first point after the jump. */
  at: number;
  from: number;
  to: number;
}

export interface Trend {
  current: number;
  min: number;
  max: number;
  /** Least-squares slope per hour over the current regime (since the last step, or the whole window). */
  slopePerHour: number;
  /** Unix seconds the slope is measured from. */
  slopeSince: number;
  /** Hours until `limit` at that slope; 0 when already there; undefined when not heading there. */
  hoursToLimit?: number;
  steps: StepChange[];
  verdict: Verdict;
  points: number;
  /** Unix seconds of the first and last point. */
  start: number;
  end: number;
}

/** Least-squares slope of value over time, per second. */
export function leastSquaresSlope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanT = points.reduce((s, [t]) => s + t, 0) / n;
  const meanV = points.reduce((s, [, v]) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, v] of points) {
    num += (t - meanT) * (v - meanV);
    den += (t - meanT) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Jumps between adjacent points well above the noise: the noise is the robust spread (MAD) of the
 * point-to-point changes around their median (so steady growth is not noise); a step is a change more than
 * 6 sigma off that median and more than a fifth of the window's range.
 */
export function findSteps(points: Array<[number, number]>): StepChange[] {
  if (points.length < 4) return [];
  const diffs = points.slice(1).map(([, v], i) => v - (points[i] as [number, number])[1]);
  const typical = median(diffs);
  const sigma = 1.4826 * median(diffs.map((d) => Math.abs(d - typical)));
  const values = points.map(([, v]) => v);
  const range = Math.max(...values) - Math.min(...values);
  const threshold = Math.max(6 * sigma, 0.2 * range, 1e-9 * Math.max(...values.map(Math.abs)));
  const steps: StepChange[] = [];
  diffs.forEach((d, i) => {
    if (Math.abs(d - typical) > threshold) {
      const before = points[i] as [number, number];
      const after = points[i + 1] as [number, number];
      steps.push({ at: after[0], from: before[1], to: after[1] });
    }
  });
  return steps;
}

/** The facts of one series (points oldest first, at least one); `limit` when the metric has one. */
export function analyseTrend(points: Array<[number, number]>, limit?: number): Trend {
  const clean = points.filter(([, v]) => Number.isFinite(v));
  if (!clean.length) throw new Error('no finite points in the series');
  const values = clean.map(([, v]) => v);
  const first = clean[0] as [number, number];
  const last = clean[clean.length - 1] as [number, number];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const steps = findSteps(clean);

  // The current regime: after the last step when enough points follow it, else the whole window.
  const lastStep = steps[steps.length - 1];
  let regime = clean;
  if (lastStep) {
    const after = clean.filter(([t]) => t >= lastStep.at);
    if (after.length >= 5) regime = after;
  }
  const slopePerHour = leastSquaresSlope(regime) * 3600;
  const slopeSince = (regime[0] as [number, number])[0];

  const verdict = judge(clean, slopePerHour, steps);
  let hoursToLimit: number | undefined;
  if (limit !== undefined && limit > 0) {
    if (last[1] >= limit) hoursToLimit = 0;
    else if (slopePerHour > 0 && verdict === 'rising') hoursToLimit = (limit - last[1]) / slopePerHour;
  }
  return {
    current: last[1],
    min,
    max,
    slopePerHour,
    slopeSince,
    hoursToLimit,
    steps,
    verdict,
    points: clean.length,
    start: first[0],
    end: last[0],
  };
}

function judge(points: Array<[number, number]>, slopePerHour: number, steps: StepChange[]): Verdict {
  const values = points.map(([, v]) => v);
  const first = values[0] as number;
  const current = values[values.length - 1] as number;
  const max = Math.max(...values);
  const peakAt = values.indexOf(max);
  const scale = Math.max(Math.abs(max), Math.abs(Math.min(...values)), 1e-12);
  const rise = max - first;
  const fall = max - current;
  // A peak inside the window, risen clearly above the start and already given back at least half of it.
  const risenClearly = rise > 0.1 * scale || steps.some((s) => s.to > s.from && s.to === max);
  if (peakAt > 0 && peakAt < values.length - 1 && risenClearly && fall >= 0.5 * rise) {
    return 'spike already falling';
  }
  const spanHours =
    Math.max((points[points.length - 1] as [number, number])[0] - (points[0] as [number, number])[0], 1) /
    3600;
  // Flat: the regime's slope moves the value by less than 5% of its level over the window.
  if (Math.abs(slopePerHour * spanHours) < 0.05 * scale) return 'flat';
  return slopePerHour > 0 ? 'rising' : 'falling';
}
