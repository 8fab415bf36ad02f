// What every Table printer shares: column definitions, cell types and tolerant readers of unknown JSON.
import type { KubeObject } from '../../store.js';
import { ageSince } from '../humanDuration.js';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;
export type Rec = Record<string, unknown>;

export interface Printer {
  columns: ColumnDefinition[];
  cells(object: KubeObject, nowMs: number): Cell[];
}

export function col(
  name: string,
  type: ColumnDefinition['type'] = 'string',
  priority = 0,
  format = '',
): ColumnDefinition {
  return { name, type, format, description: `${name} of the object`, priority };
}

export const nameCol = col('Name', 'string', 0, 'name');
export const ageCol = col('Age');

export const rec = (value: unknown): Rec => (value && typeof value === 'object' ? (value as Rec) : {});
export const arr = (value: unknown): Rec[] => (Array.isArray(value) ? (value as Rec[]) : []);
export const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const age = (o: KubeObject, nowMs: number) => ageSince(o.metadata.creationTimestamp, nowMs);
export const orNone = (value: string) => (value === '' ? '<none>' : value);

export function containerNames(template: Rec): { names: string; images: string } {
  const containers = arr(rec(template.spec).containers);
  return {
    names: containers.map((c) => str(c.name)).join(','),
    images: containers.map((c) => str(c.image)).join(','),
  };
}
