// A read-only Prometheus client: instant and range queries only, every failure one clear line.
import { AlertmanagerHttp, type ConnectionOptions } from '../alerts/http.js';
import { z } from 'zod';
import type { Settings } from '../config/settings.js';
import { UsageError } from '../errors.js';

/** Which label holds what, for setups that relabel cAdvisor / kube-state-metrics series. */
export interface MetricLabels {
  namespace: string;
  pod: string;
  container: string;
  node: string;
}

export const DEFAULT_LABELS: MetricLabels = {
  namespace: 'namespace',
  pod: 'pod',
  container: 'container',
  node: 'node',
};

const sampleSchema = z.tuple([z.number(), z.string()]);
const vectorSchema = z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleSchema }));
const matrixSchema = z.array(
  z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleSchema) }),
);
const answerSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

/** One series: its labels and [unix seconds, value] points, oldest first. */
export interface Series {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

export class PrometheusError extends Error {}

export class PrometheusClient {
  private readonly http: AlertmanagerHttp;

  constructor(
    options: ConnectionOptions,
    readonly labels: MetricLabels = DEFAULT_LABELS,
  ) {
    this.http = new AlertmanagerHttp({
      retries: 1,
      timeoutMs: 5000,
      ...options,
      service: 'Prometheus',
      caFlag: 'prometheusCaFile',
      // Worded so the secret redactor leaves it alone ("bearer token or…" reads like a credential).
      authHint: 'check the prometheusBearerToken or prometheusBasicAuth setting',
    });
  }

  get displayUrl(): string {
    return this.http.displayUrl;
  }

  /** The value of each series matching `expr` at `time` (unix seconds). */
  async query(expr: string, time: number): Promise<Series[]> {
    const data = await this.get('api/v1/query', { query: expr, time: String(time) });
    if (data.resultType === 'scalar') {
      const [t, v] = sampleSchema.parse(data.result);
      return [{ labels: {}, points: [[t, Number(v)]] }];
    }
    return vectorSchema
      .parse(data.result)
      .map((s) => ({ labels: s.metric, points: [[s.value[0], Number(s.value[1])]] }));
  }

  /** Each series matching `expr` from `start` to `end` every `step` seconds. */
  async queryRange(expr: string, start: number, end: number, step: number): Promise<Series[]> {
    const data = await this.get('api/v1/query_range', {
      query: expr,
      start: String(start),
      end: String(end),
      step: String(step),
    });
    return matrixSchema.parse(data.result).map((s) => ({
      labels: s.metric,
      points: s.values.map(([t, v]) => [t, Number(v)] as [number, number]),
    }));
  }

  private async get(
    path: 'api/v1/query' | 'api/v1/query_range',
    params: Record<string, string>,
  ): Promise<{ resultType: string; result: unknown }> {
    let body: string;
    try {
      body = (await this.http.request('GET', path, { query: new URLSearchParams(params) })).body;
    } catch (error) {
      throw new PrometheusError(oneLine((error as Error).message));
    }
    let parsed: z.infer<typeof answerSchema>;
    try {
      parsed = answerSchema.parse(JSON.parse(body));
    } catch {
      throw new PrometheusError(`Prometheus at ${this.displayUrl} answered something that is not its API`);
    }
    if (parsed.status === 'error' || !parsed.data) {
      throw new PrometheusError(
        `Prometheus at ${this.displayUrl} refused the query: ${parsed.errorType ?? 'error'}: ${oneLine(parsed.error ?? '')}`,
      );
    }
    return parsed.data;
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** `Name: value` lines into headers; a line without a colon is a usage error naming it. */
export function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at <= 0) {
      // The line may hold a credential: name only its first word.
      const first = line.trim().split(/[\s:]/)[0] ?? '';
      throw new UsageError(
        `invalid Prometheus header starting ${JSON.stringify(first)}: expected "Name: value"`,
      );
    }
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

/** The client the settings describe, or undefined when no prometheusUrl is set. */
export function prometheusFromSettings(settings: Settings): PrometheusClient | undefined {
  if (!settings.prometheusUrl) return undefined;
  return new PrometheusClient(
    {
      url: settings.prometheusUrl,
      bearerToken: settings.prometheusBearerToken,
      basicAuth: settings.prometheusBasicAuth,
      caFile: settings.prometheusCaFile,
      headers: parseHeaders(settings.prometheusHeaders),
      timeoutMs: settings.prometheusTimeoutMs,
    },
    {
      namespace: settings.prometheusNamespaceLabel,
      pod: settings.prometheusPodLabel,
      container: settings.prometheusContainerLabel,
      node: settings.prometheusNodeLabel,
    },
  );
}
