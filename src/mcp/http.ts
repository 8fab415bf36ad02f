// Streamable HTTP at /mcp, stateless: a fresh server and transport per request, as the SDK prescribes for
// concurrent clients; the cluster client (and its cache) is shared. /healthz answers liveness. Bound to
// 127.0.0.1 by default; any other address requires a bearer token. On loopback, src/http/loopbackGuard.ts
// refuses requests a rebound DNS name or a foreign page sends.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import { isLoopbackName, refuseNonLoopbackRequest } from '../http/loopbackGuard.js';
import { requestTimeouts } from '../http/serverTimeouts.js';
import { createKopilotMcpServer, type KopilotMcpServerOptions } from './server.js';

export interface HttpServeOptions extends KopilotMcpServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required unless the host is loopback; when given, every /mcp request must carry it. */
  bearerToken?: string;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** How long a client may take to send one request, headers and body (default 30 s). */
  requestTimeoutMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function rpcError(
  res: http.ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/** Most messages one POST may batch. Batches exist only in MCP 2025-03-26; later versions removed them. */
export const MAX_BATCH = 10;
const FIRST_VERSION_WITHOUT_BATCHES = '2025-06-18';

/** Why a batch is refused, or undefined when the body is one message or an allowed batch. */
function refuseBatch(body: unknown, protocolVersion: string | undefined): string | undefined {
  if (!Array.isArray(body)) return undefined;
  // Without the header the client speaks 2025-03-26 (the spec's rule), where batches were allowed.
  if (protocolVersion && protocolVersion >= FIRST_VERSION_WITHOUT_BATCHES) {
    return `JSON-RPC batches are not part of MCP ${protocolVersion}: send one message per request`;
  }
  if (body.length > MAX_BATCH) {
    return `a JSON-RPC batch of ${body.length} messages is over the limit of ${MAX_BATCH}: send fewer per request`;
  }
  return undefined;
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RangeError(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

export async function serveHttp(options: HttpServeOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackName(host);
  if (!loopback && !options.bearerToken) {
    throw new UsageError(
      `listening on ${host} needs a bearer token: set KOPILOT_MCP_TOKEN (or --token-file) so only your clients can call the tools`,
    );
  }
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const server = http.createServer(requestTimeouts({ requestMs: options.requestTimeoutMs }), (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        rpcError(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.end();
    });
  });

  let port = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A page in a browser must not reach a loopback server through DNS rebinding.
    const refused = loopback ? refuseNonLoopbackRequest(req.headers, port) : undefined;
    if (refused) {
      rpcError(res, refused.status, refused.message);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname !== '/mcp') {
      sendJson(res, 404, { error: 'not found: the MCP endpoint is /mcp' });
      return;
    }
    if (options.bearerToken) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, options.bearerToken)) {
        rpcError(res, 401, 'missing or wrong bearer token', { 'www-authenticate': 'Bearer' });
        return;
      }
    }
    if (req.method !== 'POST') {
      // Stateless: no server-initiated stream, no session to delete.
      rpcError(res, 405, 'method not allowed: this server is stateless, POST JSON-RPC to /mcp', {
        allow: 'POST',
      });
      return;
    }
    let body: unknown;
    try {
      body = await readBody(req, limit);
    } catch (error) {
      rpcError(res, 400, `bad request body: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const batchRefused = refuseBatch(body, req.headers['mcp-protocol-version'] as string | undefined);
    if (batchRefused) {
      rpcError(res, 400, batchRefused, {}, -32600);
      return;
    }
    const mcp = createKopilotMcpServer({
      ...options,
      caller: options.caller ?? `http ${req.socket.remoteAddress ?? ''}`,
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
