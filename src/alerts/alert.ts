// The one normalised Alert every part of kopilot works with, whatever format the alert arrived in.
import { z } from 'zod';

export const TARGET_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PersistentVolumeClaim',
  'Node',
  'Namespace',
  'Service',
] as const;

export const alertTargetSchema = z.object({
  namespace: z.string().optional(),
  /** The object the alert is about; absent when the labels name no object (a namespace-wide alert). */
  kind: z.enum(TARGET_KINDS).optional(),
  name: z.string().optional(),
  container: z.string().optional(),
  /** The node the alert names, when it names one besides its object. */
  node: z.string().optional(),
});

export const alertSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  severity: z.string(),
  /** `pending` only comes from Prometheus (its `for:` duration has not passed yet). */
  state: z.enum(['firing', 'resolved', 'suppressed', 'pending']),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  summary: z.string().optional(),
  description: z.string().optional(),
  runbookUrl: z.string().optional(),
  generatorUrl: z.string().optional(),
  target: alertTargetSchema,
  /** AlertManager's bookkeeping, when the alert came from its API v2. */
  updatedAt: z.string().optional(),
  receivers: z.array(z.string()).optional(),
  silencedBy: z.array(z.string()).optional(),
  inhibitedBy: z.array(z.string()).optional(),
  /** Which format the alert came in, for messages and the report. */
  source: z.enum(['webhook', 'api-v2', 'postable', 'prometheus', 'bare']),
});

export type AlertTarget = z.infer<typeof alertTargetSchema>;
export type Alert = z.infer<typeof alertSchema>;

/**
 * Whether the alert's labels name a Kubernetes object (or a node). An alert that names none — only `alertname`,
 * `severity`, perhaps a namespace — relates to no object, so nothing in the cluster may be changed on its word.
 */
export function alertNamesObject(target: AlertTarget): boolean {
  return Boolean(target.node) || Boolean(target.kind && target.name);
}
