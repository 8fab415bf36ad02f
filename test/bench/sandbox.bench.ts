// Benchmark: the sandbox with the synthetic 1000-node / 30,000-pod cluster — start time (target < 10 s) and a full
// `list pods` across namespaces paginated by 500 through @kubernetes/client-node (target < 3 s).
// Run: node --import tsx test/bench/sandbox.bench.ts
import * as k8s from '@kubernetes/client-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { cpus, loadavg } from 'node:os';
import { startSandbox } from '../../src/sandbox/index.js';

const NODES = 1000;
const PODS = 30_000;
const PAGE = 500;

interface Row {
  case: string;
  ms: number;
  /** CPU time of this process (server and client share it): comparable even when the machine is loaded. */
  cpu_ms: number;
  target_ms?: number;
  detail: string;
}
const rows: Row[] = [];

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
};

let cpuStart = process.cpuUsage();
const startedAt = performance.now();
const sandbox = await startSandbox({ synthetic: { nodes: NODES, pods: PODS, seed: 1 } });
const startMs = Math.round(performance.now() - startedAt);
rows.push({
  case: `start ${NODES} nodes / ${PODS} pods`,
  ms: startMs,
  cpu_ms: cpuSince(cpuStart),
  target_ms: 10_000,
  detail: `${sandbox.store.count('core/pods')} pods`,
});

const kc = new k8s.KubeConfig();
kc.loadFromFile(sandbox.kubeconfigPath);
const core = kc.makeApiClient(k8s.CoreV1Api);

async function listAllPods(): Promise<{ pods: number; pages: number }> {
  let token: string | undefined;
  let pods = 0;
  let pages = 0;
  do {
    const page = await core.listPodForAllNamespaces({ limit: PAGE, ...(token ? { _continue: token } : {}) });
    pods += page.items.length;
    pages++;
    token = page.metadata?._continue;
  } while (token);
  return { pods, pages };
}

/** The same pages over plain HTTPS without decoding them: the server's and the transport's share of the cost. */
async function listAllPodsRaw(): Promise<{ bytes: number; pages: number }> {
  const cluster = kc.getCurrentCluster();
  const token = kc.getCurrentUser()?.token ?? '';
  const ca = Buffer.from(cluster?.caData ?? '', 'base64').toString('utf8');
  let next = '';
  let bytes = 0;
  let pages = 0;
  do {
    const path = `/api/v1/pods?limit=${PAGE}${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
    const body = await new Promise<Buffer>((resolve, reject) => {
      const req = httpsRequest(
        new URL(path, cluster?.server),
        { ca, headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        },
      );
      req.on('error', reject);
      req.end();
    });
    bytes += body.length;
    pages++;
    next = /"continue":"([^"]+)"/.exec(body.subarray(0, 512).toString('utf8'))?.[1] ?? '';
  } while (next);
  return { bytes, pages };
}

try {
  for (const run of ['cold', 'warm']) {
    cpuStart = process.cpuUsage();
    const t0 = performance.now();
    const { pods, pages } = await listAllPods();
    rows.push({
      case: `client-node list pods -A by ${PAGE} (${run})`,
      ms: Math.round(performance.now() - t0),
      cpu_ms: cpuSince(cpuStart),
      target_ms: 3000,
      detail: `${pods} pods in ${pages} pages`,
    });
  }
  cpuStart = process.cpuUsage();
  const t2 = performance.now();
  const raw = await listAllPodsRaw();
  rows.push({
    case: `raw HTTPS list pods -A by ${PAGE}, not decoded`,
    ms: Math.round(performance.now() - t2),
    cpu_ms: cpuSince(cpuStart),
    detail: `${Math.round(raw.bytes / 2 ** 20)} MiB in ${raw.pages} pages`,
  });
  cpuStart = process.cpuUsage();
  const t1 = performance.now();
  const selected = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-0001' });
  rows.push({
    case: 'list pods on one node (field selector)',
    ms: Math.round(performance.now() - t1),
    cpu_ms: cpuSince(cpuStart),
    detail: `${selected.items.length} pods`,
  });
} finally {
  await sandbox.close();
}

const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
const load = loadavg()[0]?.toFixed(1) ?? '?';
console.table(rows);
const failed = rows.filter((r) => r.target_ms !== undefined && r.ms > r.target_ms);
console.log(
  `RSS ${rssMiB} MiB, node ${process.version}, ${cpus().length} cores; ${failed.length === 0 ? 'all targets met' : `MISSED: ${failed.map((r) => r.case).join('; ')}`}`,
);
await mkdir('test/bench/results', { recursive: true });
await writeFile(
  'test/bench/results/sandbox.json',
  `${JSON.stringify({ rows, rssMiB, node: process.version, cores: cpus().length, loadAverage: Number(load) }, null, 2)}\n`,
);
if (failed.length > 0) process.exitCode = 1;
