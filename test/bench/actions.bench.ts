// Benchmark: planAction latency (reads, relatedness, MCP feasibility, server-side dry run) on the design incident
// and on a generated 200-node / 6,000-pod cluster. Run: node --import tsx test/bench/actions.bench.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { ActionCluster } from '../../src/actions/kube.js';
import { planAction } from '../../src/actions/plan.js';
import type { Recommendation } from '../../src/proposal/recommendation.js';
import { startSandbox } from '../../src/sandbox/index.js';

const RUNS = 10;

function rec(
  action: string,
  target: Recommendation['target'],
  parameters: Record<string, unknown>,
): Recommendation {
  return { action, target, parameters, confidence: 1, reasoning: 'bench', evidence: [], alternatives: [] };
}

async function time(cluster: ActionCluster, recommendation: Recommendation) {
  const samples: number[] = [];
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = await planAction(recommendation, { cluster });
    samples.push(performance.now() - start);
    outcome = result.ok ? 'plan' : `refused: ${result.reason}`;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number);
  return { p50_ms: at(0.5), p95_ms: at(0.95), outcome };
}

const rows: Array<Record<string, unknown>> = [];

const design = await startSandbox();
try {
  const cluster = ActionCluster.connect({ kubeconfigPath: design.kubeconfigPath, context: 'sandbox' });
  const webapp = { kind: 'Deployment', namespace: 'production', name: 'webapp' };
  rows.push({
    cluster: 'webapp-memory',
    action: 'increase_resources 12Gi/10Gi',
    ...(await time(
      cluster,
      rec('increase_resources', webapp, { memory_limit: '12Gi', memory_request: '10Gi' }),
    )),
  });
  rows.push({
    cluster: 'webapp-memory',
    action: 'scale_workload 3→5',
    ...(await time(cluster, rec('scale_workload', webapp, { replicas: 5 }))),
  });
  rows.push({
    cluster: 'webapp-memory',
    action: 'drain_node worker-02',
    ...(await time(cluster, rec('drain_node', { kind: 'Node', name: 'worker-02' }, {}))),
  });
} finally {
  await design.close();
}

const NODES = 200;
const PODS = 6000;
const big = await startSandbox({ synthetic: { nodes: NODES, pods: PODS, seed: 7 } });
try {
  const cluster = ActionCluster.connect({ kubeconfigPath: big.kubeconfigPath, context: 'sandbox' });
  const deployment = big.store.list('apps/deployments').find((d) => d.metadata.namespace !== 'kube-system');
  const node = big.store.list('core/nodes')[0];
  if (deployment) {
    const target = {
      kind: 'Deployment',
      namespace: deployment.metadata.namespace,
      name: deployment.metadata.name,
    };
    const replicas = Number((deployment.spec as { replicas?: number }).replicas ?? 1);
    rows.push({
      cluster: `${NODES} nodes/${PODS} pods`,
      action: `scale_workload ${replicas}→${replicas + 1}`,
      ...(await time(cluster, rec('scale_workload', target, { replicas: replicas + 1 }))),
    });
  }
  if (node) {
    rows.push({
      cluster: `${NODES} nodes/${PODS} pods`,
      action: `drain_node ${node.metadata.name}`,
      ...(await time(cluster, rec('drain_node', { kind: 'Node', name: node.metadata.name }, {}))),
    });
  }
} finally {
  await big.close();
}

console.table(rows);
console.log(
  `node ${process.version}, ${cpus().length} cores, ${RUNS} runs each (wall time; other processes share the machine)`,
);
await mkdir('test/bench/results', { recursive: true });
await writeFile(
  'test/bench/results/actions.json',
  `${JSON.stringify({ runs: RUNS, rows, node: process.version, cores: cpus().length }, null, 2)}\n`,
);
