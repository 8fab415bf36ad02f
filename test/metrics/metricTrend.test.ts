// get_metric_trend through a real Prometheus (backfilled by promtool) and the sandbox's cluster: a leak says how
// fast and when it hits the limit, a spike says it is falling, a step names the revision rolled out then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { estimateTokens } from '../../src/mcp/budget.js';
import { connectInMemory, type InMemoryConnection } from '../../src/mcp/inMemory.js';
import { PrometheusClient } from '../../src/metrics/prometheus.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { call } from '../mcp/sandboxMcp.js';
import {
  everyAgo,
  prometheusAvailable,
  seriesAgo,
  startPrometheus,
  type RunningPrometheus,
} from '../helpers/prometheus.js';

const GiB = 2 ** 30;
const MIN = 60;
const HOUR = 3600;
const wiggle = (ago: number, amplitude: number) => amplitude * Math.sin(ago * 0.37) * Math.cos(ago * 0.11);
const memory = (pod: string, points: Array<[number, number]>) =>
  seriesAgo(
    'container_memory_working_set_bytes',
    { namespace: 'production', pod, container: 'webapp' },
    points,
  );
const memoryLimit = (pod: string, bytes: number) =>
  seriesAgo(
    'kube_pod_container_resource_limits',
    { namespace: 'production', pod, container: 'webapp', resource: 'memory' },
    everyAgo(9 * 60, MIN, () => bytes),
  );

