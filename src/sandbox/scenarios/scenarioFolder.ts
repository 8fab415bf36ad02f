// A scenario folder's own files — where it is, scenario.yaml and its alerts — without its cluster: enough to show
// the alert while the rest (thousands of objects) loads. loader.ts reads the whole folder with the same functions.
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { UsageError, errorMessage } from '../../errors.js';
import { checkAlertJson } from './alertFiles.js';
import { builtinScenariosDir, listBuiltinScenarios } from './builtins.js';
import { scenarioError, zodScenarioError } from './loadError.js';
import { scenarioFileSchema, type ScenarioFile } from './schema.js';
import { shiftTimestamps } from './timeShift.js';

/**
 * How far the snapshot moves so that its `now` becomes `at`, in whole seconds (second-precision timestamps keep
 * their exact distance from `now`) rounded down (no age reads a unit short, such as "11m" for a 12m alert).
 */
export function snapshotOffsetMs(file: ScenarioFile, at: Date): number {
  return Math.floor((at.getTime() - Date.parse(file.now)) / 1000) * 1000;
}

/** The scenario's alert files, checked and shifted as loadScenario shifts them, without reading its cluster. */
export async function loadScenarioAlerts(
  nameOrDir: string,
  options: { at?: Date } = {},
): Promise<Array<{ file: string; json: unknown }>> {
  const { dir, display } = await resolveScenarioDir(nameOrDir);
  const shown = (name: string) => path.join(display, name);
  const file = await readScenarioFile(dir, shown('scenario.yaml'));
  const offsetMs = snapshotOffsetMs(file, options.at ?? new Date());
  return (await readAlerts(dir, file, shown)).map((alert) => ({
    file: alert.file,
    json: shiftTimestamps(alert.json, offsetMs),
  }));
}

export async function resolveScenarioDir(nameOrDir: string): Promise<{ dir: string; display: string }> {
  const looksLikePath = nameOrDir.includes('/') || nameOrDir.includes(path.sep) || nameOrDir.startsWith('.');
  if (looksLikePath || existsSync(path.join(nameOrDir, 'scenario.yaml'))) {
    const dir = path.resolve(nameOrDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`scenario folder ${nameOrDir} does not exist`);
    }
    if (!existsSync(path.join(dir, 'scenario.yaml'))) {
      throw new UsageError(`${path.join(nameOrDir, 'scenario.yaml')}: missing (a scenario folder needs one)`);
    }
    return { dir, display: nameOrDir.replace(/\/+$/, '') };
  }
  const dir = path.join(builtinScenariosDir(), nameOrDir);
  if (!/^[a-z0-9-]+$/.test(nameOrDir) || !existsSync(path.join(dir, 'scenario.yaml'))) {
    const names = (await listBuiltinScenarios()).map((s) => s.name);
    throw new UsageError(`unknown scenario "${nameOrDir}"; built-in scenarios: ${names.join(', ')}`);
  }
  return { dir, display: path.join('scenarios', nameOrDir) };
}

/** The most a scenario file may hold: a 60 MB cluster.yaml took 2.2 GB of memory to load. */
export const SCENARIO_FILE_CAPS = {
  'scenario.yaml': 256 * 1024,
  'cluster.yaml': 8 * 1024 * 1024,
  alert: 1024 * 1024,
  log: 4 * 1024 * 1024,
} as const;

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * A file of the scenario folder as text: refused when its path (after symlinks) leaves the folder, or when it is
 * over its cap. `relative` is the path inside `dir`, as scenario.yaml names it.
 */
export async function readText(
  dir: string,
  relative: string,
  shown: string,
  cap: keyof typeof SCENARIO_FILE_CAPS,
): Promise<string> {
  const limit = SCENARIO_FILE_CAPS[cap];
  try {
    const root = await realpath(dir);
    const real = await realpath(path.resolve(root, relative));
    const inside = path.relative(root, real);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw scenarioError({ file: shown }, 'refused: the path leaves the scenario folder');
    }
    const { size } = await stat(real);
    if (size > limit) {
      const what = { alert: 'an alert file', log: 'a log file' }[cap as string] ?? cap;
      throw scenarioError({ file: shown }, `${size} bytes, over the ${mebibytes(limit)} limit for ${what}`);
    }
    return await readFile(real, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw scenarioError({ file: shown }, 'missing');
    throw scenarioError({ file: shown }, errorMessage(error));
  }
}

export async function readScenarioFile(dir: string, shown: string): Promise<ScenarioFile> {
  let data: unknown;
  try {
    data = parse(await readText(dir, 'scenario.yaml', shown, 'scenario.yaml'), { prettyErrors: false });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw scenarioError({ file: shown }, `not valid YAML: ${firstLine(errorMessage(error))}`);
  }
  // YAML reads `now: 2025-06-12T14:30:00Z` as a string (core schema), which is what we want.
  const result = scenarioFileSchema.safeParse(data ?? {});
  if (!result.success) throw zodScenarioError({ file: shown }, result.error, data);
  return result.data;
}

export async function readAlerts(
  dir: string,
  file: ScenarioFile,
  shown: (file: string) => string,
): Promise<Array<{ file: string; json: unknown }>> {
  let names = file.alerts;
  if (!names) {
    const entries = existsSync(path.join(dir, 'alerts')) ? await readdir(path.join(dir, 'alerts')) : [];
    names = entries
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => `alerts/${n}`);
    if (names.length === 0)
      throw scenarioError(
        { file: shown('scenario.yaml'), field: 'alerts' },
        'no alert files (add alerts/*.json)',
      );
  }
  const out: Array<{ file: string; json: unknown }> = [];
  for (const name of names) {
    const text = await readText(dir, name, shown(name), 'alert');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw scenarioError({ file: shown(name) }, `not valid JSON: ${errorMessage(error)}`);
    }
    checkAlertJson(shown(name), json);
    out.push({ file: name, json });
  }
  return out;
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
