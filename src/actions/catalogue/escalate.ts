// escalate: change nothing and hand a summary to a human, when no action is safe or the evidence is unclear.
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { ACTION_TARGET_KINDS } from '../actionTarget.js';
import type { Draft } from '../draft.js';

const parameters = z
  .object({
    summary: z.string().max(2000).optional().describe('what a human should look at and why'),
  })
  .strict();

export const escalate = defineAction({
  type: 'escalate',
  summary: 'change nothing; hand a summary to a human (when no action is safe or evidence is unclear)',
  parameters,
  example: { summary: 'node worker-02 NotReady, cause unknown' },
  risk: 'low',
  destructive: false,
  targetKinds: ACTION_TARGET_KINDS,
  writes: 'nothing',
  addsLoad: false,
  changes: 'nothing',
  revert: 'nothing to revert',

  async plan(input): Promise<Draft> {
    const summary = input.parameters.summary ?? `look at ${input.requested.kind} ${input.requested.name}`;
    return {
      target: input.requested,
      steps: [{ kind: 'note', summary, description: 'hand over to a human; nothing is changed' }],
      changes: [],
      verification: 'nothing to verify',
      bounded: [],
      warnings: [],
    };
  },

  verify: async () => ({ state: 'done', message: 'nothing was changed; handed over to a human' }),

  kubectl: () => [],
});
