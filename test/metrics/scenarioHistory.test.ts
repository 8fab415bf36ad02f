// A scenario's metrics history (metrics/*.om, written at the scenario's own time) is served as if recorded up to
// the time of loading, so the trend tool reads it like every other shifted timestamp.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { PrometheusClient } from '../../src/metrics/prometheus.js';
import { call } from '../mcp/sandboxMcp.js';
import {
  prometheusAvailable,
  startPrometheusForScenario,
  type RunningPrometheus,
} from '../helpers/prometheus.js';

const SCENARIO_NOW = Date.parse('2025-06-12T14:30:00Z') / 1000;
const GiB = 2 ** 30;

/** OpenMetrics at the scenario's time: memory growing 0.5 GiB/h for 3 hours up to 7.5 GiB at `now`, limit 8 GiB. */
function history(): string {
  const lines: string[] = [];
  const labels = 'namespace="production",pod="webapp-123",container="webapp"';
  for (let ago = 3 * 3600; ago >= 0; ago -= 60) {
    lines.push(
      `container_memory_working_set_bytes{${labels}} ${Math.round(7.5 * GiB - (ago / 3600) * 0.5 * GiB)} ${SCENARIO_NOW - ago}`,
    );
  }
  for (let ago = 3 * 3600; ago >= 0; ago -= 60) {
    lines.push(
      `kube_pod_container_resource_limits{${labels},resource="memory"} ${8 * GiB} ${SCENARIO_NOW - ago}`,
    );
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

describe.skipIf(!prometheusAvailable())('a scenario metrics history', () => {
  let dir: string;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kopilot-scenario-'));
    await writeFile(join(dir, 'scenario.yaml'), 'name: leak\nnow: 2025-06-12T14:30:00Z\n');
    await mkdir(join(dir, 'metrics'));
    await writeFile(join(dir, 'metrics', 'memory.om'), history());
    prometheus = await startPrometheusForScenario(dir);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is backfilled shifted to now: the leak reads as growing 512Mi/h, an hour from the limit', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: 'http://127.0.0.1:9' }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const connection = await connectInMemory({
      cluster: new ClusterClient({ kubeConfig }),
      metrics: new PrometheusClient({ url: prometheus.url }),
      audit: false,
    });
    try {
      const answer = await call(connection.client, 'get_metric_trend', {
        question: 'container_memory',
        namespace: 'production',
        pod: 'webapp-123',
        window_minutes: 180,
        rollouts: [],
      });
      expect(answer.structured.series).toEqual([
        expect.objectContaining({
          verdict: 'rising',
          current: '7.5Gi',
          slope_per_hour: '+512Mi',
          limit_in: '1h',
        }),
      ]);
    } finally {
      await connection.close();
    }
  });
});
