// cordon_node: mark a node unschedulable; the pods running on it stay.
import { defineAction } from '../actionDefinition.js';
import { commandLine } from '../kubectlCommand.js';
import { lookAtSchedulable, planSchedulable } from '../nodeSchedulable.js';
import { noParameters } from '../parameters.js';

export const cordonNode = defineAction({
  type: 'cordon_node',
  summary: 'mark a node unschedulable; running pods stay',
  parameters: noParameters,
  example: {},
  risk: 'low',
  destructive: false,
  targetKinds: ['Node'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'spec.unschedulable = true',
  revert: 'uncordon_node',
  plan: (input) => planSchedulable(input, true),
  verify: (plan, context) => lookAtSchedulable(plan, context, true),
  kubectl: ({ target }) => [commandLine('kubectl', 'cordon', target.name)],
});
