// get_pod_logs: the tail of a container's log, optionally filtered, redacted, and cut to the budget keeping the
// error lines and the newest ones.
import { z } from 'zod';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { ClusterError } from '../../cluster/clusterError.js';
import { redactText } from '../../cluster/redact.js';
import { clip } from '../budget.js';
import { logExcerpt } from '../logExcerpt.js';
import { defineTool } from '../tool.js';
import { containerField, nameField, namespaceField, summaryField } from './common.js';

export const getPodLogs = defineTool({
  name: 'get_pod_logs',
  title: 'Pod logs',
  description:
    'Use to see why a container fails (stack traces, OOM, connection errors): the last `tail` lines (default 50) ' +
    'of a container, from the previous (crashed) instance with previous=true, optionally only lines containing ' +
    '`grep` (case-insensitive). Credentials in lines are redacted. ' +
    'Example: {"namespace": "production", "pod_name": "webapp-123", "previous": true, "grep": "error"}',
  input: z.object({
    namespace: namespaceField,
    pod_name: nameField('Pod', 'webapp-123'),
    container: containerField.optional().describe('container name; default the first one'),
    previous: z
      .boolean()
      .default(false)
      .describe('logs of the previous, terminated instance (after a crash)'),
    tail: z.number().int().min(1).max(1000).default(50).describe('lines from the end (default 50)'),
    grep: z.string().min(1).max(200).optional().describe('only lines containing this text'),
  }),
  output: z.object({
    summary: summaryField,
    pod: z.string(),
    container: z.string(),
    previous: z.boolean(),
    lines_read: z.number(),
    lines_matching: z.number(),
    lines: z.array(z.string()).describe('oldest first; "… N lines omitted …" where lines were left out'),
    omitted: z.string().optional().describe('what was left out to stay within the budget'),
  }),
  async run({ namespace, pod_name, container, previous, tail, grep }, { cluster, budget }) {
    const pod = await cluster.get('core/pods', namespace, pod_name);
    const names: string[] = (pod.spec?.containers ?? []).map((c: KubeObject) => String(c.name));
    const chosen = container ?? names[0];
    if (!chosen) throw new Error(`pod ${pod_name} has no containers`);
    if (
      !names.includes(chosen) &&
      !(pod.spec?.initContainers ?? []).some((c: KubeObject) => c.name === chosen)
    ) {
      throw new ClusterError(
        'NotFound',
        `container ${chosen} is not in pod ${pod_name}; containers: ${names.join(', ')}`,
      );
    }
    // With grep, read more lines than asked so that `tail` matching lines can be found.
    const text = await cluster.podLog(namespace, pod_name, {
      container: chosen,
      previous,
      tailLines: grep ? Math.min(5000, tail * 20) : tail,
    });
    const all = text.split('\n').filter((line, i, arr) => line !== '' || i < arr.length - 1);
    const needle = grep?.toLowerCase();
    const matching = needle ? all.filter((line) => line.toLowerCase().includes(needle)) : all;
    // A line is shown at most 300 characters; redacting more than 1 KiB of it (logs are untrusted) only costs time.
    const wanted = matching.slice(-tail).map((line) => clip(redactText(line.slice(0, 1024)), 300));
    // Keep the decisive and the newest lines that fit the budget, leaving room for the other fields.
    const excerpt = logExcerpt(wanted, Math.max(50, budget - 80));
    const kept = excerpt.lines;
    const omittedCount = excerpt.omitted;
    const which = previous ? 'previous instance of ' : '';
    return {
      summary: `${wanted.length - omittedCount} line${wanted.length - omittedCount === 1 ? '' : 's'} from ${which}${pod_name}/${chosen}${grep ? ` matching "${grep}" (${matching.length} of ${all.length} read)` : ''}`,
      pod: pod_name,
      container: chosen,
      previous,
      lines_read: all.length,
      lines_matching: matching.length,
      lines: kept,
      omitted: omittedCount
        ? `${omittedCount} line${omittedCount === 1 ? '' : 's'} left out to fit the budget (error lines and the newest kept) — narrow with grep or lower tail`
        : undefined,
    };
  },
});
