// list_related_alerts: other firing alerts that may share a cause — same namespace, matching labels.
import { z } from 'zod';
import { formatAge } from '../../cluster/age.js';
import { countBy, fitToBudget, moreNote } from '../budget.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { namespaceField, summaryField } from './common.js';

const SEVERITY_RANK: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3, none: 4 };

export const listRelatedAlerts = defineTool({
  name: 'list_related_alerts',
  title: 'Related alerts',
  description:
    'Use to see whether other alerts fire alongside the one being triaged (one cause, several symptoms): ' +
    'firing alerts in a namespace and/or with matching labels, most severe first. ' +
    'Example: {"namespace": "production", "labels": {"app": "webapp"}}',
  input: z.object({
    namespace: namespaceField.optional().describe('only alerts about this namespace, e.g. "production"'),
    labels: z
      .record(z.string(), z.string())
      .optional()
      .describe('only alerts whose labels include all of these, e.g. {"app": "webapp"}'),
  }),
  output: z.object({
    summary: summaryField,
    total: z.number(),
    by_severity: z.record(z.string(), z.number()),
    alerts: z.array(
      z.object({
        name: z.string(),
        severity: z.string(),
        state: z.string(),
        target: z.string().optional().describe('e.g. "Pod production/webapp-123"'),
        since: z.string().describe('how long it has fired'),
        summary: z.string().optional(),
      }),
    ),
    more: z.string().optional(),
  }),
  async run({ namespace, labels }, { alerts: source, now, budget }) {
    if (!source) {
      throw new Error(
        'no alert source is configured (set alertmanagerUrl); answer from the cluster tools instead',
      );
    }
    const all = await source.listAlerts();
    const matching = all
      .filter((a) => a.state !== 'resolved')
      .filter((a) => !namespace || a.target.namespace === namespace || a.labels.namespace === namespace)
      .filter((a) => !labels || Object.entries(labels).every(([k, v]) => a.labels[k] === v))
      .sort(
        (a, b) =>
          (SEVERITY_RANK[a.severity] ?? 5) - (SEVERITY_RANK[b.severity] ?? 5) ||
          a.startsAt.localeCompare(b.startsAt),
      );
    const bySeverity = countBy(matching, (a) => a.severity);
    const scope = [
      namespace ? `namespace ${namespace}` : '',
      labels ? `labels ${JSON.stringify(labels)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const summary = `${matching.length} firing alert${matching.length === 1 ? '' : 's'}${scope ? ` for ${scope}` : ''}${
      matching.length
        ? `: ${matching
            .slice(0, 3)
            .map((a) => a.name)
            .join(', ')}`
        : ''
    }`;
    return fitToBudget(
      (limit) => {
        const shown = matching.slice(0, limit);
        return {
          summary,
          total: matching.length,
          by_severity: bySeverity,
          alerts: shown.map((a) => {
            const target = a.target.name
              ? `${a.target.kind ?? 'object'} ${a.target.namespace ? `${a.target.namespace}/` : ''}${a.target.name}`
              : a.target.namespace
                ? `namespace ${a.target.namespace}`
                : undefined;
            const started = Date.parse(a.startsAt);
            return {
              name: a.name,
              severity: a.severity,
              state: a.state,
              target,
              since: Number.isNaN(started) ? 'unknown' : formatAge(now - started),
              summary: a.summary ? a.summary.slice(0, 160) : undefined,
            };
          }),
          more: moreNote(matching.length, shown.length, 'narrow with namespace or labels'),
        };
      },
      renderFacts,
      budget,
    );
  },
});
