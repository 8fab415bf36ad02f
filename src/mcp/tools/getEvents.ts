// get_events: recent events of a namespace or one object, the target's and its owners' first, warnings before
// normal ones, the same story about many objects told once with counts and first/last seen.
import { z } from 'zod';
import { formatAge } from '../../cluster/age.js';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { clip, countBy, fitToBudget, moreNote } from '../budget.js';
import { groupEvents } from '../eventFacts.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { kindField, kubernetesName, namespaceField, summaryField } from './common.js';

export const getEvents = defineTool({
  name: 'get_events',
  title: 'Events',
  description:
    'Use to learn what Kubernetes itself reported (OOMKilling, FailedScheduling, BackOff, Unhealthy…): events by ' +
    'namespace and/or object, warnings first, repeats folded with counts. Omit namespace for all namespaces. ' +
    'related_to lists the events of an object and its owners/ReplicaSets/pods first without hiding the rest. ' +
    'Example: {"namespace": "production", "object_name": "webapp-123"}',
  input: z.object({
    namespace: namespaceField.optional().describe('namespace, e.g. "production"; omit for all'),
    object_name: kubernetesName('subdomain', 'object name', 'webapp-123')
      .optional()
      .describe('only events about this object, e.g. "webapp-123"'),
    object_kind: kindField.optional().describe('with object_name, its kind, e.g. "Pod"'),
    related_to: kubernetesName('subdomain', 'object name', 'webapp')
      .optional()
      .describe('list first the events of this object and of those named after it, e.g. "webapp"'),
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
        first_seen: z.string().optional().describe('when repeated: the first time'),
        last_seen: z.string(),
      }),
    ),
    more: z.string().optional(),
  }),
  async run(
    { namespace, object_name, object_kind, related_to, warnings_only, since_minutes },
    { cluster, now, budget },
  ) {
    const selectors = [
      object_name ? `involvedObject.name=${object_name}` : '',
      object_kind ? `involvedObject.kind=${object_kind}` : '',
    ].filter(Boolean);
    const events: KubeObject[] = await cluster.list('core/events', {
      namespace,
      fieldSelector: selectors.length ? selectors.join(',') : undefined,
    });
    const sorted = groupEvents(events, {
      since: now - since_minutes * 60_000,
      warningsOnly: warnings_only,
      relatedTo: related_to ?? object_name,
      withNamespace: !namespace,
    });
    const warnings = sorted.filter((e) => e.type === 'Warning').length;
    const byReason = countBy(sorted, (e) => e.reason);
    const scope = object_name ? object_name : namespace ? `namespace ${namespace}` : 'all namespaces';
    const about = related_to && !object_name ? `, ${related_to} and its owners first` : '';
    const summary = `${sorted.length} distinct event${sorted.length === 1 ? '' : 's'} for ${scope} in the last ${since_minutes}m, ${warnings} warning${warnings === 1 ? '' : 's'}${about}${
      sorted[0] ? `; first: ${sorted[0].type} ${sorted[0].reason} on ${sorted[0].objects[0]}` : ''
    }`;
    const ago = (at: number) => (at ? `${formatAge(now - at)} ago` : 'unknown');
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
            object:
              e.objects.length === 1
                ? (e.objects[0] as string)
                : `${e.objects.length} objects: ${clip(e.objects.join(', '), 120)}`,
            message: clip(e.message, 200),
            count: e.count,
            first_seen: e.count > 1 && e.first < e.last ? ago(e.first) : undefined,
            last_seen: ago(e.last),
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
