// Benchmark: alert intake — parsing a 1 MiB webhook payload and a 3,000-alert paste, fingerprinting, and one
// AlertManager round trip (post 1,000 alerts, list them with a filter) on a real AlertManager when installed.
// Run: node --import tsx test/bench/alerts.bench.ts
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient.js';
import { alertFingerprint } from '../../src/alerts/fingerprint.js';
import { MAX_ALERT_INPUT_BYTES } from '../../src/alerts/jsonText.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { ALERTMANAGER_BIN, startAlertmanager } from '../helpers/alertmanager.js';

function time<T>(runs: number, f: () => T): { p50: number; p95: number; result: T } {
  const samples: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = f();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)] ?? 0) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), result };
}

function webhook(count: number, extra = 0): string {
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'kopilot',
    alerts: Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: {
        alertname: 'KubePodCrashLooping',
        namespace: 'shop',
        pod: `cart-${i}`,
        container: 'cart',
        severity: 'warning',
      },
      annotations: { summary: 'Pod is crash looping.', description: 'x'.repeat(extra) },
      startsAt: '2024-05-01T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    })),
  });
}

const rows: Record<string, unknown>[] = [];
let fill = 0;
while (Buffer.byteLength(webhook(2000, fill + 16)) < MAX_ALERT_INPUT_BYTES) fill += 16;
const nearLimit = webhook(2000, fill);

for (const [name, text, runs] of [
  [
    'design alert (bare)',
    '{"labels":{"alertname":"HighMemoryUsage","namespace":"production","pod":"webapp-123","severity":"warning"}}',
    2000,
  ],
  ['webhook, 100 alerts', webhook(100), 100],
  ['webhook, 3000 alerts', webhook(3000), 10],
  [`webhook near 1 MiB (${Buffer.byteLength(nearLimit)} bytes, 2000 alerts)`, nearLimit, 10],
] as const) {
  const t = time(runs, () => parseAlerts(text));
  rows.push({
    case: `parse ${name}`,
    bytes: Buffer.byteLength(text),
    p50_ms: t.p50,
    p95_ms: t.p95,
    ok: t.result.ok,
  });
}
const labels = {
  alertname: 'HighMemoryUsage',
  namespace: 'production',
  pod: 'webapp-123',
  severity: 'warning',
};
const fp = time(20_000, () => alertFingerprint(labels));
rows.push({ case: 'fingerprint, 4 labels', p50_ms: fp.p50, p95_ms: fp.p95 });
const big = time(10, () => alertFingerprint({ alertname: 'A', blob: 'x'.repeat(1_000_000) }));
rows.push({ case: 'fingerprint, 1 MB label', p50_ms: big.p50, p95_ms: big.p95 });

if (existsSync(ALERTMANAGER_BIN)) {
  const am = await startAlertmanager();
  try {
    const client = new AlertmanagerClient({ url: am.url });
    const posted = Array.from({ length: 1000 }, (_, i) => ({
      labels: {
        alertname: i % 2 ? 'HighMemoryUsage' : 'KubePodCrashLooping',
        namespace: 'shop',
        pod: `cart-${i}`,
        severity: 'warning',
      },
    }));
    let start = performance.now();
    await client.postAlerts(posted);
    rows.push({ case: 'AlertManager: post 1000 alerts', ms: Math.round(performance.now() - start) });
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      start = performance.now();
      const listed = await client.listAlerts({ filter: ['alertname="HighMemoryUsage"'] });
      samples.push(performance.now() - start);
      if (listed.length !== 500) throw new Error(`expected 500 alerts, got ${listed.length}`);
    }
    samples.sort((a, b) => a - b);
    rows.push({
      case: 'AlertManager: list 500 of 1000 with a filter',
      p50_ms: Math.round(samples[4]!),
      p95_ms: Math.round(samples[9]!),
    });
  } finally {
    await am.stop();
  }
} else {
  console.warn(`!!! ${ALERTMANAGER_BIN} not found: AlertManager round-trip figures skipped !!!`);
}

console.table(rows);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/alerts.json', import.meta.url),
  `${JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, rows }, null, 2)}\n`,
);
