// Turns a built-in scenario definition into the files of its folder (scenario.yaml, cluster.yaml, alerts, logs).
import { stringify } from 'yaml';
import type { BuiltinScenario } from './types.js';

const HEADER =
  '# Generated from src/sandbox/scenarios/authoring: edit the definition there and run\n# node --import tsx src/sandbox/scenarios/authoring/write.ts\n';

export function renderScenario(scenario: BuiltinScenario): Map<string, string> {
  const files = new Map<string, string>();
  const file = {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    now: scenario.now,
    alerts: scenario.alerts.map((a) => a.file),
    expect: scenario.expect,
    ...(scenario.simulation ? { simulation: scenario.simulation } : {}),
  };
  files.set(
    'scenario.yaml',
    HEADER + stringify(file, { lineWidth: 0, singleQuote: true, aliasDuplicateObjects: false }),
  );
  files.set(
    'cluster.yaml',
    HEADER +
      scenario.objects
        .map((o) => stringify(o, { lineWidth: 0, singleQuote: true, aliasDuplicateObjects: false }))
        .join('---\n'),
  );
  for (const alert of scenario.alerts) files.set(alert.file, `${JSON.stringify(alert.json, null, 2)}\n`);
  for (const [path, text] of Object.entries(scenario.logs)) files.set(path, text);
  return files;
}
