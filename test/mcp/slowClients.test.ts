// A client that sends its request body slowly (or never finishes it) cannot hold a connection of
// `kopilot mcp --http`: after the request timeout the server answers 408 and closes. Raw sockets, real server.
import { KubeConfig } from '@kubernetes/client-node';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, requestTimeouts } from '../../src/http/serverTimeouts.js';
import { serveHttp, type RunningHttpServer } from '../../src/mcp/http.js';

let server: RunningHttpServer;

beforeAll(async () => {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:9' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  server = await serveHttp({
    cluster: new ClusterClient({ kubeConfig }),
    audit: false,
    port: 0,
    requestTimeoutMs: 600,
  });
});
afterAll(async () => {
  await server?.close();
});

/** Sends `head` and then nothing more; resolves with what the server wrote before it closed the socket. */
function stall(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('slow clients of kopilot mcp --http', () => {
  it('a body that never finishes is answered 408 and the connection closed', async () => {
    const answer = await stall(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never finish are cut too', async () => {
    const answer = await stall(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('kopilot servers default to 10 s for headers and 30 s for a whole request, not Node’s 300 s', () => {
    expect(requestTimeouts()).toMatchObject({
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
    });
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });
});
