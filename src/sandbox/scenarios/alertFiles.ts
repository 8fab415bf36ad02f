// The alert files of a scenario: AlertManager API v2 alert lists or webhook payloads, checked for shape.
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

/** Throws a one-line error naming the file and field when the JSON is neither format. */
export function checkAlertJson(file: string, json: unknown): void {
  const result = Array.isArray(json) ? apiV2Alerts.safeParse(json) : webhookPayload.safeParse(json);
  if (!result.success) throw zodScenarioError({ file }, result.error, json);
}
