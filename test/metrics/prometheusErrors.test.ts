// Prometheus down, slow, refusing (401/403) or answering an error: one clear line in the evidence, never a stop.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { PrometheusClient } from '../../src/metrics/prometheus.js';
import { call } from '../mcp/sandboxMcp.js';
import {
  everyAgo,
  freePort,
  prometheusAvailable,
  seriesAgo,
  startPrometheus,
  type RunningPrometheus,
} from '../helpers/prometheus.js';

const TOKEN = 'prom-token-5d1e8a';

function offlineCluster(): ClusterClient {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:9' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'prod', cluster: 'c', user: 'u' }],
    currentContext: 'prod',
  });
  return new ClusterClient({ kubeConfig });
}

/** Asks the tool with this client (rollouts passed, so the offline cluster is never asked). */
async function ask(metrics: PrometheusClient | undefined, args: Record<string, unknown> = {}) {
  const connection = await connectInMemory({ cluster: offlineCluster(), metrics, audit: false });
  try {
    return await call(connection.client, 'get_metric_trend', {
      question: 'container_memory',
      namespace: 'production',
      pod: 'webapp-123',
      rollouts: [],
      ...args,
    });
  } finally {
    await connection.close();
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }),
  );
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('get_metric_trend without Prometheus', () => {
  it('says in one line that Prometheus is not configured, as an answer rather than an error', async () => {
    const answer = await ask(undefined);
    expect(answer.isError).toBe(false);
    expect(answer.text).toBe(
      'summary: "no trends: Prometheus is not configured (set prometheusUrl); answer from the cluster tools"\ntotal_series: 0',
    );
  });

  it('says Prometheus is down when nothing listens', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const answer = await ask(new PrometheusClient({ url, retries: 0 }));
    expect(answer.isError).toBe(false);
    expect(answer.structured.summary).toBe(
      `no trends: Prometheus at ${url} is unreachable: connection refused (1 attempt)`,
    );
  });

  it('says Prometheus is slow when it does not answer in time', async () => {
    const silent = createServer(() => undefined);
    const url = await listen(silent);
    try {
      const answer = await ask(new PrometheusClient({ url, retries: 0, timeoutMs: 300 }));
      expect(answer.structured.summary).toBe(
        `no trends: Prometheus at ${url} is unreachable: no answer within 300 ms (1 attempt)`,
      );
    } finally {
      await close(silent);
    }
  });
});

describe.skipIf(!prometheusAvailable())('get_metric_trend against a real Prometheus behind a gate', () => {
  let prometheus: RunningPrometheus;
  let gate: Server;
  let gateUrl: string;
  let seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    prometheus = await startPrometheus([
      seriesAgo(
        'container_memory_working_set_bytes',
        { namespace: 'production', pod: 'webapp-123', container: 'webapp' },
        everyAgo(60, 60, (ago) => 4e9 - ago * 1e5),
      ),
    ]);
    // A reverse proxy as in front of a hosted Prometheus: bearer token required, 403 for a wrong one.
    gate = createServer((request, response) => {
      seen.push(request.headers);
      const auth = request.headers.authorization;
      if (!auth) return response.writeHead(401).end('Unauthorized');
      if (auth !== `Bearer ${TOKEN}`) return response.writeHead(403).end('Forbidden');
      void fetch(`${prometheus.url}${request.url ?? '/'}`).then(async (upstream) => {
        response
          .writeHead(upstream.status, { 'content-type': 'application/json' })
          .end(await upstream.text());
      });
    });
    gateUrl = await listen(gate);
  }, 60_000);

  afterAll(async () => {
    if (gate) await close(gate);
    await prometheus?.stop();
  });

  it('passes the bearer token and extra headers, and answers through the gate', async () => {
    seen = [];
    const answer = await ask(
      new PrometheusClient({ url: gateUrl, bearerToken: TOKEN, headers: { 'x-scope-orgid': 'team-a' } }),
    );
    expect(answer.structured.summary).toMatch(
      /^memory working set of production\/webapp-123: rising, now 3\.7\dGi/,
    );
    expect(seen.every((h) => h['x-scope-orgid'] === 'team-a')).toBe(true);
    expect(answer.raw).not.toContain(TOKEN);
  });

  it('says 401 and what to check when no credentials are sent', async () => {
    const answer = await ask(new PrometheusClient({ url: gateUrl }));
    expect(answer.structured.summary).toBe(
      `no trends: Prometheus at ${gateUrl} refused GET /api/v1/query_range: 401 Unauthorized: Unauthorized (check the prometheusBearerToken or prometheusBasicAuth setting)`,
    );
  });

  it('says 403 for a wrong token, without echoing it', async () => {
    const answer = await ask(new PrometheusClient({ url: gateUrl, bearerToken: 'wrong-token-77' }));
    expect(answer.structured.summary).toMatch(
      /refused GET \/api\/v1\/query_range: 403 Forbidden: Forbidden \(check the prometheusBearerToken/,
    );
    expect(answer.raw).not.toContain('wrong-token-77');
  });

  it("says what Prometheus said about a label name it cannot parse (a relabelled setup's typo)", async () => {
    const client = new PrometheusClient(
      { url: prometheus.url },
      { namespace: 'kube-namespace', pod: 'pod', container: 'container', node: 'node' },
    );
    const answer = await ask(client);
    expect(answer.isError).toBe(false);
    expect(answer.structured.summary).toMatch(
      /^no trends: Prometheus at http:\/\/127\.0\.0\.1:\d+ refused GET \/api\/v1\/query(_range)?: 400 Bad Request: .*parse error.*$/,
    );
    expect(String(answer.structured.summary)).not.toContain('\n');
  });

  it('says what Prometheus said about a bad alert expression', async () => {
    const answer = await ask(new PrometheusClient({ url: prometheus.url }), {
      question: 'alert_expression',
      expression: 'rate(container_memory_working_set_bytes[5m]',
    });
    expect(answer.structured.summary).toMatch(/^no trends: Prometheus at .* 400 Bad Request: .*parse error/);
  });
});
