// Benchmark: start-up of the built binary — `kopilot --version`, `--help`, and `kopilot demo` to its first line —
// against bare `node` measured in the same run, so the figure is a ratio that survives a busy machine.
// Run: node --import tsx test/bench/startup.bench.ts
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/kopilot.js', import.meta.url));
const RUNS = 10;

/** Milliseconds until the process prints `untilOutput` (or exits), and its CPU time. */
function timeOnce(args: string[], untilOutput?: RegExp): Promise<{ wallMs: number; exited: boolean }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (untilOutput?.test(output)) {
        const wallMs = performance.now() - started;
        child.kill('SIGTERM');
        resolve({ wallMs, exited: false });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', () => resolve({ wallMs: performance.now() - started, exited: true }));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const cases: Array<{ name: string; args: string[]; until?: RegExp }> = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'kopilot --version', args: [BIN, '--version'] },
  { name: 'kopilot --help', args: [BIN, '--help'] },
  {
    name: 'kopilot demo: sandbox up, triage started',
    args: [BIN, 'demo', '--no-model', '--non-interactive'],
    until: /triaging HighMemoryUsage/,
  },
];

const rows: Array<{ case: string; p50Ms: number; p95Ms: number; xNode: number }> = [];
let baseline = 0;
for (const c of cases) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timeOnce(c.args, c.until)).wallMs);
  const p50 = percentile(times, 50);
  if (rows.length === 0) baseline = p50;
  rows.push({
    case: c.name,
    p50Ms: Math.round(p50),
    p95Ms: Math.round(percentile(times, 95)),
    xNode: Number((p50 / baseline).toFixed(1)),
  });
}

const load = loadavg()[0]?.toFixed(1);
console.log(`start-up, ${RUNS} runs each (load average ${load})`);
console.table(rows);
await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
await writeFile(
  fileURLToPath(new URL('./results/startup.json', import.meta.url)),
  `${JSON.stringify({ runs: RUNS, loadAverage: Number(load), rows }, null, 2)}\n`,
);
