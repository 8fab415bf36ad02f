// The alert formats an on-call engineer can paste or fetch, as zod schemas: webhook, API v2, Prometheus, bare.
import { z } from 'zod';
import { describeJson } from './describeJson.js';

/** Go's zero time: AlertManager's webhook sends it as endsAt of a firing alert, meaning "not set". */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function isRfc3339(text: string): boolean {
  return RFC3339.test(text) && !Number.isNaN(Date.parse(text.replace(/(\.\d{3})\d+/, '$1')));
}

const time = z
  .string()
  .refine(isRfc3339, { message: 'expected an RFC 3339 time such as 2024-05-01T12:00:00Z' });

/**
 * A map of strings (labels, annotations). Unlike z.record it keeps a key named `__proto__` as data, since
 * AlertManager accepts it as a label name and it takes part in the fingerprint.
 */
function stringMap(options: { nonEmpty?: boolean } = {}) {
  return z
    .custom<Record<string, string>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      {
        error: (issue) => `expected an object, got ${describeJson(issue.input)}`,
      },
    )
    .superRefine((map, ctx) => {
      const keys = Object.keys(map);
      if (options.nonEmpty && keys.length === 0)
        ctx.addIssue({ code: 'custom', message: 'an alert needs at least one label' });
      for (const key of keys) {
        const value: unknown = map[key];
        if (typeof value !== 'string') {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `expected a string, got ${describeJson(value)}`,
          });
        }
      }
    })
    .transform((map) => {
      const copy: Record<string, string> = {};
      for (const key of Object.keys(map)) {
        Object.defineProperty(copy, key, {
          value: map[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    });
}

export const labelsSchema = stringMap({ nonEmpty: true });
const annotations = stringMap();
const fingerprint = z
  .string()
  .regex(/^[0-9a-f]{16}$/, { message: 'expected a fingerprint of 16 lower-case hex digits' });

/** One alert of an AlertManager webhook payload (version 4). */
export const webhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelsSchema,
  annotations: annotations.optional(),
  startsAt: time.optional(),
  endsAt: time.optional(),
  generatorURL: z.string().optional(),
  fingerprint: fingerprint.optional(),
});

/** What AlertManager POSTs to a webhook receiver. */
export const webhookPayloadSchema = z.object({
  version: z.string().optional(),
  receiver: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  alerts: z.array(webhookAlertSchema),
  groupLabels: stringMap().optional(),
  commonLabels: stringMap().optional(),
  commonAnnotations: stringMap().optional(),
  externalURL: z.string().optional(),
});

/** AlertManager API v2 `GettableAlert`: what GET /api/v2/alerts and `amtool -o json` return. */
export const gettableAlertSchema = z.object({
  labels: labelsSchema,
  annotations: annotations.optional(),
  startsAt: time,
  endsAt: time.optional(),
  updatedAt: time.optional(),
  fingerprint,
  receivers: z.array(z.object({ name: z.string() })).optional(),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).optional(),
    inhibitedBy: z.array(z.string()).optional(),
  }),
  generatorURL: z.string().optional(),
});

/** AlertManager API v2 `AlertGroup`: what GET /api/v2/alerts/groups returns. */
export const alertGroupSchema = z.object({
  labels: stringMap(),
  receiver: z.object({ name: z.string() }),
  alerts: z.array(gettableAlertSchema),
});

/** AlertManager API v2 `PostableAlert` (what Prometheus sends); without times it is a bare alert. */
export const postableAlertSchema = z.object({
  labels: labelsSchema,
  annotations: annotations.optional(),
  startsAt: time.optional(),
  endsAt: time.optional(),
  generatorURL: z.string().optional(),
});

/** One alert of Prometheus' GET /api/v1/alerts. */
export const prometheusAlertSchema = z.object({
  labels: labelsSchema,
  annotations: annotations.optional(),
  state: z.enum(['firing', 'pending', 'inactive']),
  activeAt: time.optional(),
  value: z.string().optional(),
});

export const prometheusAlertsResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({ alerts: z.array(prometheusAlertSchema) }),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type GettableAlert = z.infer<typeof gettableAlertSchema>;
export type AlertGroup = z.infer<typeof alertGroupSchema>;
export type PostableAlert = z.infer<typeof postableAlertSchema>;
export type PrometheusAlertsResponse = z.infer<typeof prometheusAlertsResponseSchema>;
