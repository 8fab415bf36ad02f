// One-line scenario load errors that name the file, the document and the field.
import type { z } from 'zod';
import { UsageError } from '../../errors.js';

export interface ErrorPlace {
  /** The file as the user can find it, e.g. `scenarios/webapp-memory/cluster.yaml`. */
  file: string;
  /** 1-based document number in a multi-document YAML file. */
  document?: number;
  /** Dotted field path, e.g. `spec.template.spec.containers[0].image`. */
  field?: string;
}

export function scenarioError(place: ErrorPlace, message: string): UsageError {
  const parts = [place.file];
  if (place.document !== undefined) parts.push(`document ${place.document}`);
  if (place.field !== undefined && place.field !== '') parts.push(place.field);
  return new UsageError(`${parts.join(': ')}: ${message.replace(/\s*\n\s*/g, ' ')}`);
}

/** `spec.containers[0].name` from a zod issue path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The first zod issue as a scenario error; `data` (what was parsed) lets it quote the bad value. */
export function zodScenarioError(place: ErrorPlace, error: z.ZodError, data?: unknown): UsageError {
  const issue = error.issues[0];
  if (!issue) return scenarioError(place, 'invalid');
  let path: ReadonlyArray<PropertyKey> = issue.path;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    // An unknown key in a strict object: name the key itself.
    path = [...issue.path, issue.keys[0] ?? ''];
    message = 'unknown field';
  } else if (issue.code === 'invalid_value' && data !== undefined) {
    const value = valueAt(data, issue.path);
    message = `${JSON.stringify(value)} is not one of ${issue.values.map(String).join(', ')}`;
  } else if (/received undefined$/.test(message)) {
    message = 'required';
  }
  return scenarioError({ ...place, field: fieldPath(path) }, message);
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
