// Reads a scenario folder, checks every file, and shifts its timestamps so that its `now` is the time of loading.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isoSeconds, type KubeObject } from '../store.js';
import { alertsOf } from './alertFiles.js';
import { checkConsistency, STANDARD_NAMESPACES, stableUid, type PlacedObject } from './consistency.js';
import { scenarioKind, scenarioKindByName, LOAD_ORDER } from './kinds.js';
import { scenarioError, zodScenarioError, type ErrorPlace } from './loadError.js';
import { documentSchema, kindSchemas } from './objectSchemas.js';
import type { Scenario, ScenarioFile, ScenarioLog } from './schema.js';
import { shiftLogText, shiftTimestamps } from './timeShift.js';
import {
  firstLine,
  readAlerts,
  readScenarioFile,
  readText,
  resolveScenarioDir,
  snapshotOffsetMs,
} from './scenarioFolder.js';

export interface LoadScenarioOptions {
  /** The time the snapshot's `now` becomes (default: the real time). The sandbox passes its clock. */
  at?: Date;
}

/** A folder already read and checked, kept while its files are unchanged (eval reloads each scenario per model). */
interface CheckedFolder {
  fingerprint: string;
  file: ScenarioFile;
  objects: KubeObject[];
  alerts: Array<{ file: string; json: unknown }>;
  logs: ScenarioLog[];
}

const checkedFolders = new Map<string, CheckedFolder>();

/** Loads a built-in scenario by name, or a scenario folder by path. Bad files throw a one-line UsageError. */
export async function loadScenario(nameOrDir: string, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const { dir, display } = await resolveScenarioDir(nameOrDir);
  const fingerprint = await folderFingerprint(dir);
  let checked = checkedFolders.get(dir);
  if (checked?.fingerprint !== fingerprint) {
    checked = { fingerprint, ...(await readFolder(dir, display)) };
    checkedFolders.set(dir, checked);
  }
  const { file, objects: snapshot, alerts, logs } = checked;

  const offsetMs = snapshotOffsetMs(file, options.at ?? new Date());
  const objects = snapshot.map((object) => shiftTimestamps(object, offsetMs));
  return {
    name: file.name,
    title: file.title,
    description: file.description,
    now: new Date(Date.parse(file.now) + offsetMs).toISOString(),
    snapshotNow: file.now,
    dir,
    objects,
    logs: logs.map((log) => ({ ...log, text: shiftLogText(log.text, offsetMs) })),
    alerts: alerts.map((alert) => ({ file: alert.file, json: shiftTimestamps(alert.json, offsetMs) })),
    expect: structuredClone(file.expect),
    ...(file.simulation ? { simulation: structuredClone(file.simulation) } : {}),
  };
}

async function readFolder(dir: string, display: string): Promise<Omit<CheckedFolder, 'fingerprint'>> {
  const shown = (file: string) => path.join(display, file);
  const file = await readScenarioFile(dir, shown('scenario.yaml'));
  const placed = await readClusterFile(dir, shown('cluster.yaml'));
  addStandardNamespaces(placed, file);
  checkConsistency(placed, file.name);
  const alerts = await readAlerts(dir, file, shown);
  checkTarget(file, placed, alerts, shown('scenario.yaml'));
  const logs = await readLogs(dir, placed, shown);
  return { file, objects: sortForLoading(placed).map((p) => p.object), alerts, logs };
}

/** Every file's path, modification time and size: a changed file means reading the folder again. */
async function folderFingerprint(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const parts: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    parts.push(`${file}:${info.mtimeMs}:${info.size}`);
  }
  return parts.sort().join('|');
}

