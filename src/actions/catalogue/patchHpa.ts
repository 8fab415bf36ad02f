// patch_hpa: change a HorizontalPodAutoscaler's minReplicas and/or maxReplicas.
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { type BoundedChange, type Draft, pin, refOf, refuse, targetOf } from '../draft.js';
import { type JsonPatchOp, refText } from '../kube.js';
import { patchCommands } from '../kubectlCommand.js';
import { count } from '../parameters.js';
import type { FieldChange } from '../planSteps.js';

const parameters = z
  .object({
    min_replicas: count('min_replicas').pipe(z.number().min(1)).optional().describe('new minReplicas'),
    max_replicas: count('max_replicas').pipe(z.number().min(1)).optional().describe('new maxReplicas'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.min_replicas === undefined && p.max_replicas === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'give min_replicas or max_replicas, e.g. {"max_replicas":10}',
      });
    }
    if (p.min_replicas !== undefined && p.max_replicas !== undefined && p.min_replicas > p.max_replicas) {
      ctx.addIssue({
        code: 'custom',
        message: `min_replicas ${p.min_replicas} is above max_replicas ${p.max_replicas}`,
      });
    }
  });

export const patchHpa = defineAction({
  type: 'patch_hpa',
  summary: "change a HorizontalPodAutoscaler's minReplicas/maxReplicas",
  parameters,
  example: { max_replicas: 10 },
  risk: 'low',
  destructive: false,
  targetKinds: ['HorizontalPodAutoscaler'],
  writes: 'cluster',
  addsLoad: true,
  changes: 'spec.minReplicas and/or spec.maxReplicas',
  revert: 'patch_hpa back to the previous bounds',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const hpa = await input.cluster.read(ref);
    const ops: JsonPatchOp[] = [pin(hpa)];
    const changes: FieldChange[] = [];
    const bounded: BoundedChange[] = [];
    const inverse: Record<string, unknown> = {};
    let up = false;
    const fields = [
      ['min_replicas', 'minReplicas', Number(hpa.spec?.minReplicas ?? 1)],
      ['max_replicas', 'maxReplicas', Number(hpa.spec?.maxReplicas ?? 1)],
    ] as const;
    const next = { minReplicas: fields[0][2], maxReplicas: fields[1][2] };
    for (const [param, field, before] of fields) {
      const after = input.parameters[param];
      if (after === undefined || after === before) continue;
      next[field] = after;
      ops.push({ op: 'add', path: `/spec/${field}`, value: after });
      changes.push({ object: refText(ref), field, before: String(before), after: String(after) });
      bounded.push({ field, unit: 'replicas', before, after });
      inverse[param] = before;
      if (after > before) up = true;
    }
    if (!changes.length) return refuse('nothing_to_change', `${refText(ref)} already has those bounds`);
    if (next.minReplicas > next.maxReplicas) {
      return refuse(
        'invalid',
        `minReplicas ${next.minReplicas} would be above maxReplicas ${next.maxReplicas}`,
      );
    }
    return {
      target: targetOf(ref),
      ref,
      object: hpa,
      steps: [{ kind: 'patch', ref, ops, description: `patch ${refText(ref)} replica bounds` }],
      changes,
      direction: up ? 'up' : 'down',
      verification: `${refText(ref)} reports the new bounds and its replicas within them`,
      bounded,
      inverse: { action: 'patch_hpa', parameters: inverse },
      warnings: [],
    };
  },

  async verify({ target, parameters }, { cluster }) {
    const ref = refOf(target);
    const hpa = await cluster.read(ref);
    const min = Number(hpa.spec?.minReplicas ?? 1);
    const max = Number(hpa.spec?.maxReplicas ?? 1);
    if (
      (parameters.min_replicas !== undefined && min !== parameters.min_replicas) ||
      (parameters.max_replicas !== undefined && max !== parameters.max_replicas)
    ) {
      return {
        state: 'failed',
        message: `${refText(ref)} does not show the new bounds (min ${min}, max ${max})`,
      };
    }
    const current = hpa.status?.currentReplicas;
    const desired = hpa.status?.desiredReplicas;
    if (current === undefined)
      return { state: 'done', message: `${refText(ref)} bounds are now ${min}–${max}` };
    if (current >= min && current <= max)
      return {
        state: 'done',
        message: `${refText(ref)} bounds ${min}–${max}; ${current} replicas (desired ${desired ?? current})`,
      };
    return { state: 'waiting', message: `${refText(ref)}: ${current} replicas, bounds ${min}–${max}` };
  },

  kubectl: ({ steps }) => patchCommands(steps),
});
