// Runs every test/bench/*.bench.ts in turn as its own child process; `npm run bench -- evidence` runs the matching ones.
// Each benchmark prints its own table and writes test/bench/results/<area>.json; exits non-zero if any failed.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2).filter((arg) => arg !== '--');
const all = (await readdir(benchDir)).filter((file) => file.endsWith('.bench.ts')).sort();
const chosen = filters.length ? all.filter((file) => filters.some((filter) => file.includes(filter))) : all;
if (chosen.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')} (have: ${all.join(', ')})`);
  process.exit(2);
}

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}${file}`], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const summary: Array<{ benchmark: string; exit: number; seconds: number; load_before: string }> = [];
for (const file of chosen) {
  console.log(`\n=== ${file} ===`);
  const started = performance.now();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const exit = await runOne(file);
  summary.push({
    benchmark: file,
    exit,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    load_before: load,
  });
}
console.log('\n=== summary ===');
console.table(summary);
const failed = summary.filter((row) => row.exit !== 0);
if (failed.length) {
  console.error(`${failed.length} benchmark(s) failed: ${failed.map((row) => row.benchmark).join(', ')}`);
  process.exit(1);
}
