// Cordon and uncordon share one planner and one check: spec.unschedulable set to true or false.
import type { Look, PlannedAction, VerifyContext } from './actionDefinition.js';
import { type Draft, type PlannerInput, pin, refOf, refuse, targetOf } from './draft.js';
import { refText } from './kube.js';

export async function planSchedulable(input: PlannerInput, unschedulable: boolean): Promise<Draft> {
  const ref = refOf(input.requested);
  const node = await input.cluster.read(ref);
  const before = Boolean(node.spec?.unschedulable);
  if (before === unschedulable) {
    return refuse(
      'nothing_to_change',
      `node ${ref.name} is already ${unschedulable ? 'cordoned' : 'schedulable'}`,
    );
  }
  return {
    target: targetOf(ref),
    ref,
    object: node,
    steps: [
      {
        kind: 'patch',
        ref,
        ops: [pin(node), { op: 'add', path: '/spec/unschedulable', value: unschedulable }],
        description: `${unschedulable ? 'cordon' : 'uncordon'} node ${ref.name}`,
      },
    ],
    changes: [
      { object: refText(ref), field: 'unschedulable', before: String(before), after: String(unschedulable) },
    ],
    verification: `node ${ref.name} is ${unschedulable ? 'unschedulable' : 'schedulable'}`,
    bounded: [],
    inverse: { action: unschedulable ? 'uncordon_node' : 'cordon_node', parameters: {} },
    warnings: [],
  };
}

export async function lookAtSchedulable(
  plan: PlannedAction,
  { cluster }: VerifyContext,
  unschedulable: boolean,
): Promise<Look> {
  const ref = refOf(plan.target);
  const node = await cluster.read(ref);
  return Boolean(node.spec?.unschedulable) === unschedulable
    ? { state: 'done', message: `node ${ref.name} is ${unschedulable ? 'unschedulable' : 'schedulable'}` }
    : {
        state: 'failed',
        message: `node ${ref.name} is still ${unschedulable ? 'schedulable' : 'unschedulable'}`,
      };
}
