// The scenario format's public face: load built-in or user scenarios, list them, put them in the sandbox store.
export { loadScenario, type LoadScenarioOptions } from './loader.js';
export { builtinScenariosDir, listBuiltinScenarios } from './builtins.js';
export { loadIntoStore, resourceKeyOf } from './store.js';
export { scenarioSchema, scenarioFileSchema, expectationSchema, SCENARIO_ACTIONS } from './schema.js';
export type { Scenario, ScenarioFile, ScenarioLog, Expectation } from './schema.js';
export { shiftTimestamp, shiftTimestamps } from './timeShift.js';
export { generateSyntheticCluster, parseSyntheticSpec, type SyntheticOptions } from './synthetic.js';
