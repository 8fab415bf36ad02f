// Benchmark: generating the synthetic 1000-node / 30,000-pod cluster and loading it into the ObjectStore,
// and loading each built-in scenario. Run: node --import tsx test/bench/scenarios.bench.ts
import { writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { SandboxClock } from '../../src/sandbox/clock.js';
import {
  generateSyntheticCluster,
  listBuiltinScenarios,
  loadIntoStore,
  loadScenario,
} from '../../src/sandbox/scenarios/index.js';
import { ObjectStore } from '../../src/sandbox/store.js';

// Wall time and CPU time of this process: on a shared, loaded machine the CPU time is the honest figure.
const rows: Array<{ case: string; wallMs: number; cpuMs: number; objects: number }> = [];
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const time = async <T>(label: string, work: () => T | Promise<T>, count: (t: T) => number) => {
  const started = performance.now();
  const cpu = cpuMs();
  const result = await work();
  rows.push({
    case: label,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round(cpuMs() - cpu),
    objects: count(result),
  });
  return result;
};

for (const [nodes, pods] of [
  [1000, 30_000],
  [100, 3000],
] as const) {
  const scenario = await time(
    `generate ${nodes} nodes / ${pods} pods`,
    () => generateSyntheticCluster({ nodes, pods, seed: 1 }),
    (s) => s.objects.length,
  );
  await time(
    `load ${nodes} nodes / ${pods} pods into the store`,
    () => loadIntoStore(scenario, new ObjectStore(new SandboxClock())),
    (n) => n,
  );
}
for (const { name } of await listBuiltinScenarios()) {
  await time(
    `load built-in ${name}`,
    () => loadScenario(name),
    (s) => s.objects.length,
  );
}
const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
console.table(rows);
console.log(
  `RSS ${rss} MiB, node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}`,
);
await mkdir('test/bench/results', { recursive: true });
await writeFile(
  'test/bench/results/scenarios.json',
  `${JSON.stringify({ rows, rssMiB: rss, loadAverage: os.loadavg()[0] }, null, 2)}\n`,
);
