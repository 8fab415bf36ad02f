import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runKopilot } from '../helpers/runKopilot.js';

// -n/--namespace as kubectl users expect: it scopes the alerts, and a command it cannot scope refuses it.
describe('kopilot -n/--namespace', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let dir: string;
  let alertFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
    dir = mkdtempSync(join(tmpdir(), 'kopilot-namespace-'));
    alertFile = join(dir, 'alerts.json');
    const json = sandbox.scenario.alerts.find((a) => a.file.includes('high-memory'))?.json as unknown;
    const list = Array.isArray(json) ? json : ((json as { alerts?: unknown[] }).alerts ?? [json]);
    const first = list[0] as { labels: Record<string, string>; fingerprint?: string };
    const staging = {
      ...first,
      ...(first.fingerprint ? { fingerprint: '0123456789abcdef' } : {}),
      labels: { ...first.labels, alertname: 'KubePodCrashLooping', namespace: 'staging', pod: 'api-7' },
    };
    writeFileSync(alertFile, JSON.stringify([first, staging]));
    env = { XDG_STATE_HOME: dir, KOPILOT_CONFIG_DIR: dir, CI: '' };
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const triage = (...extra: string[]) =>
    runKopilot(
      [
        'triage',
        '--alert',
        alertFile,
        '--kubeconfig',
        sandbox.kubeconfigPath,
        '--no-model',
        '-o',
        'json',
        ...extra,
      ],
      { env, timeoutMs: 120_000 },
    );

  it('scopes triage to the alerts in that namespace', async () => {
    const several = await triage();
    expect(several.code).toBe(2); // two alerts and no --pick
    const scoped = await triage('-n', 'production');
    expect(scoped.stderr).not.toContain('--pick');
    expect(scoped.code).toBe(0);
    const doc = JSON.parse(scoped.stdout) as { alert: { name: string; target: { namespace: string } } };
    expect(doc.alert.name).toBe('HighMemoryUsage');
    expect(doc.alert.target.namespace).toBe('production');
    expect(sandbox.writeCount()).toBe(0);
  });

  it('says so in one line when no alert is in the namespace, or the name is not a namespace', async () => {
    const none = await triage('-n', 'kube-system');
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('no alert in namespace kube-system among the 2'),
    ]);
    const bad = await triage('--namespace', 'Not_A_Namespace');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a Kubernetes namespace name');
  });

  it('is refused by a command it means nothing to, and --help says what it scopes', async () => {
    const config = await runKopilot(['config', 'path', '-n', 'production'], { env });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('-n/--namespace does not apply to kopilot path');
    const help = await runKopilot(['--help'], { env });
    expect(help.stdout).toMatch(/-n, --namespace <name>\s+only alerts about objects in this namespace/);
  });
});
