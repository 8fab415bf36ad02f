// `kopilot alerts` as a user runs it (the built binary) against a real AlertManager.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertmanagerAvailable,
  startAlertmanager,
  type PostedAlert,
  type RunningAlertmanager,
} from '../helpers/alertmanager.js';
import { KOPILOT_BIN, runKopilot } from '../helpers/runKopilot.js';

const configDir = mkdtempSync(join(tmpdir(), 'kopilot-alerts-cli-'));
const cleanEnv = {
  KOPILOT_CONFIG_DIR: configDir,
  ALERTMANAGER_URL: undefined,
  KOPILOT_ALERTMANAGER_URL: undefined,
};

// Each case runs the binary; on a loaded two-core machine a run can take seconds.
describe.skipIf(!alertmanagerAvailable())('kopilot alerts', { timeout: 180_000 }, () => {
  let am: RunningAlertmanager;
  const alerts = (...args: string[]) =>
    runKopilot(['alerts', '--alertmanager-url', am.url, ...args], { env: cleanEnv, timeoutMs: 90_000 });

  beforeAll(async () => {
    am = await startAlertmanager();
    const firing: PostedAlert[] = [
      {
        labels: {
          alertname: 'HighMemoryUsage',
          namespace: 'production',
          pod: 'webapp-123',
          severity: 'warning',
        },
        annotations: { summary: 'Memory usage above 90%' },
      },
      {
        labels: {
          alertname: 'KubeDeploymentReplicasMismatch',
          namespace: 'shop',
          deployment: 'cart',
          severity: 'critical',
        },
        annotations: { summary: 'Deployment has not matched the expected number of replicas.' },
      },
      {
        labels: { alertname: 'HostileAnnotation', namespace: 'shop', severity: 'info' },
        annotations: { summary: 'clear screen \u001b[2J\u001b[31m now \u202e reversed' },
      },
    ];
    // Ending in an hour: AlertManager's 5-minute resolve timeout must not outrun a slow machine.
    await am.post(
      firing.map((alert) => ({
        ...alert,
        // With only endsAt, AlertManager would take it as startsAt too.
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      })),
    );
  });
  afterAll(async () => {
    await am?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('prints a table of firing alerts, most severe first, with their target object', async () => {
    const run = await alerts();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FINGERPRINT\s+SEVERITY\s+ALERT\s+TARGET\s+AGE\s+SUMMARY$/);
    expect(lines[1]).toMatch(
      /^[0-9a-f]{8}\s+critical\s+KubeDeploymentReplicasMismatch\s+Deployment shop\/cart\s+\d+s\s+Deployment has not matched/,
    );
    expect(lines[2]).toMatch(
      /^c0facdfe\s+warning\s+HighMemoryUsage\s+Pod production\/webapp-123\s+\d+s\s+Memory usage above 90%$/,
    );
    expect(lines).toHaveLength(4);
  });

  it('never writes alert text that acts on the terminal', async () => {
    const run = await alerts();
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u202e');
    expect(run.stdout).toContain('clear screen \\u{1b}[2J\\u{1b}[31m now \\u{202e} reversed');
  });

  it('prints normalised alerts as JSON', async () => {
    const run = await alerts('--output', 'json');
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as Array<{ name: string; fingerprint: string; target: object }>;
    expect(listed.map((a) => a.name)).toEqual([
      'KubeDeploymentReplicasMismatch',
      'HighMemoryUsage',
      'HostileAnnotation',
    ]);
    expect(listed[1]).toMatchObject({
      fingerprint: 'c0facdfedb91788e',
      target: { namespace: 'production', kind: 'Pod', name: 'webapp-123' },
    });
  });

  it('filters with --filter and with amtool’s positional alertname', async () => {
    const [filtered, positional, none] = await Promise.all([
      alerts('--filter', 'alertname=~"High.*"', '--filter', 'severity="warning"', '-o', 'json'),
      alerts('KubeDeploymentReplicasMismatch', '-o', 'json'),
      alerts('--filter', 'severity="page"'),
    ]);
    expect((JSON.parse(filtered.stdout) as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'HighMemoryUsage',
    ]);
    expect((JSON.parse(positional.stdout) as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'KubeDeploymentReplicasMismatch',
    ]);
    expect(none.stdout).toBe(`No firing alerts at ${am.url}.\n`);
  });

  it('-n/--namespace lists only that namespace, as kubectl -n does', async () => {
    const [shop, production] = await Promise.all([
      alerts('-n', 'shop', '-o', 'json'),
      alerts('--namespace', 'production', '-o', 'json'),
    ]);
    expect((JSON.parse(shop.stdout) as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'KubeDeploymentReplicasMismatch',
      'HostileAnnotation',
    ]);
    expect((JSON.parse(production.stdout) as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'HighMemoryUsage',
    ]);
  });

  it('refuses a bad matcher with exit 2 and AlertManager’s own words, on one line', async () => {
    const [run, regex] = await Promise.all([
      alerts('--filter', 'severity'),
      alerts('--filter', 'alertname=~"(?=x)"'),
    ]);
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'kopilot: invalid filter: bad matcher format: severity\n',
    });
    expect(regex.code).toBe(2);
    expect(regex.stderr).toBe(
      'kopilot: invalid filter: error parsing regexp: invalid or unsupported Perl syntax: `(?=`\n',
    );
  });

  it('takes the URL from ALERTMANAGER_URL, and the flag over it', async () => {
    const fromEnv = await runKopilot(['alerts', '-o', 'json'], {
      env: { ...cleanEnv, ALERTMANAGER_URL: am.url },
      timeoutMs: 90_000,
    });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toHaveLength(3);
    const flagWins = await runKopilot(['alerts', '--alertmanager-url', 'http://127.0.0.1:1'], {
      env: { ...cleanEnv, ALERTMANAGER_URL: am.url },
      timeoutMs: 90_000,
    });
    expect(flagWins.code).toBe(1);
    expect(flagWins.stderr).toBe(
      'kopilot: AlertManager at http://127.0.0.1:1 is unreachable: connection refused (3 attempts)\n',
    );
  });

  it('hides silenced alerts unless --silenced, which adds a STATE column', async () => {
    const silence = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'HostileAnnotation', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 600_000).toISOString(),
        createdBy: 'test',
        comment: 'hide it',
      }),
    });
    const { silenceID } = (await silence.json()) as { silenceID: string };
    try {
      const hidden = await alerts('-o', 'json');
      expect((JSON.parse(hidden.stdout) as Array<{ name: string }>).map((a) => a.name)).not.toContain(
        'HostileAnnotation',
      );
      const shown = await alerts('--silenced');
      expect(shown.stdout.split('\n')[0]).toMatch(/ALERT\s+STATE\s+TARGET/);
      expect(shown.stdout).toMatch(/HostileAnnotation\s+silenced\s+namespace shop/);
    } finally {
      await fetch(`${am.url}/api/v2/silence/${silenceID}`, { method: 'DELETE' });
    }
  });

  it('refuses bad flags with exit 2', async () => {
    const [output, interval, header] = await Promise.all([
      alerts('--output', 'yaml'),
      alerts('--watch', '--interval', '0'),
      alerts('--alertmanager-header', 'no colon here'),
    ]);
    expect(output.code).toBe(2);
    expect(interval).toMatchObject({
      code: 2,
      stderr: 'kopilot: invalid --interval "0": expected seconds between 0.1 and 3600\n',
    });
    expect(header).toMatchObject({
      code: 2,
      stderr: 'kopilot: invalid --alertmanager-header "no colon here": expected "Name: value"\n',
    });
  });

  it('--watch shows alerts arriving and leaving, and exits 0 on Ctrl+C', async () => {
    const child = spawn(
      process.execPath,
      [KOPILOT_BIN, 'alerts', '--alertmanager-url', am.url, '--watch', '--interval', '0.2'],
      {
        env: { ...process.env, ...cleanEnv, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect
        .poll(() => stdout, { timeout: 45_000 })
        .toContain('+ added c0facdfedb91788e HighMemoryUsage');
      await expect
        .poll(() => stdout, { timeout: 20_000 })
        .toMatch(/Every 0.2s: http:\/\/127\.0\.0\.1:\d+ at \d\d:\d\d:\d\d \(Ctrl\+C to stop\)/);
      const labels = { alertname: 'WatchArrives', namespace: 'shop', pod: 'cart-1', severity: 'critical' };
      await am.post([{ labels }]);
      await expect
        .poll(() => stdout, { timeout: 20_000 })
        .toMatch(/\+ added [0-9a-f]{16} WatchArrives critical firing Pod shop\/cart-1/);
      // The redrawn table lists it with the older critical alert, before the warning.
      const lastTable = (): string[] =>
        (stdout.split('Every 0.2s').at(-1) ?? '')
          .split('\n')
          .filter((line) => /^[0-9a-f]{8}\s/.test(line))
          .map((line) => line.split(/\s+/).slice(1, 3).join(' '));
      await expect
        .poll(lastTable, { timeout: 20_000 })
        .toEqual([
          'critical KubeDeploymentReplicasMismatch',
          'critical WatchArrives',
          'warning HighMemoryUsage',
          'info HostileAnnotation',
        ]);
      await am.post([{ labels, endsAt: new Date(Date.now() - 1000).toISOString() }]);
      await expect
        .poll(() => stdout, { timeout: 20_000 })
        .toMatch(/- resolved [0-9a-f]{16} WatchArrives critical resolved/);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('--watch --output json streams one event per line', async () => {
    const child = spawn(
      process.execPath,
      [
        KOPILOT_BIN,
        'alerts',
        '--alertmanager-url',
        am.url,
        '--watch',
        '--interval',
        '0.2',
        '-o',
        'json',
        'HighMemoryUsage',
      ],
      { env: { ...process.env, ...cleanEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => stdout, { timeout: 45_000 }).toContain('\n');
      const first = JSON.parse(stdout.split('\n')[0]!) as { type: string; alert: { name: string } };
      expect(first).toMatchObject({ type: 'added', alert: { name: 'HighMemoryUsage' } });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
