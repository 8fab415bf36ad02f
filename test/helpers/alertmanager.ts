// Starts a real AlertManager (Debian's prometheus-alertmanager) on 127.0.0.1:0 for a test, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess, waitReady } from './serverProcess.js';

export const ALERTMANAGER_BIN = process.env.KOPILOT_ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** A route that sends everything to a receiver with no integrations, grouping fast. */
export const DEFAULT_ALERTMANAGER_CONFIG = `
route:
  receiver: on-call
  group_by: ['alertname']
  group_wait: 0s
  group_interval: 1s
  routes:
    - receiver: database-team
      matchers: ['team="database"']
receivers:
  - name: on-call
  - name: database-team
inhibit_rules:
  - source_matchers: ['alertname="KubeNodeNotReady"']
    target_matchers: ['severity="warning"']
    equal: ['node']
`;

let warned = false;

/**
 * True when the binary is here. Missing locally: one loud line and the caller skips; missing under CI:
 * true all the same, so the tests run and fail on the missing binary instead of passing by skipping.
 */
export function alertmanagerAvailable(): boolean {
  if (existsSync(ALERTMANAGER_BIN)) return true;
  if (process.env.CI) return true;
  if (!warned) {
    warned = true;
    console.warn(
      `\n!!! SKIPPING AlertManager tests: ${ALERTMANAGER_BIN} not found (apt-get install prometheus-alertmanager) !!!\n`,
    );
  }
  return false;
}

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface RunningAlertmanager {
  url: string;
  port: number;
  /** POST /api/v2/alerts, as Prometheus does. */
  post(alerts: PostedAlert[]): Promise<void>;
  /** Everything it logged, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: string;
  /** A --web.config.file body (TLS, basic auth). */
  webConfig?: string;
  /** Scheme clients use; https with webConfig TLS. */
  scheme?: 'http' | 'https';
}

export async function startAlertmanager(options: StartOptions = {}): Promise<RunningAlertmanager> {
  if (!existsSync(ALERTMANAGER_BIN)) {
    throw new Error(`${ALERTMANAGER_BIN} not found: install prometheus-alertmanager (CI requires it)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kopilot-am-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, options.config ?? DEFAULT_ALERTMANAGER_CONFIG);
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'data')}`,
    '--web.listen-address=127.0.0.1:0',
    '--cluster.listen-address=',
    '--log.level=info',
  ];
  if (options.webConfig) {
    const webConfigFile = join(dir, 'web.yml');
    await writeFile(webConfigFile, options.webConfig);
    args.push(`--web.config.file=${webConfigFile}`);
  }
  const child = spawn(ALERTMANAGER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await listeningPort(child, (text) => (output += text));
    const url = `${options.scheme ?? 'http'}://127.0.0.1:${port}`;
    if ((options.scheme ?? 'http') === 'http') await waitReady(url, child, 15_000);
    return {
      url,
      port,
      log: () => output,
      stop,
      post: async (alerts) => {
        const response = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alerts),
        });
        if (!response.ok)
          throw new Error(`posting alerts failed: ${response.status} ${await response.text()}`);
      },
    };
  } catch (error) {
    await stop();
    throw new Error(`AlertManager did not start: ${(error as Error).message}\n${output}`, { cause: error });
  }
}

/** AlertManager logs `msg="Listening on" address=127.0.0.1:PORT` once the web listener is bound. */
function listeningPort(child: ChildProcess, record: (text: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('no "Listening on" line within 15 s')), 15_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      record(text);
      buffer += text;
      const match = /msg="Listening on" address=(?:127\.0\.0\.1|\[::1?\]|[^\s:]*):(\d+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', (chunk: Buffer) => record(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code} before listening`));
    });
  });
}
