// get_events: recent events of a namespace or one object, warnings first, repeats folded into counts.
import { z } from 'zod';
import { formatAge } from '../../cluster/age.js';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { clip, countBy, fitToBudget, moreNote } from '../budget.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { eventTime } from './getPodStatus.js';
import { kindField, kubernetesName, namespaceField, summaryField } from './common.js';

interface Folded {
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
  last: number;
}

export const getEvents = defineTool({
  name: 'get_events',
  title: 'Events',
  description:
    'Use to learn what Kubernetes itself reported (OOMKilling, FailedScheduling, BackOff, Unhealthy…): events by ' +
    'namespace and/or object, warnings first, repeats folded with counts. Omit namespace for all namespaces. ' +
    'Example: {"namespace": "production", "object_name": "webapp-123"}',
  input: z.object({
    namespace: namespaceField.optional().describe('namespace, e.g. "production"; omit for all'),
    object_name: kubernetesName('subdomain', 'object name', 'webapp-123')
      .optional()
      .describe('only events about this object, e.g. "webapp-123"'),
    object_kind: kindField.optional().describe('with object_name, its kind, e.g. "Pod"'),
    warnings_only: z.boolean().default(false),
    since_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(1440)
      .describe('how far back in minutes (default 1440, one day)'),
  }),
  output: z.object({
    summary: summaryField,
    total: z.number(),
    by_reason: z.record(z.string(), z.number()),
    events: z.array(
      z.object({
        type: z.string(),
        reason: z.string(),
        object: z.string(),
        message: z.string(),
        count: z.number(),
        last_seen: z.string(),
      }),
    ),
    more: z.string().optional(),
  }),
  async run({ namespace, object_name, object_kind, warnings_only, since_minutes }, { cluster, now, budget }) {
    const selectors = [
      object_name ? `involvedObject.name=${object_name}` : '',
      object_kind ? `involvedObject.kind=${object_kind}` : '',
    ].filter(Boolean);
    const events: KubeObject[] = await cluster.list('core/events', {
      namespace,
      fieldSelector: selectors.length ? selectors.join(',') : undefined,
    });
    const since = now - since_minutes * 60_000;
    const folded = new Map<string, Folded>();
    for (const event of events) {
      const type = String(event.type ?? 'Normal');
      if (warnings_only && type !== 'Warning') continue;
      const last = eventTime(event);
      if (last && last < since) continue;
      const about = event.involvedObject ?? event.regarding ?? {};
      const object = `${about.kind ?? '?'} ${namespace ? '' : about.namespace ? `${about.namespace}/` : ''}${about.name ?? '?'}`;
      const message = String(event.message ?? event.note ?? '');
      const key = `${type}|${event.reason}|${object}|${message}`;
      const count = Number(event.count ?? event.series?.count ?? 1);
      const entry = folded.get(key);
      if (entry) {
        entry.count += count;
        entry.last = Math.max(entry.last, last);
      } else folded.set(key, { type, reason: String(event.reason ?? ''), object, message, count, last });
    }
    const sorted = [...folded.values()].sort(
      (a, b) => (a.type === 'Warning' ? 0 : 1) - (b.type === 'Warning' ? 0 : 1) || b.last - a.last,
    );
    const warnings = sorted.filter((e) => e.type === 'Warning').length;
    const byReason = countBy(sorted, (e) => e.reason);
    const scope = object_name ? object_name : namespace ? `namespace ${namespace}` : 'all namespaces';
    const summary = `${sorted.length} distinct event${sorted.length === 1 ? '' : 's'} for ${scope} in the last ${since_minutes}m, ${warnings} warning${warnings === 1 ? '' : 's'}${
      sorted[0] ? `; latest first: ${sorted[0].reason}` : ''
    }`;
    return fitToBudget(
      (limit) => {
        const shown = sorted.slice(0, limit);
        return {
          summary,
          total: sorted.length,
          by_reason: byReason,
          events: shown.map((e) => ({
            type: e.type,
            reason: e.reason,
            object: e.object.replace('  ', ' '),
            message: clip(e.message, 200),
            count: e.count,
            last_seen: e.last ? `${formatAge(now - e.last)} ago` : 'unknown',
          })),
          more: moreNote(
            sorted.length,
            shown.length,
            'narrow with object_name, warnings_only or since_minutes',
          ),
        };
      },
      renderFacts,
      budget,
    );
  },
});
