// A triage that could read no evidence at all (the API server is down) ends in one clear line and exit 1, not a
// recommendation built from a dozen copies of the same connection error.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKopilot } from '../helpers/runKopilot.js';

/** A loopback port nothing listens on: bound, read, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('kopilot triage against a cluster that is down', { timeout: 120_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let args: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kopilot-down-'));
    const port = await closedPort();
    writeFileSync(
      join(dir, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: down, cluster: {server: "https://127.0.0.1:' +
          port +
          '", insecure-skip-tls-verify: true}}]',
        'users: [{name: oncall, user: {token: t0ken}}]',
        'contexts: [{name: prod, context: {cluster: down, user: oncall, namespace: production}}]',
        'current-context: prod',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'alert.json'),
      JSON.stringify({
        labels: {
          alertname: 'HighMemoryUsage',
          severity: 'critical',
          namespace: 'production',
          pod: 'webapp-123',
        },
        annotations: { summary: 'webapp-123 memory above 90%' },
        startsAt: '2026-12-04T19:00:00Z',
      }),
    );
    env = { XDG_STATE_HOME: dir, KOPILOT_CONFIG_DIR: dir, CI: '' };
    args = [
      'triage',
      '--alert',
      join(dir, 'alert.json'),
      '--kubeconfig',
      join(dir, 'kubeconfig'),
      '--no-model',
    ];
  });

  it('text: one line naming the first error, exit 1, no recommendation', async () => {
    const result = await runKopilot(args, { env, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).not.toMatch(/Recommendation:/);
    expect(result.stdout).toMatch(
      /^error: could not read any evidence from the cluster \(all \d+ calls failed\): cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+ .*ECONNREFUSED/m,
    );
    // The connection error is said once on each stream, not once per tool call.
    expect(result.stdout.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(result.stderr.match(/ECONNREFUSED/g)).toHaveLength(1);
  });

  it('json: outcome error, no recommendation, exit 1', async () => {
    const result = await runKopilot([...args, '--output', 'json'], { env, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(1);
    const doc = JSON.parse(result.stdout) as { outcome: string; recommendation: unknown; errors: string[] };
    expect(doc).toMatchObject({ outcome: 'error', recommendation: null });
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatch(/^could not read any evidence from the cluster/);
  });
});
