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

/** The first zod issue as a scenario error. */
export function zodScenarioError(place: ErrorPlace, error: z.ZodError, prefix = ''): UsageError {
  const issue = error.issues[0];
  if (!issue) return scenarioError(place, 'invalid');
  let path: ReadonlyArray<PropertyKey> = issue.path;
  let message = issue.message;
  // An unknown key in a strict object: name the key itself.
  if (issue.code === 'unrecognized_keys') {
    path = [...issue.path, issue.keys[0] ?? ''];
    message = 'unknown field';
  }
  return scenarioError({ ...place, field: fieldPath(path, prefix) }, message);
}
