// Watch: newline-delimited JSON events on a chunked response, from a resourceVersion, filtered like a list.
import type { ServerResponse } from 'node:http';
import { objectKey, StoreError, type KubeObject, type StoreEvent, type WatchEventType } from '../store.js';
import { served, type ApiContext } from './context.js';
import { objectJson } from './json.js';
import { matchesFilter, parseFilter } from './reads.js';
import type { ResourceRequest } from './requestInfo.js';
import { ApiError, badRequest } from './status.js';
import { buildTable, includeObjectParam } from './table.js';

/** Starts streaming; resolves when the watch ends (timeout, client gone or server closing). */
export function handleWatch(
  ctx: ApiContext,
  req: ResourceRequest,
  res: ServerResponse,
  asTable: boolean,
): Promise<void> {
  const { type, namespace } = req;
  const filter = parseFilter(req);
  const rvParam = req.query.get('resourceVersion') ?? '';
  const timeoutParam = req.query.get('timeoutSeconds');
  const timeoutSeconds = timeoutParam === null ? 1800 : Number(timeoutParam);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0)
    throw badRequest(`invalid timeoutSeconds: "${timeoutParam}"`);
  let fromVersion: number | undefined;
  if (rvParam !== '' && rvParam !== '0') {
    fromVersion = Number(rvParam);
    if (!Number.isInteger(fromVersion) || fromVersion < 0)
      throw badRequest(`invalid resource version: ${rvParam}`);
  }
  const includeObject = includeObjectParam(req.query.get('includeObject'));
  const nowMs = () => ctx.clock.nowMs();
  let sentColumns = false;
  const inScope = (o: KubeObject) => namespace === undefined || o.metadata.namespace === namespace;

  const encode = (eventType: WatchEventType | 'ERROR' | 'BOOKMARK', stored: KubeObject): string => {
    const object = served(type, stored);
    if (asTable && eventType !== 'ERROR') {
      const table = buildTable(
        { type, includeObject, nowMs: nowMs() },
        [object],
        [stored],
        { resourceVersion: stored.metadata.resourceVersion },
        !sentColumns,
      );
      sentColumns = true;
      return `{"type":"${eventType}","object":${JSON.stringify(table)}}\n`;
    }
    return `{"type":"${eventType}","object":${objectJson(object)}}\n`;
  };

  // Keys of objects this watcher has been told match; objects leaving the filter are sent as DELETED.
  const visible = new Set<string>();
  const translate = (event: StoreEvent): string | undefined => {
    const object = event.object;
    if (!inScope(object)) return undefined;
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const matches = matchesFilter(filter, served(type, object));
    if (event.type === 'DELETED') {
      if (!visible.delete(key) && !matches) return undefined;
      return encode('DELETED', object);
    }
    if (matches) {
      const wasVisible = visible.has(key);
      visible.add(key);
      return encode(event.type === 'ADDED' || !wasVisible ? 'ADDED' : 'MODIFIED', object);
    }
    if (visible.delete(key)) return encode('DELETED', object);
    return undefined;
  };

  const initial: string[] = [];
  let expired: ApiError | undefined;
  for (const object of ctx.store.list(type.storeKey, namespace)) {
    if (matchesFilter(filter, served(type, object)))
      visible.add(objectKey(object.metadata.namespace, object.metadata.name));
  }
  if (fromVersion === undefined) {
    for (const object of ctx.store.list(type.storeKey, namespace)) {
      if (matchesFilter(filter, served(type, object))) initial.push(encode('ADDED', object));
    }
  } else {
    try {
      const history = ctx.store.eventsSince(type.storeKey, fromVersion);
      for (const event of history) {
        const line = translate(event);
        if (line) initial.push(line);
      }
    } catch (error) {
      if (!(error instanceof StoreError) || error.reason !== 'Expired') throw error;
      expired = new ApiError(410, 'Expired', error.message);
    }
  }

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (expired) {
    res.end(`{"type":"ERROR","object":${JSON.stringify(expired.toStatus())}}\n`);
    return Promise.resolve();
  }
  for (const line of initial) res.write(line);

  return new Promise<void>((resolve) => {
    let finished = false;
    const unsubscribe = ctx.store.subscribe((event) => {
      if (event.resource !== type.storeKey) return;
      const line = translate(event);
      if (line) res.write(line);
    });
    const finish = () => {
      if (finished) return;
      finished = true;
      unsubscribe();
      clearTimeout(timer);
      if (!res.writableEnded) res.end();
      resolve();
    };
    const timer = setTimeout(finish, timeoutSeconds * 1000);
    timer.unref();
    res.on('close', finish);
    res.on('error', finish);
  });
}
