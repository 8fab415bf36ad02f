// get and list: one object or a filtered, paginated list, serialised from cached JSON (no cloning).
import { objectKey, type KubeObject } from '../store.js';
import { served, type ApiContext } from './context.js';
import { objectJson, objectJsonBytes } from './json.js';
import type { ResourceRequest } from './requestInfo.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { ApiError, badRequest, notFound } from './status.js';
import { buildTable, includeObjectParam } from './table.js';

export interface Reply {
  status: number;
  /** Pre-serialised JSON text. */
  json?: string;
  /** Pre-serialised JSON bytes (large lists). */
  jsonBytes?: Buffer;
  text?: string;
}

export function jsonReply(status: number, value: unknown): Reply {
  return { status, json: JSON.stringify(value) };
}

export function selectorKey(type: ResourceType): string {
  return `${type.group || 'core'}/${type.plural}`;
}

export function getObject(ctx: ApiContext, req: ResourceRequest, name: string): KubeObject {
  const { type, namespace } = req;
  const stored = ctx.store.get(type.storeKey, namespace, name);
  if (!stored) throw notFound(type.group, type.plural, name);
  return stored;
}

export function handleGet(ctx: ApiContext, req: ResourceRequest, asTable: boolean): Reply {
  const stored = getObject(ctx, req, req.name ?? '');
  const object = served(req.type, stored);
  if (asTable) {
    const table = buildTable(
      {
        type: req.type,
        includeObject: includeObjectParam(req.query.get('includeObject')),
        nowMs: ctx.clock.nowMs(),
      },
      [object],
      [stored],
      { resourceVersion: stored.metadata.resourceVersion },
    );
    return jsonReply(200, table);
  }
  return { status: 200, json: objectJson(object) };
}

export interface ListFilter {
  labels: ReturnType<typeof parseLabelSelector>;
  fields: ReturnType<typeof parseFieldSelector>;
}

export function parseFilter(req: ResourceRequest): ListFilter {
  return {
    labels: parseLabelSelector(req.query.get('labelSelector')),
    fields: parseFieldSelector(req.query.get('fieldSelector'), selectorKey(req.type)),
  };
}

export function matchesFilter(filter: ListFilter, object: KubeObject): boolean {
  if (filter.labels.length > 0 && !matchesLabels(filter.labels, object.metadata.labels)) return false;
  if (filter.fields.length > 0 && !matchesFields(filter.fields, object)) return false;
  return true;
}

interface ContinueToken {
  v: number;
  k: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (typeof parsed.v === 'number' && typeof parsed.k === 'string') return { v: parsed.v, k: parsed.k };
  } catch {
    // falls through to the BadRequest below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function parseLimit(value: string | null): number {
  if (value === null || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid limit: "${value}"`);
  return n;
}

const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

export function handleList(ctx: ApiContext, req: ResourceRequest, asTable: boolean): Reply {
  const { type, namespace } = req;
  const filter = parseFilter(req);
  const limit = parseLimit(req.query.get('limit'));
  const continueParam = req.query.get('continue');
  let afterKey = '';
  let listVersion = ctx.store.currentResourceVersion;
  if (continueParam) {
    const token = decodeContinue(continueParam);
    if (token.v < ctx.store.oldestWatchableVersion - 1) {
      throw new ApiError(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    afterKey = token.k;
    listVersion = token.v;
  }
  const filtering = filter.labels.length > 0 || filter.fields.length > 0;
  const items: KubeObject[] = [];
  const printed: KubeObject[] = [];
  // A continue token is handed out only when a further object actually matches.
  let more = false;
  ctx.store.scan(type.storeKey, namespace, afterKey, (stored) => {
    const object = served(type, stored);
    if (filtering && !matchesFilter(filter, object)) return true;
    if (limit > 0 && items.length >= limit) {
      more = true;
      return false;
    }
    items.push(object);
    printed.push(stored);
    return true;
  });
  const meta: Record<string, unknown> = { resourceVersion: String(listVersion) };
  if (more) {
    const last = items[items.length - 1] as KubeObject;
    meta.continue = encodeContinue({
      v: listVersion,
      k: objectKey(last.metadata.namespace, last.metadata.name),
    });
  }
  if (asTable) {
    const table = buildTable(
      { type, includeObject: includeObjectParam(req.query.get('includeObject')), nowMs: ctx.clock.nowMs() },
      items,
      printed,
      meta,
    );
    return jsonReply(200, table);
  }
  const head = `{"kind":${JSON.stringify(`${type.kind}List`)},"apiVersion":${JSON.stringify(apiVersionOf(type))},"metadata":${JSON.stringify(meta)},"items":[`;
  // Concatenating cached UTF-8 bytes avoids building (and garbage-collecting) a large string per page.
  const chunks: Buffer[] = [Buffer.from(head)];
  for (let k = 0; k < items.length; k++) {
    if (k > 0) chunks.push(COMMA);
    chunks.push(objectJsonBytes(items[k] as KubeObject));
  }
  chunks.push(LIST_END);
  return { status: 200, jsonBytes: Buffer.concat(chunks) };
}
