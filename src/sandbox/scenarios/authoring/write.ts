// Writes every built-in scenario folder under scenarios/ from its definition (run with node --import tsx).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinScenariosDir } from '../builtins.js';
import { BUILTIN_SCENARIOS } from './index.js';
import { renderScenario } from './render.js';

export async function writeBuiltinScenarios(root = builtinScenariosDir()): Promise<string[]> {
  const names: string[] = [];
  for (const define of BUILTIN_SCENARIOS) {
    const scenario = define();
    const dir = path.join(root, scenario.name);
    await rm(dir, { recursive: true, force: true });
    for (const [file, text] of renderScenario(scenario)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    names.push(scenario.name);
  }
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const names = await writeBuiltinScenarios();
  console.log(`wrote ${names.length} scenarios: ${names.join(', ')}`);
}
