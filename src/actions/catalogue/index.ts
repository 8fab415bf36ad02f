// The action catalogue: one file per action, listed here once; ACTION_TYPES, the lookup and the dispatch come from it.
import type { z } from 'zod';
import type { ActionDefinition } from '../actionDefinition.js';
import { collectDiagnostics } from './collectDiagnostics.js';
import { cordonNode } from './cordonNode.js';
import { drainNode } from './drainNode.js';
import { escalate } from './escalate.js';
import { expandPvc } from './expandPvc.js';
import { increaseResources } from './increaseResources.js';
import { patchHpa } from './patchHpa.js';
import { relaxPdb } from './relaxPdb.js';
import { removeTaint } from './removeTaint.js';
import { restartPod } from './restartPod.js';
import { restartWorkload } from './restartWorkload.js';
import { rollbackDeployment } from './rollbackDeployment.js';
import { scaleWorkload } from './scaleWorkload.js';
import { silenceAlert } from './silenceAlert.js';
import { uncordonNode } from './uncordonNode.js';

/** Every action, in the order the model and the engineer see them. A new action is a file and a line here. */
const ACTIONS = [
  increaseResources,
  scaleWorkload,
  restartWorkload,
  restartPod,
  rollbackDeployment,
  patchHpa,
  cordonNode,
  uncordonNode,
  drainNode,
  removeTaint,
  expandPvc,
  relaxPdb,
  silenceAlert,
  collectDiagnostics,
  escalate,
] as const;

type Actions = typeof ACTIONS;
export type ActionType = Actions[number]['type'];

/** The names of a tuple of actions, as a tuple (a generic mapped type keeps the tuple's shape). */
type TypesOf<T extends readonly unknown[]> = {
  readonly [I in keyof T]: T[I] extends { type: infer N } ? N : never;
};

export const ACTION_TYPES = ACTIONS.map((action) => action.type) as unknown as TypesOf<Actions>;

export const actionCatalogue = Object.fromEntries(ACTIONS.map((action) => [action.type, action])) as {
  readonly [K in ActionType]: Extract<Actions[number], { type: K }>;
};

export type ActionParameters = { [K in ActionType]: z.output<(typeof actionCatalogue)[K]['parameters']> };

export function isActionType(value: string): value is ActionType {
  return (ACTION_TYPES as readonly string[]).includes(value);
}

/** One action's definition with its parameter type left open, for code that dispatches on `plan.action`. */
export function definitionOf(action: ActionType): ActionDefinition {
  return actionCatalogue[action] as unknown as ActionDefinition;
}

/** The parameter fields of an action's schema, by name. */
export function parameterShape(action: ActionType): Record<string, z.ZodType> {
  const schema = actionCatalogue[action].parameters as unknown as { shape?: Record<string, z.ZodType> };
  return schema.shape ?? {};
}
