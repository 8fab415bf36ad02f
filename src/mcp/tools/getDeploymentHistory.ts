// get_deployment_history: what changed on a Deployment lately — scales, rollouts with what differs in the pod
// template (image, command, env, config, resources, probes, volumes, placement), rollbacks.
import { z } from 'zod';
import { formatAge } from '../../cluster/age.js';
import type { KubeObject } from '../../cluster/clusterClient.js';
import { clip, fitToBudget, moreNote } from '../budget.js';
import { renderFacts } from '../render.js';
import { diffPodTemplates, imageChange } from '../templateDiff.js';
import { defineTool } from '../tool.js';
import { eventTime } from './getPodStatus.js';
import { nameField, namespaceField, summaryField } from './common.js';

const changeSchema = z.object({
  when: z.string().describe('how long ago, e.g. "2h ago"'),
  time: z.string(),
  change: z.string().describe('e.g. "scaled 2→3" or "image webapp:1.4 → webapp:1.5 (revision 3)"'),
});

interface Change {
  at: number;
  change: string;
}

function images(template: KubeObject | undefined): string {
  return (template?.spec?.containers ?? []).map((c: KubeObject) => String(c.image)).join(', ');
}

function revisionOf(object: KubeObject): number {
  return Number(object.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

/** How long after a new revision's ReplicaSet appears its scale events count as that rollout's steps. */
const ROLLOUT_WINDOW_MS = 15 * 60_000;

const SCALED = /Scaled (up|down) replica set (\S+)(?: from (\d+))? to (\d+)(?: from (\d+))?/;

export const getDeploymentHistory = defineTool({
  name: 'get_deployment_history',
  title: 'Deployment history',
  description:
    'Use to ask "what changed recently?" before blaming load: replica scales (2→3), image and template rollouts ' +
    'with revisions, rollbacks, within the last hours_back hours, newest first. ' +
    'Example: {"namespace": "production", "deployment": "webapp", "hours_back": 24}',
  input: z.object({
    namespace: namespaceField,
    deployment: nameField('Deployment', 'webapp'),
    hours_back: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(24)
      .describe('how far back to look, in hours (default 24)'),
  }),
  output: z.object({
    summary: summaryField,
    deployment: z.string(),
    namespace: z.string(),
    replicas: z.string().describe('ready/desired'),
    image: z.string(),
    revision: z.number().optional(),
    revisions: z.number().describe('revisions (ReplicaSets) kept'),
    template_diff: z
      .array(z.string())
      .optional()
      .describe('what the current revision changed in the pod template, from the one before'),
    earlier_different: z
      .string()
      .optional()
      .describe(
        'the newest earlier revision whose template differs from the current one (a rollback target)',
      ),
    changes: z.array(changeSchema).describe('newest first'),
    more: z.string().optional(),
  }),
  async run({ namespace, deployment, hours_back }, { cluster, now, budget }) {
    const object = await cluster.get('apps/deployments', namespace, deployment);
    const [replicaSets, events] = await Promise.all([
      cluster.list('apps/replicasets', { namespace }),
      cluster.list('core/events', { namespace }),
    ]);
    const owned = replicaSets
      .filter((rs) =>
        rs.metadata.ownerReferences?.some(
          (o) =>
            o.kind === 'Deployment' && (o.name === deployment || (o.uid && o.uid === object.metadata.uid)),
        ),
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    const since = now - hours_back * 3_600_000;
    const changes: Change[] = [];
    // Rollouts: each ReplicaSet revision is a template change; say what differs from the one before.
    owned.forEach((rs, index) => {
      const created = Date.parse(rs.metadata.creationTimestamp ?? '');
      const previous = owned[index - 1];
      const cause = rs.metadata.annotations?.['kubernetes.io/change-cause'];
      let what: string;
      if (!previous) what = `created with image ${images(rs.spec?.template)}`;
      else if (images(previous.spec?.template) !== images(rs.spec?.template)) {
        what = `image ${imageChange(images(previous.spec?.template), images(rs.spec?.template))}`;
      } else {
        const diff = diffPodTemplates(previous.spec?.template, rs.spec?.template);
        what = diff.length
          ? `template: ${clip(diff.slice(0, 2).join('; '), 160)}`
          : 'restarted (same pod spec, template annotations only)';
      }
      changes.push({
        at: Number.isNaN(created) ? 0 : created,
        change: `${what} (revision ${revisionOf(rs)})${cause ? `: ${cause}` : ''}`,
      });
    });
    // Scales: the deployment controller's ScalingReplicaSet events on this Deployment.
    const ownedNames = new Set(owned.map((rs) => rs.metadata.name));
    const rolloutStarts = owned
      .slice(1)
      .map((rs) => Date.parse(rs.metadata.creationTimestamp ?? ''))
      .filter((t) => !Number.isNaN(t));
    for (const event of events) {
      if (event.reason !== 'ScalingReplicaSet') continue;
      const about = event.involvedObject ?? event.regarding ?? {};
      if (about.kind !== 'Deployment' || about.name !== deployment) continue;
      const match = SCALED.exec(String(event.message ?? ''));
      if (!match) continue;
      const [, , rs, fromA, to, fromB] = match;
      const from = fromA ?? fromB;
      const at = eventTime(event);
      // The deployment controller's own steps of a rollout are said by the revision line.
      if (
        rs &&
        ownedNames.has(rs) &&
        rolloutStarts.some((start) => Math.abs(at - start) <= ROLLOUT_WINDOW_MS)
      ) {
        continue;
      }
      changes.push({
        at: eventTime(event),
        change:
          from !== undefined
            ? `scaled ${from}→${to} (replica set ${rs})`
            : `scaled to ${to} (replica set ${rs})`,
      });
    }
    const recent = changes.filter((c) => c.at >= since).sort((a, b) => b.at - a.at);
    const ready = Number(object.status?.readyReplicas ?? 0);
    const desired = Number(object.spec?.replicas ?? 1);
    const current = images(object.spec?.template);
    const newest = owned.at(-1);
    const templateDiff =
      newest && owned.length > 1 ? diffPodTemplates(owned.at(-2)?.spec?.template, newest.spec?.template) : [];
    const earlier = [...owned]
      .reverse()
      .slice(1)
      .find((rs) => diffPodTemplates(rs.spec?.template, object.spec?.template).length > 0);
    const earlierDifferent = earlier
      ? `revision ${revisionOf(earlier)}, ${formatAge(now - Date.parse(earlier.metadata.creationTimestamp ?? ''))} old`
      : undefined;
    const summary = recent.length
      ? `${recent.length} change${recent.length === 1 ? '' : 's'} to ${deployment} in the last ${hours_back}h; latest ${formatAge(now - (recent[0] as Change).at)} ago: ${(recent[0] as Change).change}`
      : `no changes to ${deployment} in the last ${hours_back}h`;
    const revisionsSaid = `; ${owned.length} revision${owned.length === 1 ? '' : 's'} kept${earlier ? `, an earlier different one: revision ${revisionOf(earlier)}` : owned.length > 1 ? ', none with a different template' : ''}`;
    return fitToBudget(
      (limit) => {
        // Rollouts (revision lines) before scales when the budget is short; shown newest first.
        const isRollout = (c: Change) => /\(revision \d+\)/.test(c.change);
        const shown = [...recent.filter(isRollout), ...recent.filter((c) => !isRollout(c))]
          .slice(0, limit)
          .sort((a, b) => b.at - a.at);
        return {
          summary: `${summary}${revisionsSaid}`,
          deployment,
          namespace,
          replicas: `${ready}/${desired}`,
          image: current,
          revision: revisionOf(object) || undefined,
          revisions: owned.length,
          // One difference is said by the revision's change line already; the diff lists them all.
          template_diff:
            templateDiff.length > 1 && limit > 0
              ? templateDiff.slice(0, Math.min(limit, 8)).map((d) => clip(d, 160))
              : undefined,
          earlier_different: limit > 1 ? earlierDifferent : undefined,
          changes: shown.map((c) => ({
            when: `${formatAge(now - c.at)} ago`,
            time: new Date(c.at).toISOString(),
            change: c.change,
          })),
          more: moreNote(recent.length, shown.length, 'lower hours_back or raise token_budget'),
        };
      },
      renderFacts,
      budget,
    );
  },
});
