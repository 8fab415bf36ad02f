// The sandbox's HTTP API server: authenticates, authorises and routes each request; every failure is a Status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { requestTimeouts } from '../../http/serverTimeouts.js';
import { authenticate, authorize } from './authz.js';
import type { ApiContext } from './context.js';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openapiV3Document,
  openapiV3Root,
  SERVER_VERSION,
} from './discovery.js';
import { handleGet, handleList, jsonReply, type Reply } from './reads.js';
import { parseRequest, type NonResourceRequest, type ResourceRequest } from './requestInfo.js';
import { createSelfSignedCert } from './selfSignedCert.js';
import { ApiError, badRequest, pathNotFound } from './status.js';
import { handleEviction, handleLog, handleScale } from './subresources.js';
import { wantsTable } from './table.js';
import { handleWatch } from './watch.js';
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handlePatch,
  handleUpdate,
  isDryRun,
} from './writes.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export interface ApiServer {
  server: Server;
  /** PEM of the self-signed certificate the server presents (the kubeconfig's certificate authority). */
  caPem: string;
  /** Stops accepting requests and cuts open watches. */
  close(): Promise<void>;
}

export function createApiServer(ctx: ApiContext): ApiServer {
  const sockets = new Set<Socket>();
  const identity = createSelfSignedCert();
  // Slow headers or bodies are cut after a few seconds (Node's default holds them 300 s); watches are responses
  // and are not limited.
  const server = createServer(
    { key: identity.keyPem, cert: identity.certPem, ...requestTimeouts() },
    (req, res) => {
      serve(ctx, req, res).catch((error: unknown) => sendError(res, error));
    },
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  return {
    server,
    caPem: identity.certPem,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function serve(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const caller = authenticate(req.headers.authorization, ctx.tokens);
  const info = parseRequest(method, req.url ?? '/');
  authorize(caller, info, method);
  if (info.kind === 'nonResource') {
    if (method !== 'GET' && method !== 'HEAD')
      throw new ApiError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    send(res, nonResource(info, req));
    return;
  }
  const body = await readBody(req);
  const asTable = wantsTable(req.headers.accept);
  if (info.verb === 'watch') {
    checkVerb(info);
    await handleWatch(ctx, info, res, asTable);
    return;
  }
  const reply = dispatch(ctx, info, body, req.headers['content-type'], asTable, (dryRun) => {
    if (!dryRun && MUTATING.has(info.verb)) ctx.recordWrite({ method, path: req.url ?? '' });
  });
  send(res, reply);
}

function checkVerb(req: ResourceRequest): void {
  const verbs = req.subresource
    ? (req.type.subresources.find((s) => s.name === req.subresource)?.verbs ?? [])
    : req.type.verbs;
  if (!verbs.includes(req.verb)) {
    throw new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {
        kind: req.type.plural,
        ...(req.name !== undefined ? { name: req.name } : {}),
      },
    );
  }
}

function dispatch(
  ctx: ApiContext,
  req: ResourceRequest,
  body: unknown,
  contentType: string | undefined,
  asTable: boolean,
  noteWrite: (dryRun: boolean) => void,
): Reply {
  checkVerb(req);
  const deleteOptions = req.verb === 'delete' || req.verb === 'deletecollection' ? body : undefined;
  const evictionOptions =
    req.subresource === 'eviction' && body && typeof body === 'object'
      ? (body as Record<string, unknown>).deleteOptions
      : undefined;
  const dryRun = isDryRun(req.query, deleteOptions ?? evictionOptions);
  if (MUTATING.has(req.verb)) {
    if (req.verb !== 'delete' && req.verb !== 'deletecollection' && body === undefined)
      throw badRequest('the request body is empty');
    noteWrite(dryRun);
  }
  switch (req.subresource) {
    case 'scale':
      return handleScale(ctx, req, body, contentType, dryRun);
    case 'log':
      return handleLog(ctx, req);
    case 'eviction':
      return handleEviction(ctx, req, body, dryRun);
    default:
      break;
  }
  switch (req.verb) {
    case 'get':
      return handleGet(ctx, req, asTable);
    case 'list':
      return handleList(ctx, req, asTable);
    case 'create':
      return handleCreate(ctx, req, body, dryRun);
    case 'update':
      return handleUpdate(ctx, req, body, dryRun);
    case 'patch':
      return handlePatch(ctx, req, body, contentType, dryRun);
    case 'delete':
      return handleDelete(ctx, req, body, dryRun);
    case 'deletecollection':
      return handleDeleteCollection(ctx, req, body, dryRun);
    case 'watch':
      throw new Error('watch is streamed, not dispatched');
  }
}

function nonResource(info: NonResourceRequest, req: IncomingMessage): Reply {
  const segments = info.path.split('/').filter((s) => s !== '');
  switch (info.path) {
    case '/version':
      return jsonReply(200, SERVER_VERSION);
    case '/api':
      return jsonReply(200, apiVersions(req.headers.host ?? '127.0.0.1'));
    case '/apis':
      return jsonReply(200, apiGroupList());
    case '/healthz':
    case '/livez':
    case '/readyz':
      return { status: 200, text: 'ok' };
    case '/':
      return jsonReply(200, {
        paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/version'],
      });
  }
  if (info.path === '/openapi/v3') return jsonReply(200, openapiV3Root());
  if (segments[0] === 'openapi' && segments[1] === 'v3') {
    const [, , root, ...rest] = segments;
    const document =
      root === 'api' && rest.length === 1
        ? openapiV3Document('', rest[0] ?? '')
        : root === 'apis' && rest.length === 2
          ? openapiV3Document(rest[0] ?? '', rest[1] ?? '')
          : undefined;
    if (document) return jsonReply(200, document);
  }
  if (segments[0] === 'api' && segments.length === 2) {
    const list = apiResourceList('', segments[1] ?? '');
    if (list) return jsonReply(200, list);
  }
  if (segments[0] === 'apis' && segments.length === 2) {
    const group = apiGroup(segments[1] ?? '');
    if (group) return jsonReply(200, group);
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const list = apiResourceList(segments[1] ?? '', segments[2] ?? '');
    if (list) return jsonReply(200, list);
  }
  throw pathNotFound();
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.includes('protobuf') || contentType.includes('cbor')) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
    );
  }
  try {
    return contentType.includes('yaml') ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw badRequest(
      `the request body could not be decoded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.text !== undefined) {
    res.writeHead(reply.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(reply.text),
    });
    res.end(reply.text);
    return;
  }
  const json = reply.jsonBytes ?? reply.json ?? '{}';
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

function sendError(res: ServerResponse, error: unknown): void {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(
          500,
          'InternalError',
          `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
        );
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const json = JSON.stringify(apiError.toStatus());
  res.writeHead(apiError.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}
