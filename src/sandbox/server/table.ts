// Server-side Table output (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), columns as kube-apiserver prints them.
import type { KubeObject } from '../store.js';
import { age, ageCol, nameCol, type Printer } from './printers/columns.js';
import { PRINTERS } from './printers/index.js';
import type { ResourceType } from './resources.js';

export type { ColumnDefinition } from './printers/columns.js';

const DEFAULT_PRINTER: Printer = {
  columns: [nameCol, ageCol],
  cells: (o, nowMs) => [o.metadata.name, age(o, nowMs)],
};

export type IncludeObject = 'None' | 'Object' | 'Metadata';

export interface TableRequest {
  type: ResourceType;
  includeObject: IncludeObject;
  nowMs: number;
}

/** Whether the client asked for Table output in its Accept header. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return (
      params.includes('as=Table') &&
      params.includes('g=meta.k8s.io') &&
      (params.includes('v=v1') || params.includes('v=v1beta1'))
    );
  });
}

export function includeObjectParam(value: string | null): IncludeObject {
  if (value === 'None' || value === 'Object') return value;
  return 'Metadata';
}

function printerFor(type: ResourceType): Printer {
  const key = type.view === 'events.k8s.io' ? 'core/events' : type.storeKey;
  return PRINTERS[key] ?? DEFAULT_PRINTER;
}

/**
 * A Table for the objects (already in their served form). `coreObjects` are the same objects as stored
 * (differs only for views such as events.k8s.io), used for printing.
 */
export function buildTable(
  request: TableRequest,
  served: KubeObject[],
  printed: KubeObject[],
  listMeta: Record<string, unknown>,
  withColumns = true,
): Record<string, unknown> {
  const printer = printerFor(request.type);
  const rows = served.map((object, i) => {
    const cells = printer.cells(printed[i] ?? object, request.nowMs);
    const row: Record<string, unknown> = { cells };
    if (request.includeObject === 'Object') row.object = object;
    else if (request.includeObject === 'Metadata')
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    ...(withColumns ? { columnDefinitions: printer.columns } : { columnDefinitions: null }),
    rows,
  };
}
