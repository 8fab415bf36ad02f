// A built-in scenario as written in code: scenario.yaml's content, the cluster, alert files and logs.
import type { KubeObject } from '../../store.js';
import type { Expectation } from '../schema.js';
import type { SimulationInput } from '../../controllers/simulation.js';

export interface BuiltinScenario {
  name: string;
  title: string;
  description: string;
  now: string;
  /** Accepted actions (preferred first), the target, the facts evidence should hold and the actions that would be wrong here. */
  expect: Pick<Expectation, 'actions' | 'target' | 'facts' | 'forbidden'>;
  simulation?: SimulationInput;
  objects: KubeObject[];
  /** Alert files by path relative to the scenario folder (`alerts/high-memory.json`), in triage order. */
  alerts: Array<{ file: string; json: unknown }>;
  /** Log files by path relative to the scenario folder (`logs/<ns>/<pod>/<container>.log`). */
  logs: Record<string, string>;
}
