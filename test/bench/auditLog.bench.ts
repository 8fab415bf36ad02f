// Benchmark: planning's bounded audit query on a 1 GiB audit log (one file, as grown before rotation, and the same
// history rotated into 64 MiB files), against reading every record. Run: node --import tsx test/bench/auditLog.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src/audit/auditLog.js';

const GiB = 1024 * 1024 * 1024;
const RUNS = 10;
const MiB = 1024 * 1024;

/** Writes `bytes` of realistic tool_call and action_result lines, one minute apart, ending now. */
async function generate(path: string, bytes: number): Promise<number> {
  const line = (i: number, time: number) =>
    `${JSON.stringify({
      kind: i % 50 ? 'tool_call' : 'action_result',
      tool: 'get_pod_logs',
      ok: true,
      targetKey: `Deployment/production/app-${i % 40}`,
      arguments: { namespace: 'production', pod_name: `app-${i % 40}-7d9f8b6c5-x2x9q`, tail: 200 },
      durationMs: 12,
      time: new Date(time).toISOString(),
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    })}\n`;
  const sample = line(0, Date.now()).length;
  const count = Math.ceil(bytes / sample);
  const handle = await open(path, 'w');
  const now = Date.now();
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(line(i, now - (count - i) * 1000));
    if (chunk.length === 20_000) {
      await handle.write(chunk.join(''));
      chunk = [];
    }
  }
  await handle.write(chunk.join(''));
  await handle.close();
  return count;
}

async function time<T>(work: () => Promise<T>): Promise<{ p50: number; max: number; result: T }> {
  const samples: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(RUNS / 2)] as number, max: samples.at(-1) as number, result: result as T };
}

const dir = mkdtempSync(join(tmpdir(), 'kopilot-audit-bench-'));
try {
  const single = join(dir, 'single', 'audit.jsonl');
  await mkdir(join(dir, 'single'));
  const records = await generate(single, GiB);
  const since = Date.now() - 2 * 60 * 60_000;
  const query = { since, kinds: ['action_result'], targetKey: 'Deployment/production/app-0' };
  const log = new AuditLog(single, { maxFileBytes: 2 * GiB });
  const bounded = await time(async () => {
    const stats = { bytesRead: 0 };
    const found = await log.query(query, stats);
    return { found: found.length, bytesRead: stats.bytesRead };
  });
  const appendTimed = await time(() => log.append({ kind: 'tool_call', tool: 'bench' }));
  const full = { start: performance.now(), count: 0 };
  for await (const record of log.records()) if (record.kind === 'action_result') full.count++;
  const fullMs = performance.now() - full.start;
  const result = {
    log_bytes: GiB,
    records,
    bounded_query_p50_ms: Math.round(bounded.p50 * 10) / 10,
    bounded_query_max_ms: Math.round(bounded.max * 10) / 10,
    bounded_query_bytes_read: bounded.result.bytesRead,
    bounded_query_found: bounded.result.found,
    append_p50_ms: Math.round(appendTimed.p50 * 10) / 10,
    full_stream_ms: Math.round(fullMs),
    full_stream_MiB_per_s: Math.round(GiB / MiB / (fullMs / 1000)),
  };
  console.table(result);
  await writeFile(
    new URL('./results/auditLog.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