async function readClusterFile(dir: string, shown: string): Promise<PlacedObject[]> {
  const documents = parseAllDocuments(await readText(dir, 'cluster.yaml', shown, 'cluster.yaml'));
  const list = Array.isArray(documents) ? documents : [documents];
  const placed: PlacedObject[] = [];
  list.forEach((doc, i) => {
    const place: ErrorPlace = { file: shown, document: i + 1 };
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      const message = firstLine(error.message).replace(/\s*at line \d+, column \d+:?\s*$/, '');
      throw scenarioError(place, `not valid YAML${line ? ` (line ${line})` : ''}: ${message}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing `---`
    placed.push(checkDocument(value, place));
  });
  return placed;
}

function checkDocument(value: unknown, place: ErrorPlace): PlacedObject {
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw scenarioError(place, 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)');
  }
  const base = documentSchema.safeParse(value);
  if (!base.success) throw zodScenarioError(place, base.error, value);
  const object = value as KubeObject;
  const kind = scenarioKind(object.apiVersion, object.kind);
  if (!kind) {
    const known = scenarioKindByName(object.kind);
    throw known
      ? scenarioError(
          { ...place, field: 'apiVersion' },
          `${object.kind} is served as apiVersion ${known.apiVersion}, not ${object.apiVersion}`,
        )
      : scenarioError(
          { ...place, field: 'kind' },
          `a scenario cannot hold kind ${object.kind} (see "Scenario format" in the README)`,
        );
  }
  const { namespace } = object.metadata;
  if (kind.namespaced && !namespace) {
    throw scenarioError(
      { ...place, field: 'metadata.namespace' },
      `required: ${kind.kind} is a namespaced kind`,
    );
  }
  if (!kind.namespaced && namespace !== undefined) {
    throw scenarioError(
      { ...place, field: 'metadata.namespace' },
      `not allowed: ${kind.kind} is cluster-scoped`,
    );
  }
  const specific = kindSchemas[kind.kind];
  if (specific) {
    const result = specific.safeParse(value);
    if (!result.success) throw zodScenarioError(place, result.error, value);
  }
  return { object, kind, place };
}

function addStandardNamespaces(placed: PlacedObject[], file: ScenarioFile): void {
  const declared = new Set(
    placed.filter((p) => p.object.kind === 'Namespace').map((p) => p.object.metadata.name),
  );
  const kind = scenarioKind('v1', 'Namespace');
  if (!kind) return;
  const created = earliestCreation(placed) ?? file.now;
  for (const name of STANDARD_NAMESPACES) {
    if (declared.has(name)) continue;
    placed.push({
      kind,
      place: { file: 'cluster.yaml (standard namespaces)' },
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          uid: stableUid(`${file.name}/namespace/${name}`),
          creationTimestamp: created,
          labels: { 'kubernetes.io/metadata.name': name },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
    });
  }
}

function earliestCreation(placed: PlacedObject[]): string | undefined {
  let min: number | undefined;
  for (const p of placed) {
    const ms = Date.parse(p.object.metadata.creationTimestamp ?? '');
    if (!Number.isNaN(ms) && (min === undefined || ms < min)) min = ms;
  }
  return min === undefined ? undefined : isoSeconds(new Date(min));
}

function checkTarget(
  file: ScenarioFile,
  placed: PlacedObject[],
  alerts: Array<{ json: unknown }>,
  shown: string,
): void {
  const { kind, namespace, name } = file.expect.target;
  if (kind === 'Alert') {
    // silence_alert and escalate may target the alert itself, named by its alertname.
    const names = alerts.flatMap((a) => alertNames(a.json));
    if (!names.includes(name)) {
      throw scenarioError(
        { file: shown, field: 'expect.target.name' },
        `no alert named ${name} in the alert files`,
      );
    }
    return;
  }
  const known = scenarioKindByName(kind);
  if (!known) throw scenarioError({ file: shown, field: 'expect.target.kind' }, `unknown kind "${kind}"`);
  if (known.namespaced && !namespace) {
    throw scenarioError(
      { file: shown, field: 'expect.target.namespace' },
      `required: ${kind} is a namespaced kind`,
    );
  }
  const found = placed.some(
    (p) =>
      p.kind === known &&
      p.object.metadata.name === name &&
      (!known.namespaced || p.object.metadata.namespace === namespace),
  );
  if (!found) {
    const where = known.namespaced ? `${namespace}/${name}` : name;
    throw scenarioError({ file: shown, field: 'expect.target' }, `${kind} ${where} is not in cluster.yaml`);
  }
}

async function readLogs(
  dir: string,
  placed: PlacedObject[],
  shown: (file: string) => string,
): Promise<ScenarioLog[]> {
  const root = path.join(dir, 'logs');
  if (!existsSync(root)) return [];
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  const pods = new Map(
    placed
      .filter((p) => p.object.kind === 'Pod')
      .map((p) => [`${p.object.metadata.namespace}/${p.object.metadata.name}`, p.object]),
  );
  const logs: ScenarioLog[] = [];
  for (const relative of files) {
    const parts = relative.split(path.sep);
    const match = parts.length === 4 ? /^(.+?)(\.previous)?\.log$/.exec(parts[3] as string) : null;
    if (!match) {
      throw scenarioError(
        { file: shown(relative) },
        'expected logs/<namespace>/<pod>/<container>.log or .previous.log',
      );
    }
    const [namespace, pod] = [parts[1] as string, parts[2] as string];
    const container = match[1] as string;
    const object = pods.get(`${namespace}/${pod}`);
    if (!object)
      throw scenarioError({ file: shown(relative) }, `pod ${namespace}/${pod} is not in cluster.yaml`);
    const spec = object.spec as {
      containers: Array<{ name: string }>;
      initContainers?: Array<{ name: string }>;
    };
    if (![...spec.containers, ...(spec.initContainers ?? [])].some((c) => c.name === container)) {
      throw scenarioError(
        { file: shown(relative) },
        `pod ${namespace}/${pod} has no container "${container}"`,
      );
    }
    logs.push({
      namespace,
      pod,
      container,
      previous: match[2] !== undefined,
      text: await readText(dir, relative, shown(relative), 'log'),
    });
  }
  return logs;
}

function alertNames(json: unknown): string[] {
  return alertsOf(json).map((a) => a.labels.alertname);
}

function sortForLoading(placed: PlacedObject[]): PlacedObject[] {
  const rank = (p: PlacedObject) => LOAD_ORDER.indexOf(p.kind.resource);
  return [...placed].sort((a, b) => rank(a) - rank(b));
}
