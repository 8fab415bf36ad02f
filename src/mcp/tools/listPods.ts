// list_pods: pods of a namespace (or all), problems first, summarised by status when there are many.
import { z } from 'zod';
import { ageOf } from '../../cluster/age.js';
import { countBy, fitToBudget, moreNote } from '../budget.js';
import { isProblemPod, podStatusReason, readyOf, restartsOf } from '../podFacts.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { namespaceField, summaryField } from './common.js';

export const listPods = defineTool({
  name: 'list_pods',
  title: 'List pods',
  description:
    'Use to find pods and their health: status, ready, restarts, node, age; problems (not running, not ready, ' +
    'restarting) first and counts by status. Narrow with label_selector or field_selector; problems_only=true ' +
    'hides healthy pods. Example: {"namespace": "production", "label_selector": "app=webapp"}',
  input: z.object({
    namespace: namespaceField.optional().describe('namespace, e.g. "production"; omit for all namespaces'),
    label_selector: z.string().min(1).optional().describe('e.g. "app=webapp,tier!=db"'),
    field_selector: z
      .string()
      .min(1)
      .optional()
      .describe('e.g. "spec.nodeName=worker-02" or "status.phase=Pending"'),
    problems_only: z.boolean().default(false),
  }),
  output: z.object({
    summary: summaryField,
    total: z.number(),
    by_status: z.record(z.string(), z.number()),
    pods: z.array(
      z.object({
        pod: z.string(),
        status: z.string(),
        ready: z.string(),
        restarts: z.number(),
        node: z.string().optional(),
        age: z.string().optional(),
      }),
    ),
    more: z.string().optional(),
  }),
  async run({ namespace, label_selector, field_selector, problems_only }, { cluster, now, budget }) {
    const pods = await cluster.list('core/pods', {
      namespace,
      labelSelector: label_selector,
      fieldSelector: field_selector,
    });
    const rows = pods.map((pod) => ({
      pod: namespace ? pod.metadata.name : `${pod.metadata.namespace}/${pod.metadata.name}`,
      status: podStatusReason(pod),
      ready: readyOf(pod),
      restarts: restartsOf(pod),
      node: pod.spec?.nodeName ? String(pod.spec.nodeName) : undefined,
      age: ageOf(pod.metadata.creationTimestamp, now),
      problem: isProblemPod(pod),
    }));
    const byStatus = countBy(rows, (r) => r.status);
    const problems = rows.filter((r) => r.problem).length;
    const candidates = (problems_only ? rows.filter((r) => r.problem) : rows).sort(
      (a, b) =>
        Number(b.problem) - Number(a.problem) || b.restarts - a.restarts || a.pod.localeCompare(b.pod),
    );
    const scope = [namespace ? `in ${namespace}` : 'in all namespaces', label_selector, field_selector]
      .filter(Boolean)
      .join(', ');
    const summary = `${rows.length} pod${rows.length === 1 ? '' : 's'} ${scope}; ${problems} with problems`;
    return fitToBudget(
      (limit) => {
        const shown = candidates.slice(0, limit);
        return {
          summary,
          total: rows.length,
          by_status: byStatus,
          pods: shown.map(({ problem: _problem, ...row }) => row),
          more: moreNote(
            candidates.length,
            shown.length,
            `narrow with ${namespace ? '' : 'namespace, '}label_selector${problems_only ? '' : ' or problems_only'}`,
          ),
        };
      },
      renderFacts,
      budget,
    );
  },
});
