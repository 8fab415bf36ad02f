// Reaching AlertManager: unreachable hosts, 5xx retries with back-off, 4xx messages, auth headers and TLS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient.js';
import { RuntimeFailure, UsageError } from '../../src/errors.js';
import {
  alertmanagerAvailable,
  startAlertmanager,
  type RunningAlertmanager,
} from '../helpers/alertmanager.js';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A small HTTP server on 127.0.0.1:0 answering from a list of canned statuses, recording each request. */
async function cannedServer(
  statuses: number[],
  body = '[]',
): Promise<{ url: string; requests: Recorded[]; server: Server }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const status = statuses.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? body : JSON.stringify(`canned failure ${status}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function closedPort(): Promise<number> {
  const { server, url } = await cannedServer([]);
  await new Promise((resolve) => server.close(resolve));
  return Number(new URL(url).port);
}

describe('reaching AlertManager', () => {
  it('says it is unreachable after its retries when nothing listens', async () => {
    const port = await closedPort();
    const client = new AlertmanagerClient({ url: `http://127.0.0.1:${port}`, retries: 2, backoffMs: 10 });
    await expect(client.listAlerts()).rejects.toThrow(
      new RuntimeFailure(
        `AlertManager at http://127.0.0.1:${port} is unreachable: connection refused (3 attempts)`,
      ),
    );
  });

  it('retries a 5xx with back-off and succeeds when AlertManager recovers', async () => {
    const canned = await cannedServer([503, 502]);
    servers.push(canned.server);
    const client = new AlertmanagerClient({ url: canned.url, retries: 2, backoffMs: 10 });
    expect(await client.listAlerts()).toEqual([]);
    expect(canned.requests).toHaveLength(3);
  });

  it('gives up on a lasting 5xx, naming the status', async () => {
    const canned = await cannedServer([500, 500, 500]);
    servers.push(canned.server);
    const client = new AlertmanagerClient({ url: canned.url, retries: 2, backoffMs: 10 });
    await expect(client.listAlerts()).rejects.toThrow(
      `AlertManager at ${canned.url} is unreachable: it answered 500 Internal Server Error (3 attempts)`,
    );
  });

  it('does not retry a 4xx and explains an authentication refusal', async () => {
    const canned = await cannedServer([401]);
    servers.push(canned.server);
    const client = new AlertmanagerClient({ url: canned.url, retries: 2, backoffMs: 10 });
    await expect(client.listAlerts()).rejects.toThrow(
      `AlertManager at ${canned.url} refused GET /api/v2/alerts: 401 Unauthorized: canned failure 401 (check the bearer token or basic auth for AlertManager)`,
    );
    expect(canned.requests).toHaveLength(1);
  });

  it('does not retry a POST that may have reached AlertManager', async () => {
    const canned = await cannedServer([500, 200]);
    servers.push(canned.server);
    const client = new AlertmanagerClient({ url: canned.url, retries: 2, backoffMs: 10 });
    await expect(client.postAlerts([{ labels: { alertname: 'X' } }])).rejects.toThrow(
      '500 Internal Server Error',
    );
    expect(canned.requests).toHaveLength(1);
  });

  it('times out a silent AlertManager', async () => {
    const server = createServer(() => undefined);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const client = new AlertmanagerClient({
      url: `http://127.0.0.1:${port}`,
      timeoutMs: 200,
      retries: 1,
      backoffMs: 10,
    });
    await expect(client.listAlerts()).rejects.toThrow('is unreachable: no answer within 200 ms (2 attempts)');
    server.closeAllConnections();
  });

  it('sends the bearer token, basic auth from the URL, extra headers and keeps a path prefix', async () => {
    const canned = await cannedServer([]);
    servers.push(canned.server);
    await new AlertmanagerClient({
      url: `${canned.url}/alertmanager`,
      bearerToken: 'tok-1',
      headers: { 'x-scope-orgid': 'team-a' },
    }).listAlerts();
    await new AlertmanagerClient({ url: canned.url.replace('http://', 'http://ops:p%40ss@') }).listAlerts();
    await new AlertmanagerClient({ url: canned.url, basicAuth: 'ops:pw' }).listAlerts({
      filter: ['severity="critical"'],
      silenced: false,
    });
    expect(canned.requests[0]).toMatchObject({
      url: '/alertmanager/api/v2/alerts',
      headers: { authorization: 'Bearer tok-1', 'x-scope-orgid': 'team-a' },
    });
    expect(canned.requests[1]!.headers.authorization).toBe(
      `Basic ${Buffer.from('ops:p@ss').toString('base64')}`,
    );
    expect(canned.requests[2]!.headers.authorization).toBe(
      `Basic ${Buffer.from('ops:pw').toString('base64')}`,
    );
    expect(canned.requests[2]!.url).toBe('/api/v2/alerts?filter=severity%3D%22critical%22&silenced=false');
  });

  it('refuses a bad URL or basic auth as usage errors', () => {
    expect(() => new AlertmanagerClient({ url: 'localhost:9093' })).toThrow(UsageError);
    expect(() => new AlertmanagerClient({ url: 'ftp://am' })).toThrow('only http and https are supported');
    expect(() => new AlertmanagerClient({ url: 'http://am', basicAuth: 'nocolon' })).toThrow(
      'expected user:password',
    );
    expect(() => new AlertmanagerClient({ url: 'http://am', caFile: '/no/such/ca.pem' })).toThrow(
      'cannot read the AlertManager CA file /no/such/ca.pem',
    );
  });

  it('reports an answer that is not AlertManager’s shape', async () => {
    const canned = await cannedServer([], JSON.stringify([{ labels: { alertname: 'X' } }]));
    servers.push(canned.server);
    await expect(new AlertmanagerClient({ url: canned.url }).listAlerts()).rejects.toThrow(
      `AlertManager at ${canned.url} answered api/v2/alerts with an unexpected shape at $[0].startsAt`,
    );
  });
});

describe.skipIf(!alertmanagerAvailable())('AlertManager over TLS with its own CA', () => {
  let am: RunningAlertmanager;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kopilot-tls-'));
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=kopilot test CA',
    );
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    );
    am = await startAlertmanager({
      scheme: 'https',
      webConfig: `tls_server_config:\n  cert_file: ${join(dir, 'server.pem')}\n  key_file: ${join(dir, 'server.key')}\n`,
    });
  });
  afterAll(async () => {
    await am?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is trusted with --alertmanager-ca-file', async () => {
    const client = new AlertmanagerClient({ url: am.url, caFile: join(dir, 'ca.pem') });
    expect((await client.status()).version).toMatch(/^\d+\./);
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('is refused without the CA, with a hint', async () => {
    const client = new AlertmanagerClient({ url: am.url, retries: 0 });
    await expect(client.status()).rejects.toThrow(
      /is unreachable: TLS certificate not trusted \(\w+\); pass the CA with --alertmanager-ca-file or use --insecure-skip-tls-verify/,
    );
  });

  it('is reached with --insecure-skip-tls-verify', async () => {
    const client = new AlertmanagerClient({ url: am.url, insecureSkipTlsVerify: true });
    expect((await client.status()).version).toMatch(/^\d+\./);
  });
});
