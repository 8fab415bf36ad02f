// Every built-in scenario definition, by name; `write.ts` turns them into the scenarios/ folders.
import type { BuiltinScenario } from './types.js';
import { webappMemory } from './webappMemory.js';

export const BUILTIN_SCENARIOS: ReadonlyArray<() => BuiltinScenario> = [webappMemory];
