// The action catalogue as text for the prompt: one line per action with its parameters and an example.
import { ACTION_TARGET_KINDS } from './actionTarget.js';
import { ACTION_TYPES, actionCatalogue, parameterShape, type ActionType } from './catalogue/index.js';

export interface DescribeOptions {
  /** Only these actions (a playbook's shortlist); every action when left out. */
  actions?: readonly ActionType[];
}

/** The catalogue as compact text for the prompt: one line per action with its parameters and an example. */
export function describeCatalogueForModel(options: DescribeOptions = {}): string {
  const actions = options.actions ?? ACTION_TYPES;
  const lines = actions.map((action) => {
    const d = actionCatalogue[action];
    const params = Object.entries(parameterShape(action)).map(([key, field]) => {
      const optional = field.safeParse(undefined).success ? '?' : '';
      return field.description ? `${key}${optional} (${field.description})` : `${key}${optional}`;
    });
    const kinds = d.targetKinds.length === ACTION_TARGET_KINDS.length ? 'any' : d.targetKinds.join('|');
    const paramText = params.length ? ` Parameters: ${params.join('; ')}.` : ' No parameters.';
    return `- ${action} [target ${kinds}; risk ${d.risk}]: ${d.summary}.${paramText} Example: ${JSON.stringify(d.example)}`;
  });
  return [
    'Actions (recommend exactly one; a human approves it before anything changes):',
    ...lines,
    'Quantities are Kubernetes quantities: memory like "12Gi" or "512Mi", CPU like "500m" or "2".',
  ].join('\n');
}
