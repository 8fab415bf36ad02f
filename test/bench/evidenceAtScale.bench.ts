// Benchmark: time from alert to evidence ready on the synthetic 1000-node / 30,000-pod cluster, cold and warm
// cache (the playbook's tool calls through kopilot's MCP server, rules only), and the process's peak RSS.
// Run: node --import tsx test/bench/evidenceAtScale.bench.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Alert } from '../../src/alerts/alert.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { runTriage } from '../../src/agent/triage.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { READONLY_CONTEXT, startSandbox } from '../../src/sandbox/index.js';

const started = performance.now();
const sandbox = await startSandbox({ synthetic: { nodes: 1000, pods: 30_000 } });
const startMs = performance.now() - started;
try {
  const pod = sandbox.store.list('core/pods').find((p) => p.metadata.namespace !== 'kube-system');
  if (!pod) throw new Error('the synthetic cluster has no pod');
  const parsed = parseAlerts(
    JSON.stringify({
      labels: {
        alertname: 'HighMemoryUsage',
        severity: 'warning',
        namespace: pod.metadata.namespace,
        pod: pod.metadata.name,
      },
      annotations: { summary: `${pod.metadata.name} memory high` },
    }),
    { source: 'bench' },
  );
  if (!parsed.ok) throw new Error(parsed.error);
  const alert = parsed.alerts[0] as Alert;
  const kube = loadKubeconfig({ kubeconfig: sandbox.kubeconfigPath, context: READONLY_CONTEXT, env: {} });
  const cluster = new ClusterClient({ kubeConfig: kube.kubeConfig });
  const mcp = await connectInMemory({ cluster, audit: false });

  const evidenceReady = async () => {
    const t0 = performance.now();
    let calls = 0;
    let ready = 0;
    for await (const event of runTriage({ alert, mcp: mcp.client, noModel: true })) {
      if (event.type === 'tool_call_finished') {
        calls += 1;
        ready = performance.now() - t0;
      }
    }
    return { ms: Math.round(ready), calls };
  };
  const cold = await evidenceReady();
  const warm = await evidenceReady();
  await mcp.close();
  const result = {
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
    sandboxStartMs: Math.round(startMs),
    coldMs: cold.ms,
    warmMs: warm.ms,
    toolCalls: cold.calls,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log('alert to evidence ready, 1000 nodes / 30,000 pods (sandbox, MCP and engine in one process)');
  console.table([result]);
  await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  await writeFile(
    fileURLToPath(new URL('./results/evidenceAtScale.json', import.meta.url)),
    `${JSON.stringify(result, null, 2)}\n`,
  );
} finally {
  await sandbox.close();
}
