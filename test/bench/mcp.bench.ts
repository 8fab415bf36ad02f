// Benchmark: every MCP tool on the synthetic 1000-node / 30,000-pod sandbox through the SDK's in-memory Client —
// bytes and estimated tokens (gpt-tokenizer) per result against the 400-token budget, p50/p95 latency cold (cache
// cleared before each call) and warm. Targets: check_node_capacity < 2 s cold, < 200 ms warm.
// The sandbox runs as its own process (`kopilot sandbox --synthetic`), as an API server would: in this process its
// serialising of 88 MiB of pods would queue on the same event loop as the client decoding them.
// Run: npm run build && node --import tsx test/bench/mcp.bench.ts
import { encode } from 'gpt-tokenizer';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { DEFAULT_TOKEN_BUDGET } from '../../src/mcp/budget.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/cluster/clusterClient.js';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 30_000);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 20);
const TARGETS: Record<string, { cold: number; warm: number }> = {
  check_node_capacity: { cold: 2000, warm: 200 },
};

interface Row {
  tool: string;
  bytes: number;
  tokens: number;
  within_budget: boolean;
  cold_p50_ms: number;
  cold_p95_ms: number;
  warm_p50_ms: number;
  warm_p95_ms: number;
  error?: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
}

/** `kopilot sandbox --synthetic` in a child process; resolves once it serves, with its kubeconfig. */
async function startSandboxProcess(): Promise<{ kubeconfigPath: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kopilot-bench-mcp-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const bin = fileURLToPath(new URL('../../bin/kopilot.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [bin, 'sandbox', '--synthetic', `nodes=${NODES},pods=${PODS},seed=1`, '--kubeconfig-out', kubeconfigPath],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('press Ctrl+C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`kopilot sandbox exited with ${code}: ${output}`)));
  });
  return { kubeconfigPath, stop };
}

const startedAt = performance.now();
const sandbox = await startSandboxProcess();
console.log(`sandbox ${NODES} nodes / ${PODS} pods up in ${Math.round(performance.now() - startedAt)} ms`);
const { kubeConfig } = loadKubeconfig({ kubeconfig: sandbox.kubeconfigPath, context: 'sandbox-readonly' });
const cluster = new ClusterClient({ kubeConfig });
const { client, close } = await connectInMemory({ cluster, audit: false });

// Real names from the synthetic cluster, so every tool has something to answer about.
const first = async (resource: string): Promise<KubeObject | undefined> => (await cluster.list(resource))[0];
const pod = await first('core/pods');
const deployment = await first('apps/deployments');
const node = await first('core/nodes');
const hpa = await first('autoscaling/horizontalpodautoscalers');
const namespace = deployment?.metadata.namespace ?? pod?.metadata.namespace ?? 'default';
const calls: Array<[string, Record<string, unknown>]> = [
  ['check_node_capacity', { resource_type: 'memory' }],
  ['check_node_capacity', { resource_type: 'cpu' }],
  ['get_pod_status', { namespace: pod?.metadata.namespace, pod_name: pod?.metadata.name }],
  ['get_deployment_history', { namespace, deployment: deployment?.metadata.name ?? 'none' }],
  ['list_related_alerts', { namespace }],
  ['check_resource_quotas', { namespace }],
  [
    'get_hpa_status',
    { namespace: hpa?.metadata.namespace ?? namespace, hpa_name: hpa?.metadata.name ?? 'none' },
  ],
  ['get_events', {}],
  ['get_pod_logs', { namespace: pod?.metadata.namespace, pod_name: pod?.metadata.name }],
  ['list_pods', {}],
  ['list_pods', { problems_only: true }],
  ['get_workload', { namespace, name: deployment?.metadata.name ?? 'none' }],
  ['get_node_status', { node_name: node?.metadata.name }],
  ['check_scaling_feasibility', { namespace, workload: deployment?.metadata.name ?? 'none', replicas: 50 }],
  [
    'check_resource_change_feasibility',
    { namespace, workload: deployment?.metadata.name ?? 'none', memory_request: '2Gi', memory_limit: '4Gi' },
  ],
  ['get_pdb_status', { namespace }],
  ['get_network_policies', { namespace }],
];

async function timed(name: string, args: Record<string, unknown>) {
  const t0 = performance.now();
  // A cold list of 30,000 pods can take longer than the SDK's default 60 s request timeout on a loaded machine.
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000 });
  return { ms: performance.now() - t0, result };
}

const rows: Row[] = [];
// BENCH_TOOLS=check_node_capacity,list_pods measures only those tools.
const only = process.env.BENCH_TOOLS?.split(',').filter(Boolean);
try {
  for (const [name, args] of calls.filter(([name]) => !only || only.includes(name))) {
    const cold: number[] = [];
    const warm: number[] = [];
    let last: Awaited<ReturnType<typeof timed>>['result'] | undefined;
    for (let i = 0; i < COLD_RUNS; i++) {
      cluster.clearCache();
      const run = await timed(name, args);
      cold.push(run.ms);
      last = run.result;
    }
    for (let i = 0; i < WARM_RUNS; i++) {
      const run = await timed(name, args);
      warm.push(run.ms);
      last = run.result;
    }
    const text = ((last?.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
    const tokens = encode(text).length;
    rows.push({
      tool: `${name} ${JSON.stringify(args).slice(0, 40)}`,
      bytes: Buffer.byteLength(text),
      tokens,
      within_budget: tokens <= DEFAULT_TOKEN_BUDGET,
      cold_p50_ms: percentile(cold, 50),
      cold_p95_ms: percentile(cold, 95),
      warm_p50_ms: percentile(warm, 50),
      warm_p95_ms: percentile(warm, 95),
      ...(last?.isError ? { error: text.slice(0, 80) } : {}),
    });
    console.log(JSON.stringify(rows.at(-1)));
  }
} finally {
  await close();
  sandbox.stop();
}

console.table(rows);
const missed: string[] = [];
for (const row of rows) {
  const target = TARGETS[row.tool.split(' ')[0] as string];
  if (target && (row.cold_p95_ms > target.cold || row.warm_p95_ms > target.warm)) missed.push(row.tool);
  if (!row.within_budget) missed.push(`${row.tool} over ${DEFAULT_TOKEN_BUDGET} tokens`);
}
const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
console.log(
  `RSS ${rssMiB} MiB, node ${process.version}, ${cpus().length} cores; ${missed.length ? `MISSED: ${missed.join('; ')}` : 'all targets met'}`,
);
await mkdir('test/bench/results', { recursive: true });
await writeFile(
  'test/bench/results/mcp.json',
  `${JSON.stringify({ nodes: NODES, pods: PODS, rows, rssMiB, node: process.version, cores: cpus().length }, null, 2)}\n`,
);
if (missed.length) process.exitCode = 1;
