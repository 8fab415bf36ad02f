// uncordon_node: mark a node schedulable again.
import { defineAction } from '../actionDefinition.js';
import { commandLine } from '../kubectlCommand.js';
import { lookAtSchedulable, planSchedulable } from '../nodeSchedulable.js';
import { noParameters } from '../parameters.js';

export const uncordonNode = defineAction({
  type: 'uncordon_node',
  summary: 'mark a node schedulable again',
  parameters: noParameters,
  example: {},
  risk: 'low',
  destructive: false,
  targetKinds: ['Node'],
  writes: 'cluster',
  addsLoad: false,
  changes: 'spec.unschedulable = false',
  revert: 'cordon_node',
  plan: (input) => planSchedulable(input, false),
  verify: (plan, context) => lookAtSchedulable(plan, context, false),
  kubectl: ({ target }) => [commandLine('kubectl', 'uncordon', target.name)],
});
