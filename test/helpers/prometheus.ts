// Starts a real Prometheus (Debian's prometheus 2.42) over a history backfilled with promtool, for a test.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { readScenarioMetrics, toOpenMetrics, type HistorySeries } from '../../src/metrics/openMetrics.js';
import { snapshotOffsetMs } from '../../src/sandbox/scenarios/scenarioFolder.js';
import type { ScenarioFile } from '../../src/sandbox/scenarios/schema.js';
import { stopProcess, waitReady } from './serverProcess.js';

export const PROMETHEUS_BIN = process.env.KOPILOT_PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.KOPILOT_PROMTOOL_BIN ?? '/usr/bin/promtool';

let warned = false;

/**
 * True when both binaries are here. Missing locally: one loud line and the caller skips; missing under CI:
 * true all the same, so the tests run and fail on the missing binary instead of passing by skipping.
 */
export function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN)) return true;
  if (process.env.CI) return true;
  if (!warned) {
    warned = true;
    console.warn(
      `\n!!! SKIPPING Prometheus tests: ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} not found (apt-get install prometheus) !!!\n`,
    );
  }
  return false;
}

/** A series given as [seconds before now, value] points, turned into absolute timestamps at `now`. */
export function seriesAgo(
  name: string,
  labels: Record<string, string>,
  pointsAgo: Array<[number, number]>,
  now = Date.now() / 1000,
): HistorySeries {
  return {
    name,
    labels,
    points: pointsAgo
      .map(([ago, v]) => [Math.round(now - ago), v] as [number, number])
      .sort((a, b) => a[0] - b[0]),
  };
}

/** `count` points every `everySeconds` up to now, valued by `value(secondsAgo)`. */
export function everyAgo(
  count: number,
  everySeconds: number,
  value: (ago: number) => number,
): Array<[number, number]> {
  return Array.from({ length: count }, (_, i) => {
    const ago = (count - 1 - i) * everySeconds;
    return [ago, value(ago)] as [number, number];
  });
}

export interface RunningPrometheus {
  url: string;
  port: number;
  log(): string;
  stop(): Promise<void>;
}

/** Backfills the history (series, or OpenMetrics texts) into a fresh folder and serves it on 127.0.0.1. */
export async function startPrometheus(history: HistorySeries[] | string[]): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS_BIN) || !existsSync(PROMTOOL_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} or ${PROMTOOL_BIN} not found: install prometheus (CI requires it)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kopilot-prom-'));
  const data = join(dir, 'data');
  await mkdir(data);
  const texts =
    typeof history[0] === 'string' ? (history as string[]) : [toOpenMetrics(history as HistorySeries[])];
  // A fresh storage folder has no head block yet, so blocks up to now cannot overlap it; retention is
  // raised so no backfilled block is dropped as too old.
  for (const [index, text] of texts.entries()) {
    const file = join(dir, `history-${index}.om`);
    await writeFile(file, text);
    await promisify(execFile)(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, data]);
  }
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, 'global:\n  scrape_interval: 1h\n');
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=30d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child);
    return { url, port, log: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`Prometheus did not start: ${(error as Error).message}\n${output}`, { cause: error });
  }
}

/**
 * A scenario folder's metrics/*.om history, moved as the loader moves the rest of the scenario (its `now`
 * becomes `at`), served by a fresh Prometheus. Throws when the folder has no metrics history.
 */
export async function startPrometheusForScenario(
  scenarioDir: string,
  at = new Date(),
): Promise<RunningPrometheus> {
  const file = parse(await readFile(join(scenarioDir, 'scenario.yaml'), 'utf8')) as Pick<ScenarioFile, 'now'>;
  const history = await readScenarioMetrics(scenarioDir, snapshotOffsetMs(file as ScenarioFile, at));
  if (!history.length) throw new Error(`${scenarioDir} has no metrics/*.om history`);
  return startPrometheus(history.map((h) => h.text));
}

/** Prometheus takes no port 0: bind one, read it, free it, hand it over. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
