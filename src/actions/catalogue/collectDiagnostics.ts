// collect_diagnostics: save the target's object, events and logs to a local folder; the cluster is not changed.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineAction } from '../actionDefinition.js';
import { WORKLOAD_KINDS } from '../actionTarget.js';
import { type Draft, refOf, targetOf } from '../draft.js';
import { refText } from '../kube.js';
import { kubectl, resourceArg } from '../kubectlCommand.js';
import { count } from '../parameters.js';

const parameters = z
  .object({
    tail_lines: count('tail_lines')
      .pipe(z.number().min(1).max(5000))
      .default(200)
      .describe('log lines per container (default 200)'),
  })
  .strict();

/** Kinds whose pods have logs `kubectl logs TYPE/NAME` can read. */
const HAS_LOGS = new Set(['Pod', ...WORKLOAD_KINDS, 'ReplicaSet']);

export const collectDiagnostics = defineAction({
  type: 'collect_diagnostics',
  summary: 'save describe, events and logs of the target to a local folder (the cluster is not changed)',
  parameters,
  example: { tail_lines: 200 },
  risk: 'low',
  destructive: false,
  targetKinds: [
    ...WORKLOAD_KINDS,
    'Pod',
    'Node',
    'PersistentVolumeClaim',
    'HorizontalPodAutoscaler',
    'ReplicaSet',
  ],
  writes: 'local',
  addsLoad: false,
  changes: 'nothing in the cluster; writes a bundle folder on this machine',
  revert: 'delete the folder',

  async plan(input): Promise<Draft> {
    const ref = refOf(input.requested);
    const object = await input.cluster.read(ref);
    const stamp = input.now.toISOString().replace(/[:.]/g, '-');
    const folder = join(
      input.diagnosticsDir ??
        join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'kopilot', 'diagnostics'),
      `${ref.kind.toLowerCase()}-${ref.namespace ? `${ref.namespace}-` : ''}${ref.name}-${stamp}`,
    );
    return {
      target: targetOf(ref),
      ref,
      object,
      steps: [
        {
          kind: 'collect',
          ref,
          tailLines: input.parameters.tail_lines,
          folder,
          description: `save diagnostics of ${refText(ref)} to ${folder}`,
        },
      ],
      changes: [{ object: 'this machine', field: 'diagnostics folder', before: 'none', after: folder }],
      verification: 'the bundle files exist',
      bounded: [],
      warnings: [],
    };
  },

  async verify(_plan, { facts }) {
    const dir = facts.bundleDir;
    if (!dir) return { state: 'failed', message: 'no bundle was written' };
    await stat(join(dir, 'object.yaml'));
    return { state: 'done', message: `diagnostics saved in ${dir}` };
  },

  // The same reads by hand; unlike kopilot's bundle, their output is not redacted.
  kubectl: ({ target, parameters }) => [
    kubectl(target.namespace, 'describe', resourceArg(target)),
    ...(HAS_LOGS.has(target.kind)
      ? [
          kubectl(
            target.namespace,
            'logs',
            resourceArg(target),
            '--all-containers',
            `--tail=${parameters.tail_lines}`,
          ),
        ]
      : []),
  ],
});
