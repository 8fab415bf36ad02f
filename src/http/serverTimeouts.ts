// Time limits for kopilot's own HTTP servers, so a client that sends headers or a body slowly cannot hold a
// connection (Node's default request timeout is 300 s). Pass the result to http(s).createServer.
import type { ServerOptions } from 'node:http';

export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

export function requestTimeouts(limits: { requestMs?: number } = {}): ServerOptions {
  const requestTimeout = limits.requestMs ?? REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    keepAliveTimeout: 5_000,
    // Node enforces the two limits above on this tick; its 30 s default would let a slow body live twice as long.
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, requestTimeout / 4)),
  };
}
