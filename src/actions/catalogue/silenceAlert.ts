// silence_alert: an AlertManager silence on the alert's identifying labels; the cluster is not changed.
import { z } from 'zod';
import type { Alert } from '../../alerts/alert.js';
import { defineAction } from '../actionDefinition.js';
import { WORKLOAD_KINDS } from '../actionTarget.js';
import { type Draft, refuse } from '../draft.js';
import { commandLine } from '../kubectlCommand.js';
import { durationMs } from '../parameters.js';

const parameters = z
  .object({
    duration: z
      .string()
      .default('1h')
      .refine((d) => {
        const ms = durationMs(d);
        return ms !== undefined && ms > 0 && ms <= 24 * 3600 * 1000;
      }, 'duration must be like "30m", "2h" or "1h30m", at most 24h')
      .describe('how long the silence lasts, e.g. "2h" (default 1h, at most 24h)'),
    comment: z.string().max(500).optional().describe('why; kopilot adds the triage id'),
  })
  .strict();

/** Labels that identify one alert instance; AlertManager-added and volatile ones are left out. */
function silenceMatchers(alert: Alert) {
  return Object.entries(alert.labels)
    .filter(([name]) => !['severity', 'prometheus', 'receive_resource'].includes(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

/** amtool's matcher syntax: `name=value`, the value in double quotes when it is not a plain word. */
function matcherText(m: { name: string; value: string; isRegex: boolean; isEqual: boolean }): string {
  const op = m.isEqual ? (m.isRegex ? '=~' : '=') : m.isRegex ? '!~' : '!=';
  const value = /^[A-Za-z0-9_.-]+$/.test(m.value) ? m.value : JSON.stringify(m.value);
  return `${m.name}${op}${value}`;
}

export const silenceAlert = defineAction({
  type: 'silence_alert',
  summary: 'silence the alert in AlertManager for a while (the cluster is not changed)',
  parameters,
  example: { duration: '2h', comment: 'known issue, fix rolling out' },
  risk: 'medium',
  destructive: true,
  targetKinds: [
    'Alert',
    ...WORKLOAD_KINDS,
    'Pod',
    'Node',
    'PersistentVolumeClaim',
    'HorizontalPodAutoscaler',
  ],
  writes: 'alertmanager',
  addsLoad: false,
  changes: "an AlertManager silence matching the alert's labels",
  revert: 'expire the silence',

  async plan(input): Promise<Draft> {
    const alert = input.alert;
    if (!alert) return refuse('invalid', 'silence_alert needs the alert under triage; none was given');
    const ms = durationMs(input.parameters.duration) as number;
    const matchers = silenceMatchers(alert);
    const labelText = matchers.map((m) => `${m.name}="${m.value}"`).join(', ');
    const comment = `${input.parameters.comment ?? 'silenced from kopilot triage'} (kopilot, alert ${alert.fingerprint})`;
    return {
      target: { kind: 'Alert', name: alert.name },
      steps: [
        {
          kind: 'silence',
          matchers,
          durationMs: ms,
          comment,
          description: `silence ${alert.name} for ${input.parameters.duration}`,
        },
      ],
      changes: [
        {
          object: `Alert ${alert.name}`,
          field: `AlertManager silence {${labelText}}`,
          before: 'none',
          after: `for ${input.parameters.duration}`,
        },
      ],
      verification: `the silence is active in AlertManager`,
      bounded: [],
      warnings: [],
    };
  },

  async verify(_plan, { alertmanager, facts }) {
    if (!alertmanager || !facts.silenceId) return { state: 'failed', message: 'no silence was created' };
    const silence = await alertmanager.getSilence(facts.silenceId);
    return silence.status.state === 'active'
      ? { state: 'done', message: `silence ${silence.id} is active until ${silence.endsAt}` }
      : {
          state: silence.status.state === 'pending' ? 'waiting' : 'failed',
          message: `silence ${silence.id} is ${silence.status.state}`,
        };
  },

  // Not kubectl: the same silence made with amtool, AlertManager's own command line.
  kubectl: ({ steps, parameters }) =>
    steps.flatMap((step) =>
      step.kind === 'silence'
        ? [
            commandLine(
              'amtool',
              'silence',
              'add',
              `--duration=${parameters.duration}`,
              '--comment',
              step.comment,
              ...step.matchers.map(matcherText),
            ),
          ]
        : [],
    ),
});
