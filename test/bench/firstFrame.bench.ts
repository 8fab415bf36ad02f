// Benchmark: time to the first frame of `kopilot triage` in a real terminal (tmux pane, 100x30) — from spawning the
// pane until the screen shows the alert header — against bare `node -e` printing one line in a pane the same way.
// The first frame is the plain one drawn before Ink loads; the Ink screen that replaces it (the footer, which the
// plain frame lacks) is timed too.
// Run: node --import tsx test/bench/firstFrame.bench.ts   (needs tmux; writes test/bench/results/firstFrame.json)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../src/sandbox/index.js';
import { ALERTMANAGER_BIN, startAlertmanager } from '../helpers/alertmanager.js';

const TMUX = '/usr/bin/tmux';
const BIN = fileURLToPath(new URL('../../bin/kopilot.js', import.meta.url));
const RUNS = 10;
const POLL_MS = 25;
const TARGET_MS = 500;

if (!existsSync(TMUX)) {
  console.error(`firstFrame benchmark needs ${TMUX} (apt-get install tmux)`);
  process.exit(1);
}

const socket = `kopilot-firstframe-${process.pid}`;
const tmux = (...args: string[]) => execFileSync(TMUX, ['-L', socket, ...args], { encoding: 'utf8' });

/** Milliseconds from spawning a 100x30 pane running `command` until its screen contains `marker`. */
async function timeToScreen(
  session: string,
  command: string,
  marker: string,
  timeoutMs = 30_000,
): Promise<number> {
  const started = performance.now();
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
  try {
    for (;;) {
      const elapsed = performance.now() - started;
      if (tmux('capture-pane', '-p', '-t', session).includes(marker)) return elapsed;
      if (elapsed > timeoutMs) throw new Error(`${session}: screen never showed ${marker}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const sandbox = await startSandbox({ scenario: 'webapp-memory' });
// With AlertManager installed, the live picker (no --alert) is timed too: its frame needs the settings first.
const alertmanager = existsSync(ALERTMANAGER_BIN) ? await startAlertmanager() : undefined;
await alertmanager?.post([
  {
    labels: { alertname: 'HighMemoryUsage', severity: 'warning', namespace: 'production', pod: 'webapp-123' },
  },
]);
const dir = mkdtempSync(join(tmpdir(), 'kopilot-firstframe-'));
try {
  const alertFile = join(dir, 'alert.json');
  writeFileSync(alertFile, JSON.stringify(sandbox.scenario.alerts[0]?.json));
  const env = `env -u CI -u FORCE_COLOR NO_COLOR=1 XDG_STATE_HOME=${dir} KOPILOT_CONFIG_DIR=${dir}`;
  const triage = `${env} ${process.execPath} ${BIN} triage --alert ${alertFile} --kubeconfig ${sandbox.kubeconfigPath} --no-model; sleep 30`;
  const cases = [
    {
      name: 'node -e (baseline)',
      command: `${env} ${process.execPath} -e "console.log('READY')"; sleep 30`,
      marker: 'READY',
    },
    {
      name: 'kopilot triage: first frame (alert header)',
      command: triage,
      marker: 'HighMemoryUsage',
    },
    {
      name: 'kopilot triage: Ink screen (its footer)',
      command: triage,
      marker: 'rule-based (--no-model)',
    },
    {
      name: 'kopilot demo: first frame (alert header)',
      command: `${env} ${process.execPath} ${BIN} demo --no-model; sleep 30`,
      marker: 'HighMemoryUsage',
    },
    ...(alertmanager
      ? [
          {
            name: 'kopilot triage: live alert list (AlertManager)',
            command: `${env} ${process.execPath} ${BIN} triage --alertmanager-url ${alertmanager.url} --kubeconfig ${sandbox.kubeconfigPath} --no-model; sleep 30`,
            marker: 'Firing alerts',
          },
        ]
      : []),
  ];

  // An idle session keeps one tmux server up between runs; one unmeasured start-up per case warms the file cache.
  tmux('new-session', '-d', '-s', 'idle', 'sleep 600');
  for (const c of cases) await timeToScreen('warmup', c.command, c.marker);

  const rows: Array<{ case: string; p50Ms: number; p95Ms: number; xNode: number }> = [];
  let baseline = 0;
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeToScreen(`run-${i}`, c.command, c.marker));
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
  const firstFrame = rows[1];
  console.log(`first frame in tmux, ${RUNS} runs each, polled every ${POLL_MS} ms (load average ${load})`);
  console.table(rows);
  console.log(
    `first frame p50 ${firstFrame?.p50Ms} ms (target ${TARGET_MS} ms: ${(firstFrame?.p50Ms ?? Infinity) <= TARGET_MS ? 'met' : 'MISSED'})`,
  );
  await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  await writeFile(
    fileURLToPath(new URL('./results/firstFrame.json', import.meta.url)),
    `${JSON.stringify({ runs: RUNS, pollMs: POLL_MS, targetMs: TARGET_MS, loadAverage: Number(load), rows }, null, 2)}\n`,
  );
} finally {
  execFileSync(TMUX, ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  await sandbox.close();
  await alertmanager?.stop();
  rmSync(dir, { recursive: true, force: true });
}
