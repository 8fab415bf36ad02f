// Trend facts from known shapes: a leak's slope and time to the limit, a step's time, a spike that is falling.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseTrend, findSteps, leastSquaresSlope } from '../../src/metrics/trend.js';

const GiB = 2 ** 30;
const T0 = 1_750_000_000;
/** `count` points a minute apart from T0, valued by f(minutes). */
const series = (count: number, f: (minute: number) => number): Array<[number, number]> =>
  Array.from({ length: count }, (_, i) => [T0 + i * 60, f(i)]);
/** Deterministic wiggle of about ±amplitude. */
const noise = (i: number, amplitude: number) => amplitude * Math.sin(i * 12.9898) * Math.cos(i * 78.233);

describe('trend analysis', () => {
  it('measures a steady leak: slope per hour and when it reaches the limit', () => {
    // 6 GiB growing 1 GiB/h for 2 hours, with a little noise: 8 GiB now, limit 9 GiB.
    const points = series(121, (m) => 6 * GiB + (m / 60) * GiB + noise(m, 10e6));
    const trend = analyseTrend(points, 9 * GiB);
    expect(trend.verdict).toBe('rising');
    expect(trend.slopePerHour / GiB).toBeCloseTo(1, 1);
    expect(trend.hoursToLimit).toBeGreaterThan(0.9);
    expect(trend.hoursToLimit).toBeLessThan(1.1);
    expect(trend.steps).toEqual([]);
    expect(trend.min).toBeLessThan(6.01 * GiB);
    expect(trend.max).toBeGreaterThan(7.99 * GiB);
  });

  it('calls a noisy level flat and gives no time to the limit', () => {
    const trend = analyseTrend(
      series(60, (m) => 4 * GiB + noise(m, 50e6)),
      8 * GiB,
    );
    expect(trend.verdict).toBe('flat');
    expect(trend.hoursToLimit).toBeUndefined();
    expect(trend.steps).toEqual([]);
  });

  it('finds a step and its time, and measures the slope since it', () => {
    // 3 GiB flat, then 5.5 GiB from minute 40 on (a rollout), flat again.
    const points = series(90, (m) => (m < 40 ? 3 : 5.5) * GiB + noise(m, 20e6));
    const trend = analyseTrend(points, 8 * GiB);
    expect(trend.steps).toHaveLength(1);
    expect(trend.steps[0]?.at).toBe(T0 + 40 * 60);
    expect((trend.steps[0]?.to ?? 0) - (trend.steps[0]?.from ?? 0)).toBeGreaterThan(2.4 * GiB);
    expect(trend.slopeSince).toBe(T0 + 40 * 60);
    expect(trend.verdict).toBe('flat');
  });

  it('recognises a spike that is already falling', () => {
    // Flat at 1 GiB, up to 6 GiB at minute 30, decaying back towards 1.5 GiB by the end.
    const points = series(90, (m) => (m < 30 ? 1 : 1.4 + 4.6 * Math.exp(-(m - 30) / 12)) * GiB);
    const trend = analyseTrend(points, 8 * GiB);
    expect(trend.verdict).toBe('spike already falling');
    expect(trend.max).toBeCloseTo(6 * GiB, -6);
    expect(trend.hoursToLimit).toBeUndefined();
  });

  it('calls a steady decline falling, not a spike', () => {
    const trend = analyseTrend(
      series(60, (m) => 8 * GiB - m * 40e6),
      9 * GiB,
    );
    expect(trend.verdict).toBe('falling');
    expect(trend.slopePerHour).toBeLessThan(0);
  });

  it('says a value already over its limit is at the limit now', () => {
    expect(
      analyseTrend(
        series(10, () => 9 * GiB),
        8 * GiB,
      ).hoursToLimit,
    ).toBe(0);
  });

  it('counts restarts rising as rising', () => {
    const trend = analyseTrend(series(60, (m) => Math.floor(m / 10)));
    expect(trend.verdict).toBe('rising');
    expect(trend.slopePerHour).toBeGreaterThan(5);
  });

  it('gets the exact slope of any straight line', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        (a, b) => {
          const slope = leastSquaresSlope(series(30, (m) => b + a * m * 60));
          expect(slope).toBeCloseTo(a, 3);
        },
      ),
    );
  });

  it('finds no steps in a straight line however steep', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a) => {
        expect(findSteps(series(40, (m) => 1e9 + a * m))).toEqual([]);
      }),
    );
  });
});
