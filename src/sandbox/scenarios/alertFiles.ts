// The alert files of a scenario: AlertManager API v2 alerts (a list or one alert) or webhook payloads, checked for
// shape. src/alerts/parse.ts reads the same three shapes when the scenario's alerts are triaged.
import { z } from 'zod';
import { RFC3339 } from './schema.js';
import { zodScenarioError } from './loadError.js';

const time = z.string().regex(RFC3339, { message: 'expected an RFC 3339 time such as 2025-06-12T14:30:00Z' });

const alertEntry = z.looseObject({
  labels: z.looseObject({ alertname: z.string().min(1) }).and(z.record(z.string(), z.string())),
  annotations: z.record(z.string(), z.string()).optional(),
  startsAt: time,
  endsAt: time.optional(),
});

/** `GET /api/v2/alerts`: an array of alerts. */
const apiV2Alerts = z.array(alertEntry).min(1);

/** The webhook AlertManager posts to receivers (version 4). */
const webhookPayload = z.looseObject({
  version: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(alertEntry).min(1),
});

/** Throws a one-line error naming the file and field when the JSON is none of the formats. */
export function checkAlertJson(file: string, json: unknown): void {
  const schema = Array.isArray(json) ? apiV2Alerts : isWebhookPayload(json) ? webhookPayload : alertEntry;
  const result = schema.safeParse(json);
  if (!result.success) throw zodScenarioError({ file }, result.error, json);
}

/** The alerts of a checked alert file, whichever format it has. */
export function alertsOf(json: unknown): Array<z.infer<typeof alertEntry>> {
  if (Array.isArray(json)) return json as Array<z.infer<typeof alertEntry>>;
  if (isWebhookPayload(json)) return (json as z.infer<typeof webhookPayload>).alerts;
  return [json as z.infer<typeof alertEntry>];
}

/** An object with `alerts` is a webhook payload; any other object is one API v2 alert. */
function isWebhookPayload(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'alerts' in json;
}
