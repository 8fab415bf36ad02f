// relax_pdb: loosen a PodDisruptionBudget (minAvailable down or maxUnavailable up) so evictions can proceed.
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { type Draft, pin, refOf, refuse, targetOf } from '../draft.js';
import { type JsonPatchOp, refText } from '../kube.js';
import { patchCommands } from '../kubectlCommand.js';
import { percentOrCount } from '../parameters.js';
import type { FieldChange } from '../planSteps.js';

const parameters = z
  .object({
    min_available: percentOrCount('min_available').optional().describe('new minAvailable, e.g. 1 or "50%"'),
    max_unavailable: percentOrCount('max_unavailable')
      .optional()
      .describe('new maxUnavailable, e.g. 1 or "50%"'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.min_available === undefined) === (p.max_unavailable === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of min_available or max_unavailable, e.g. {"max_unavailable":1}',
      });
    }
  });

type Budget = { minAvailable?: number | string; maxUnavailable?: number | string };
const show = (v: unknown) => (v === undefined ? 'none' : String(v));

export const relaxPdb = defineAction({
  type: 'relax_pdb',
  summary: 'loosen a PodDisruptionBudget so evictions can proceed',
  parameters,
  example: { max_unavailable: 1 },
  risk: 'high',
  destructive: false,
  targetKinds: ['PodDisruptionBudget'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'spec.minAvailable or spec.maxUnavailable',
  revert: 'relax_pdb back to the previous value',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const pdb = await input.cluster.read(ref);
    const spec = (pdb.spec ?? {}) as Budget;
    const { min_available: minAvailable, max_unavailable: maxUnavailable } = input.parameters;
    const ops: JsonPatchOp[] = [pin(pdb)];
    const changes: FieldChange[] = [];
    // Setting one field removes the other: a budget has exactly one of them.
    const set = (field: keyof Budget, other: keyof Budget, value: number | string) => {
      if (spec[other] !== undefined) ops.push({ op: 'remove', path: `/spec/${other}` });
      ops.push({ op: 'add', path: `/spec/${field}`, value });
      changes.push({ object: refText(ref), field, before: show(spec[field]), after: show(value) });
      if (spec[other] !== undefined)
        changes.push({ object: refText(ref), field: other, before: show(spec[other]), after: 'none' });
    };
    if (minAvailable !== undefined) {
      if (
        typeof minAvailable === typeof spec.minAvailable &&
        Number.parseInt(String(minAvailable)) >= Number.parseInt(String(spec.minAvailable))
      ) {
        return refuse(
          'invalid',
          `minAvailable ${minAvailable} does not relax ${refText(ref)} (today ${spec.minAvailable})`,
        );
      }
      set('minAvailable', 'maxUnavailable', minAvailable);
    } else if (maxUnavailable !== undefined) {
      if (
        typeof maxUnavailable === typeof spec.maxUnavailable &&
        Number.parseInt(String(maxUnavailable)) <= Number.parseInt(String(spec.maxUnavailable))
      ) {
        return refuse(
          'invalid',
          `maxUnavailable ${maxUnavailable} does not relax ${refText(ref)} (today ${spec.maxUnavailable})`,
        );
      }
      set('maxUnavailable', 'minAvailable', maxUnavailable);
    }
    const inverse =
      spec.minAvailable !== undefined
        ? { min_available: spec.minAvailable }
        : spec.maxUnavailable !== undefined
          ? { max_unavailable: spec.maxUnavailable }
          : undefined;
    return {
      target: targetOf(ref),
      ref,
      object: pdb,
      steps: [{ kind: 'patch', ref, ops, description: `relax ${refText(ref)}` }],
      changes,
      verification: `${refText(ref)} allows at least one disruption`,
      bounded: [],
      inverse: inverse ? { action: 'relax_pdb', parameters: inverse } : undefined,
      warnings: [],
    };
  },

  async verify({ target }, { cluster }) {
    const ref = refOf(target);
    const pdb = await cluster.read(ref);
    const allowed = Number(pdb.status?.disruptionsAllowed ?? 0);
    return allowed >= 1
      ? { state: 'done', message: `${refText(ref)} now allows ${allowed} disruption(s)` }
      : {
          state: 'waiting',
          message: `${refText(ref)} allows 0 disruptions (${String(pdb.status?.currentHealthy ?? '?')} healthy, ${String(pdb.status?.desiredHealthy ?? '?')} needed)`,
        };
  },

  kubectl: ({ steps }) => patchCommands(steps),
});
