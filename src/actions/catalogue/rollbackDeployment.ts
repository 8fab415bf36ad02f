// rollback_deployment: put back the pod template of an earlier revision, as `kubectl rollout undo` does.
import { z } from 'zod';
import { tryParseQuantity } from '../../cluster/quantity.js';
import { defineAction } from '../actionDefinition.js';
import {
  type Draft,
  RESOURCE_FIELDS,
  controllerOf,
  pin,
  refOf,
  refuse,
  revisionOf,
  showResource,
  targetOf,
  workloadOf,
} from '../draft.js';
import { type KubeObject, refText } from '../kube.js';
import { kubectl, resourceArg } from '../kubectlCommand.js';
import { count } from '../parameters.js';
import type { FieldChange } from '../planSteps.js';
import { lookAtRollout } from '../rollout.js';

const parameters = z
  .object({
    revision: count('revision')
      .pipe(z.number().min(1))
      .optional()
      .describe('revision to go back to; the previous one when left out'),
  })
  .strict();

/** Image and resource differences between two pod templates, container by container. */
function templateDiff(object: string, before: KubeObject, after: KubeObject): FieldChange[] {
  const out: FieldChange[] = [];
  const beforeContainers: KubeObject[] = before.spec?.containers ?? [];
  for (const c of (after.spec?.containers ?? []) as KubeObject[]) {
    const old = beforeContainers.find((b) => b.name === c.name);
    if (old?.image !== c.image)
      out.push({
        object,
        field: `image (container ${c.name})`,
        before: old?.image ?? 'none',
        after: c.image,
      });
    for (const [, resource, which] of RESOURCE_FIELDS) {
      const a = tryParseQuantity(old?.resources?.[which]?.[resource]);
      const b = tryParseQuantity(c.resources?.[which]?.[resource]);
      if (a !== b) {
        out.push({
          object,
          field: `${resource} ${which === 'limits' ? 'limit' : 'request'} (container ${c.name})`,
          before: showResource(resource, a),
          after: showResource(resource, b),
        });
      }
    }
  }
  return out;
}

export const rollbackDeployment = defineAction({
  type: 'rollback_deployment',
  summary: 'roll a Deployment back to the previous (or a named) revision',
  parameters,
  example: { revision: 3 },
  risk: 'medium',
  destructive: false,
  targetKinds: ['Deployment', 'Pod'],
  writes: 'cluster',
  addsLoad: false,
  changes: "the Deployment's pod template is replaced by the revision's; pods are replaced",
  revert: 'rollback_deployment to the revision that was current before',

  async plan(input): Promise<Draft> {
    const { ref, object } = await workloadOf(input.cluster, input.requested, ['Deployment']);
    const current = revisionOf(object);
    const labels = (object.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const owned = (await input.cluster.replicaSets(ref.namespace ?? '', selector || undefined)).filter(
      (rs) => controllerOf(rs)?.uid === object.metadata.uid || controllerOf(rs)?.name === ref.name,
    );
    const revisions = owned
      .map((rs) => ({ rs, revision: revisionOf(rs) ?? 0 }))
      .filter((r) => r.revision > 0)
      .sort((a, b) => b.revision - a.revision);
    const wanted =
      input.parameters.revision ??
      revisions.find((r) => current === undefined || r.revision < current)?.revision;
    const found = revisions.find((r) => r.revision === wanted);
    if (!found) {
      const known = revisions.map((r) => r.revision).join(', ') || 'none';
      return refuse(
        'nothing_to_change',
        wanted === undefined
          ? `${refText(ref)} has no earlier revision to roll back to (revisions: ${known})`
          : `${refText(ref)} has no revision ${wanted} (revisions: ${known})`,
      );
    }
    if (found.revision === current) {
      return refuse('nothing_to_change', `${refText(ref)} is already at revision ${current}`);
    }
    const template = structuredClone(found.rs.spec?.template ?? {}) as KubeObject;
    if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
    const changes: FieldChange[] = [
      {
        object: refText(ref),
        field: 'revision',
        before: String(current ?? 'unknown'),
        after: String(found.revision),
      },
      ...templateDiff(refText(ref), object.spec?.template ?? {}, template),
    ];
    return {
      target: targetOf(ref),
      ref,
      object,
      steps: [
        {
          kind: 'patch',
          ref,
          ops: [pin(object), { op: 'replace', path: '/spec/template', value: template }],
          description: `roll ${refText(ref)} back to revision ${found.revision}`,
        },
      ],
      changes,
      verification: `rollout of ${refText(ref)} until every replica runs revision ${found.revision}'s template and is available`,
      bounded: [],
      revisionBefore: current,
      inverse: current ? { action: 'rollback_deployment', parameters: { revision: current } } : undefined,
      warnings: [],
    };
  },

  verify: (plan, { cluster }) => lookAtRollout(cluster, refOf(plan.target)),

  kubectl({ target, parameters, changes }) {
    // The planner names the revision it chose in the "revision" change, also when the parameter was left out.
    const revision = changes.find((c) => c.field === 'revision')?.after ?? parameters.revision;
    return [
      kubectl(
        target.namespace,
        'rollout',
        'undo',
        resourceArg(target),
        revision === undefined ? undefined : `--to-revision=${revision}`,
      ),
    ];
  },
});
