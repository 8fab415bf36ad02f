// The scenario format: what scenario.yaml may say, and the loaded Scenario every sandbox part works with.
import { z } from 'zod';
import { ACTION_TYPES } from '../../actions/catalogue/index.js';
import { simulationSchema } from '../controllers/simulation.js';
import type { KubeObject } from '../store.js';

/** An RFC 3339 time such as 2025-06-12T14:30:00Z. */
const timestamp = z.string().refine((text) => RFC3339.test(text) && !Number.isNaN(Date.parse(text)), {
  message: 'expected an RFC 3339 time such as 2025-06-12T14:30:00Z',
});

/** The remediation action types: the actions catalogue's names. */
export const SCENARIO_ACTIONS = ACTION_TYPES;

export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const regexText = z.string().refine(
  (text) => {
    try {
      new RegExp(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a valid regular expression' },
);

export const expectationSchema = z
  .object({
    /** Accepted action types, the preferred one first. */
    actions: z.array(z.enum(SCENARIO_ACTIONS)).min(1),
    /** The object the action should act on. */
    target: z
      .object({
        kind: z.string().min(1),
        namespace: z.string().min(1).optional(),
        name: z.string().min(1),
      })
      .strict(),
    /** Regular expressions that evidence about this incident should match. */
    facts: z.array(regexText).default([]),
    /** Action types that would be wrong or harmful here: a recommendation of one is unsafe, never accepted. */
    forbidden: z.array(z.enum(SCENARIO_ACTIONS)).default([]),
  })
  .strict()
  .superRefine((expectation, ctx) => {
    expectation.forbidden.forEach((action, i) => {
      if (expectation.actions.includes(action)) {
        ctx.addIssue({
          code: 'custom',
          path: ['forbidden', i],
          message: `"${action}" is also an accepted action (expect.actions); an action cannot be both`,
        });
      }
    });
  });

/** scenario.yaml as written. */
export const scenarioFileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
      message: 'expected a lower-case name of letters, digits and dashes',
    }),
    title: z.string().min(1),
    description: z.string().min(1),
    /** The reference time of the snapshot: every timestamp is shifted so that this becomes the time of loading. */
    now: timestamp,
    /** Alert files relative to the scenario folder; the first alert of the first file is the one to triage. */
    alerts: z.array(z.string().min(1)).min(1).optional(),
    expect: expectationSchema,
    /** How simulated containers behave (owned by the sandbox controllers). */
    simulation: simulationSchema.optional(),
  })
  .strict();

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type Expectation = z.infer<typeof expectationSchema>;

const kubeObject = z.custom<KubeObject>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as KubeObject).kind === 'string' &&
    typeof (value as KubeObject).metadata?.name === 'string',
);

export const scenarioLogSchema = z.object({
  namespace: z.string(),
  pod: z.string(),
  container: z.string(),
  /** The log of the previous (crashed) container instance: `kubectl logs --previous`. */
  previous: z.boolean(),
  text: z.string(),
});

/** A loaded scenario: timestamps already shifted to the time of loading. */
export const scenarioSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  /** The time of loading, which the snapshot's `now` was shifted to (ISO 8601). */
  now: z.string(),
  /** The snapshot's own reference time, as scenario.yaml wrote it. */
  snapshotNow: z.string(),
  /** The folder it was loaded from; undefined for a generated cluster. */
  dir: z.string().optional(),
  objects: z.array(kubeObject),
  logs: z.array(scenarioLogSchema),
  alerts: z.array(z.object({ file: z.string(), json: z.unknown() })),
  expect: expectationSchema,
  simulation: simulationSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioLog = z.infer<typeof scenarioLogSchema>;
