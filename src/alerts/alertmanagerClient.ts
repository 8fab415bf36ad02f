// AlertManager's API v2: alerts with filters, alert groups, status, and silences (create, list, expire).
import { z } from 'zod';
import { RuntimeFailure, UsageError } from '../errors.js';
import type { Alert } from './alert.js';
import type { AlertSource } from './alertSource.js';
import { alertGroupSchema, gettableAlertSchema, type PostableAlert } from './formats.js';
import { AlertmanagerHttp, type ConnectionOptions } from './http.js';
import { parseMatchers, type Matcher } from './matchers.js';
import { fromAlertGroups, fromGettable } from './normalise.js';
import { formatPath } from './parse.js';

export interface AlertQuery {
  /** amtool matchers, e.g. `alertname=~"High.*"`, `severity="critical"`; all must match. */
  filter?: readonly string[];
  /** Defaults as in AlertManager: active, silenced and inhibited alerts all included. */
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  /** Only alerts routed to receivers matching this regular expression. */
  receiver?: string;
  signal?: AbortSignal;
}

export interface AlertGroupView {
  labels: Record<string, string>;
  receiver: string;
  alerts: Alert[];
}

export interface AlertmanagerStatus {
  version: string;
  uptime: string;
  cluster: string;
}

export interface SilenceRequest {
  matchers: readonly string[];
  /** Defaults to now. */
  startsAt?: Date;
  endsAt: Date;
  createdBy: string;
  comment: string;
}

const silenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  matchers: z.array(
    z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() }),
  ),
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string().optional(),
  createdBy: z.string(),
  comment: z.string(),
});
export type Silence = z.infer<typeof silenceSchema>;

const statusSchema = z.object({
  versionInfo: z.object({ version: z.string() }).partial().optional(),
  uptime: z.string().optional(),
  cluster: z.object({ status: z.string() }).partial().optional(),
});

/** Talks to one AlertManager; also an AlertSource for the MCP `list_related_alerts` tool. */
export class AlertmanagerClient implements AlertSource {
  private readonly http: AlertmanagerHttp;

  constructor(options: ConnectionOptions) {
    this.http = new AlertmanagerHttp(options);
  }

  get url(): string {
    return this.http.displayUrl;
  }

  /** GET /api/v2/alerts. Bad matchers are refused here, before any request, as AlertManager would. */
  async listAlerts(query: AlertQuery = {}): Promise<Alert[]> {
    const body = await this.getJson('api/v2/alerts', alertQueryParams(query), query.signal);
    const alerts = this.check(gettableAlertSchema.array(), body, 'api/v2/alerts');
    const now = new Date();
    return alerts.map((a) => fromGettable(a, now));
  }

  /** This AlertManager, narrowed by a query, as an AlertSource (e.g. only alerts not silenced). */
  source(query: AlertQuery = {}): AlertSource {
    return { listAlerts: () => this.listAlerts(query) };
  }

  /** GET /api/v2/alerts/groups: alerts as AlertManager's routes group them. */
  async listAlertGroups(query: AlertQuery = {}): Promise<AlertGroupView[]> {
    const body = await this.getJson('api/v2/alerts/groups', alertQueryParams(query), query.signal);
    const groups = this.check(alertGroupSchema.array(), body, 'api/v2/alerts/groups');
    const now = new Date();
    return groups.map((g) => ({
      labels: g.labels,
      receiver: g.receiver.name,
      alerts: fromAlertGroups([g], now),
    }));
  }

  /** GET /api/v2/status: the version check. */
  async status(signal?: AbortSignal): Promise<AlertmanagerStatus> {
    const body = await this.getJson('api/v2/status', undefined, signal);
    const status = this.check(statusSchema, body, 'api/v2/status');
    return {
      version: status.versionInfo?.version ?? 'unknown',
      uptime: status.uptime ?? '',
      cluster: status.cluster?.status ?? 'unknown',
    };
  }

  /** POST /api/v2/alerts: what Prometheus does; used by tests and by anyone replaying an alert. */
  async postAlerts(alerts: readonly PostableAlert[], signal?: AbortSignal): Promise<void> {
    await this.http.request('POST', 'api/v2/alerts', { body: alerts, signal });
  }

  /** POST /api/v2/silences; returns the new silence's id. */
  async createSilence(request: SilenceRequest, signal?: AbortSignal): Promise<string> {
    const parsed = parseMatchers(request.matchers);
    if (!parsed.ok) throw new UsageError(`invalid silence matcher: ${parsed.error}`);
    if (parsed.matchers.length === 0) throw new UsageError('a silence needs at least one matcher');
    const startsAt = request.startsAt ?? new Date();
    if (request.endsAt.getTime() <= startsAt.getTime()) {
      throw new UsageError('a silence must end after it starts');
    }
    const result = await this.http.request('POST', 'api/v2/silences', {
      signal,
      body: {
        matchers: parsed.matchers.map(silenceMatcher),
        startsAt: startsAt.toISOString(),
        endsAt: request.endsAt.toISOString(),
        createdBy: request.createdBy,
        comment: request.comment,
      },
    });
    const answer = this.check(
      z.object({ silenceID: z.string() }),
      parseJson(result.body, 'api/v2/silences'),
      'api/v2/silences',
    );
    return answer.silenceID;
  }

  async getSilence(id: string, signal?: AbortSignal): Promise<Silence> {
    const body = await this.getJson(`api/v2/silence/${encodeURIComponent(id)}`, undefined, signal);
    return this.check(silenceSchema, body, 'api/v2/silence');
  }

  async listSilences(filter: readonly string[] = [], signal?: AbortSignal): Promise<Silence[]> {
    const body = await this.getJson('api/v2/silences', filterParams(filter), signal);
    return this.check(silenceSchema.array(), body, 'api/v2/silences');
  }

  /** DELETE /api/v2/silence/{id}: AlertManager expires it (it stays listed as expired). */
  async expireSilence(id: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('DELETE', `api/v2/silence/${encodeURIComponent(id)}`, { signal });
  }

  private async getJson(path: string, query?: URLSearchParams, signal?: AbortSignal): Promise<unknown> {
    const result = await this.http.request('GET', path, { query, signal });
    return parseJson(result.body, path);
  }

  private check<S extends z.ZodType>(schema: S, body: unknown, path: string): z.infer<S> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data as z.infer<S>;
    const issue = parsed.error.issues[0];
    throw new RuntimeFailure(
      `AlertManager at ${this.url} answered ${path} with an unexpected shape at ${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`,
    );
  }
}

function parseJson(body: string, path: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new RuntimeFailure(`AlertManager answered ${path} with something that is not JSON`);
  }
}

function filterParams(filter: readonly string[]): URLSearchParams {
  const parsed = parseMatchers(filter);
  if (!parsed.ok) throw new UsageError(`invalid filter: ${parsed.error}`);
  const params = new URLSearchParams();
  for (const matcher of parsed.matchers) params.append('filter', matcher.text);
  return params;
}

function alertQueryParams(query: AlertQuery): URLSearchParams {
  const params = filterParams(query.filter ?? []);
  for (const key of ['active', 'silenced', 'inhibited', 'unprocessed'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  if (query.receiver) params.set('receiver', query.receiver);
  return params;
}

function silenceMatcher(m: Matcher): { name: string; value: string; isRegex: boolean; isEqual: boolean } {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.operator === '=~' || m.operator === '!~',
    isEqual: m.operator === '=' || m.operator === '=~',
  };
}
