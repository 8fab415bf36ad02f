// One named question answered from Prometheus: range query, limits, trend facts per series, rollouts at steps.
import { z } from 'zod';
import { formatAge } from '../cluster/age.js';
import { buildQuery, type Question, type QuestionQuery, type Target, type Unit } from './questions.js';
import type { PrometheusClient, Series } from './prometheus.js';
import { rolloutAtStep, type Rollout } from './rollouts.js';
import { analyseTrend, VERDICTS, type Trend } from './trend.js';
import { formatChange, formatHours, formatValue } from './units.js';

export interface TrendRequest {
  question: Question;
  target: Target;
  windowMinutes: number;
  /** Unix milliseconds the window ends at. */
  now: number;
  rollouts?: Rollout[];
}

export const seriesFactsSchema = z.object({
  name: z.string().describe('container, PVC or node; labels for an alert expression'),
  verdict: z.enum(VERDICTS),
  current: z.string(),
  limit: z.string().optional(),
  used: z.string().optional().describe('share of the limit used now'),
  min: z.string().describe('lowest in the window'),
  max: z.string().describe('highest in the window'),
  slope_per_hour: z.string().describe('least-squares change per hour'),
  slope_since: z.string().optional().describe('slope measured since this step, not the whole window'),
  limit_in: z.string().optional().describe('time until the limit at this slope'),
  steps: z
    .array(z.string())
    .optional()
    .describe('jumps well above the noise, with the revision rolled out then'),
});

export const trendAnswerSchema = z.object({
  summary: z.string().describe('one-line answer'),
  query: z.string().optional().describe('the PromQL that was run'),
  window: z.string().optional(),
  series: z.array(seriesFactsSchema),
  total_series: z.number(),
  more: z.string().optional(),
});

export type SeriesFacts = z.infer<typeof seriesFactsSchema>;
export type TrendAnswer = z.infer<typeof trendAnswerSchema>;

/** Points per window: enough for a slope and steps, few enough to stay quick. */
const MAX_POINTS = 120;

export function stepSeconds(windowMinutes: number): number {
  return Math.max(15, Math.ceil((windowMinutes * 60) / MAX_POINTS));
}

export async function answerTrend(client: PrometheusClient, request: TrendRequest): Promise<TrendAnswer> {
  const query = buildQuery(request.question, request.target, client.labels);
  const end = Math.floor(request.now / 1000);
  const step = stepSeconds(request.windowMinutes);
  const start = end - request.windowMinutes * 60;
  const [series, limits] = await Promise.all([
    client.queryRange(query.expr, start, end, step),
    query.limitExpr ? client.query(query.limitExpr, end) : Promise.resolve([]),
  ]);
  const window = `last ${formatHours(request.windowMinutes / 60)}, every ${step}s`;
  const subject = describeTarget(request.target);
  if (!series.length) {
    return {
      summary: `no ${query.what} data in Prometheus for ${subject} over the ${window.split(',')[0]}`,
      query: query.expr,
      window,
      series: [],
      total_series: 0,
    };
  }
  const analysed = series
    .filter((s) => s.points.length)
    .map((s) => {
      const name = seriesName(s, query);
      const limit = limitFor(s, limits, query);
      return { name, limit, trend: analyseTrend(s.points, limit) };
    })
    // Closest to its limit first, then the fastest growing.
    .sort((a, b) => urgency(b) - urgency(a));
  const facts = analysed.map((a) => seriesFacts(a, query.unit, request, step));
  const first = facts[0] as SeriesFacts;
  return {
    summary: `${query.what} of ${subject}${analysed.length > 1 ? ` (${first.name}, worst of ${analysed.length})` : ''}: ${headline(first)}`,
    query: query.expr,
    window,
    series: facts,
    total_series: analysed.length,
  };
}

function describeTarget(target: Target): string {
  if (target.pvc) return `PVC ${target.namespace}/${target.pvc}`;
  if (target.node) return `node ${target.node}`;
  if (target.pod)
    return `${target.namespace}/${target.pod}${target.container ? ` container ${target.container}` : ''}`;
  return 'the alert';
}

function seriesName(series: Series, query: QuestionQuery): string {
  if (query.key) return series.labels[query.key] ?? '(no name)';
  const labels = Object.entries(series.labels).filter(([k]) => k !== '__name__');
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(',') : 'value';
}

function limitFor(series: Series, limits: Series[], query: QuestionQuery): number | undefined {
  if (!query.key) return undefined;
  const match = limits.find((l) => l.labels[query.key as string] === series.labels[query.key as string]);
  const value = match?.points[0]?.[1];
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function urgency(a: { limit?: number; trend: Trend }): number {
  const share = a.limit ? a.trend.current / a.limit : 0;
  const soon = a.trend.hoursToLimit !== undefined ? 1 / (1 + a.trend.hoursToLimit) : 0;
  return share + soon;
}

function seriesFacts(
  a: { name: string; limit?: number; trend: Trend },
  unit: Unit,
  request: TrendRequest,
  step: number,
): SeriesFacts {
  const { trend, limit } = a;
  const ago = (t: number) => `${formatAge(request.now - t * 1000)} ago`;
  const steps = trend.steps
    .slice()
    .sort((x, y) => Math.abs(y.to - y.from) - Math.abs(x.to - x.from))
    .slice(0, 3)
    .sort((x, y) => x.at - y.at)
    .map((s) => {
      const rollout = request.rollouts && rolloutAtStep(s, request.rollouts, step);
      const at = rollout ? `, with revision ${rollout.revision} (rolled out ${ago(rollout.startedAt)})` : '';
      return `${formatChange(s.to - s.from, unit)} ${ago(s.at)} (${formatValue(s.from, unit)} → ${formatValue(s.to, unit)})${at}`;
    });
  return {
    name: a.name,
    verdict: trend.verdict,
    current: formatValue(trend.current, unit),
    limit: limit ? formatValue(limit, unit) : undefined,
    used: limit ? `${Math.round((trend.current / limit) * 100)}%` : undefined,
    min: formatValue(trend.min, unit),
    max: formatValue(trend.max, unit),
    slope_per_hour: formatChange(trend.slopePerHour, unit),
    slope_since: trend.slopeSince > trend.start ? ago(trend.slopeSince) : undefined,
    limit_in:
      trend.hoursToLimit === undefined
        ? undefined
        : trend.hoursToLimit === 0
          ? 'at the limit now'
          : formatHours(trend.hoursToLimit),
    steps: steps.length ? steps : undefined,
  };
}

function headline(f: SeriesFacts): string {
  const parts = [f.verdict, `now ${f.current}${f.limit ? ` of ${f.limit} limit (${f.used})` : ''}`];
  if (f.verdict === 'rising') parts.push(`${f.slope_per_hour}/h`);
  if (f.limit_in)
    parts.push(f.limit_in === 'at the limit now' ? f.limit_in : `reaches the limit in ~${f.limit_in}`);
  if (f.verdict === 'spike already falling') parts.push(`peak ${f.max}`);
  if (f.steps?.length) parts.push(`step ${f.steps[f.steps.length - 1]}`);
  return parts.join(', ');
}