describe.skipIf(!prometheusAvailable())('get_metric_trend on a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let sandbox: Sandbox;
  let connection: InMemoryConnection;

  beforeAll(async () => {
    [prometheus, sandbox] = await Promise.all([
      startPrometheus([
        // A leak: 5.2 GiB two hours ago, +1.2 GiB/h, 7.6 GiB now of 8 GiB.
        memory(
          'webapp-123',
          everyAgo(3 * 60, MIN, (ago) => 7.6 * GiB - (ago / HOUR) * 1.2 * GiB + wiggle(ago, 15e6)),
        ),
        memoryLimit('webapp-123', 8 * GiB),
        // A spike 50 minutes ago (2 → 7 GiB), decaying back towards 2.5 GiB.
        memory(
          'webapp-spike',
          everyAgo(2 * 60, MIN, (ago) =>
            ago > 50 * MIN
              ? 2 * GiB + wiggle(ago, 10e6)
              : 2.5 * GiB + 4.5 * GiB * Math.exp(-(50 * MIN - ago) / (12 * MIN)),
          ),
        ),
        memoryLimit('webapp-spike', 8 * GiB),
        // A step 5h50m ago — ten minutes after revision 2 of Deployment webapp rolled out (6 h ago) — then flat.
        memory(
          'webapp-step',
          everyAgo(8 * 60, MIN, (ago) => (ago > 350 * MIN ? 3 : 6) * GiB + wiggle(ago, 20e6)),
        ),
        memoryLimit('webapp-step', 8 * GiB),
      ]),
      startSandbox({ scenario: 'webapp-memory' }),
    ]);
    const { kubeConfig } = loadKubeconfig({
      kubeconfig: sandbox.kubeconfigPath,
      context: 'sandbox-readonly',
    });
    connection = await connectInMemory({
      cluster: new ClusterClient({ kubeConfig }),
      metrics: new PrometheusClient({ url: prometheus.url }),
      audit: false,
    });
  }, 60_000);

  afterAll(async () => {
    await connection?.close();
    await Promise.all([prometheus?.stop(), sandbox?.close()]);
  });

  const ask = (args: Record<string, unknown>) => call(connection.client, 'get_metric_trend', args);

  it('says how fast a leak grows and when it reaches the limit, within a small budget', async () => {
    const answer = await ask({
      question: 'container_memory',
      namespace: 'production',
      pod: 'webapp-123',
      window_minutes: 120,
    });
    expect(answer.isError).toBe(false);
    const series = (answer.structured.series as Array<Record<string, string>>)[0];
    expect(series).toMatchObject({ name: 'webapp', verdict: 'rising', limit: '8Gi', used: '95%' });
    expect(series?.slope_per_hour).toMatch(/^\+1\.[12]\dGi$|^\+1\.2Gi$/);
    // 0.4 GiB left at 1.2 GiB/h: about 20 minutes.
    expect(series?.limit_in).toMatch(/^(1[89]|2[0-2])m$/);
    expect(answer.structured.summary).toMatch(
      /rising, now 7\.6Gi of 8Gi limit \(95%\), \+1\.2\d?Gi\/h, reaches the limit in ~2?\dm/,
    );
    expect(estimateTokens(answer.text)).toBeLessThanOrEqual(250);
  });

  it('says a spike is already falling, with its peak', async () => {
    const answer = await ask({
      question: 'container_memory',
      namespace: 'production',
      pod: 'webapp-spike',
      window_minutes: 120,
    });
    const series = (answer.structured.series as Array<Record<string, string>>)[0];
    expect(series?.verdict).toBe('spike already falling');
    expect(series?.max).toMatch(/^[67](\.\d+)?Gi$/);
    expect(series?.limit_in).toBeUndefined();
    expect(answer.structured.summary).toMatch(/spike already falling.*peak/);
  });

  it("names the revision a step started with, read from the Deployment's ReplicaSets", async () => {
    const answer = await ask({
      question: 'container_memory',
      namespace: 'production',
      pod: 'webapp-step',
      deployment: 'webapp',
      window_minutes: 8 * 60,
    });
    const series = (answer.structured.series as Array<Record<string, unknown>>)[0];
    expect(series?.verdict).toBe('flat');
    const steps = series?.steps as string[];
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatch(
      /^\+3(\.\d+)?Gi 5h(4[6-9]|5[0-4])m ago \(3(\.\d+)?Gi → 6(\.\d+)?Gi\), with revision 2 \(rolled out 6h ago\)$/,
    );
    expect(answer.structured.summary).toMatch(/revision 2/);
  });

  it('names the revision from rollout times the caller passes', async () => {
    const startedAt = new Date(Date.now() - 352 * MIN * 1000).toISOString();
    const answer = await ask({
      question: 'container_memory',
      namespace: 'production',
      pod: 'webapp-step',
      window_minutes: 8 * 60,
      rollouts: [
        { revision: 'v41', started_at: new Date(Date.now() - 7 * HOUR * 1000).toISOString() },
        { revision: 'v42', started_at: startedAt },
      ],
    });
    const steps = (answer.structured.series as Array<Record<string, unknown>>)[0]?.steps as string[];
    expect(steps[0]).toMatch(/with revision v42 \(rolled out 5h5[12]m ago\)$/);
  });

  it('runs the expression of an alert from its generatorURL as a range query', async () => {
    const expr = 'container_memory_working_set_bytes{pod="webapp-123"} / 2^30 > 5';
    const answer = await ask({
      question: 'alert_expression',
      generator_url: `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
      window_minutes: 60,
    });
    expect(answer.structured.query).toBe(expr);
    const series = (answer.structured.series as Array<Record<string, string>>)[0];
    expect(series?.verdict).toBe('rising');
    expect(series?.name).toContain('pod=webapp-123');
    expect(Number(series?.current)).toBeCloseTo(7.6, 1);
  });

  it('says in one line when Prometheus has no such series', async () => {
    const answer = await ask({ question: 'container_memory', namespace: 'production', pod: 'nope-1' });
    expect(answer.isError).toBe(false);
    expect(answer.structured.summary).toBe(
      'no memory working set data in Prometheus for production/nope-1 over the last 1h',
    );
  });

  it('refuses a question without what it needs, naming it', async () => {
    const answer = await ask({ question: 'pvc_usage', namespace: 'production' });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/pvc_usage needs pvc/);
  });
});
