// The real terminal path: the built binary in a tmux pane, keys through send-keys, the screen through capture-pane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { KOPILOT_BIN } from '../helpers/runKopilot.js';
import { webappMemoryLimit } from './flowRig.js';

const TMUX = '/usr/bin/tmux';
const available = existsSync(TMUX) || Boolean(process.env.CI);
if (!available) console.warn(`\n!!! SKIPPING tmux tests: ${TMUX} not found (apt-get install tmux) !!!\n`);

const socket = `kopilot-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync(TMUX, ['-L', socket, ...args], { encoding: 'utf8' });

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-t', session);
}

/** The screen with its escape sequences: colours show as SGR codes such as ESC[32m. */
function styledScreen(session: string): string {
  return tmux('capture-pane', '-p', '-e', '-t', session);
}

// eslint-disable-next-line no-control-regex -- matching the terminal's own colour codes
const COLOUR = /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)(?:;[0-9;]*)?m/;

async function waitForScreen(session: string, predicate: (text: string) => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`tmux screen never matched; it shows:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe.skipIf(!available)('kopilot triage in a real terminal (tmux)', { timeout: 300_000 }, () => {
  let sandbox: Sandbox;
  let alertFile: string;
  let twoAlertsFile: string;
  let stateDir: string;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
    dir = mkdtempSync(join(tmpdir(), 'kopilot-tmux-'));
    alertFile = join(dir, 'high-memory-usage.json');
    stateDir = join(dir, 'state');
    const alert = sandbox.scenario.alerts.find((a) => a.file.includes('high-memory'))?.json;
    writeFileSync(alertFile, JSON.stringify(alert));
    // The same alert and one more in another namespace: the picker opens on both.
    const list = (Array.isArray(alert) ? alert : [alert]) as Array<{
      labels: Record<string, string>;
      fingerprint?: string;
    }>;
    const first = list[0];
    if (!first) throw new Error('the scenario has no high-memory alert');
    const other = {
      ...first,
      ...(first.fingerprint ? { fingerprint: '0123456789abcdef' } : {}),
      labels: { ...first.labels, alertname: 'KubePodCrashLooping', namespace: 'staging', pod: 'api-7' },
    };
    twoAlertsFile = join(dir, 'two-alerts.json');
    writeFileSync(twoAlertsFile, JSON.stringify([first, other]));
  });

  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // No session left: nothing to stop.
    }
    await sandbox?.close();
  });

  function start(
    session: string,
    { columns = 100, noColor = true, env = '', alerts = alertFile, extra = '' } = {},
  ): void {
    const command = [
      `env -u CI -u NO_COLOR -u FORCE_COLOR${noColor ? ' NO_COLOR=1' : ''} ${env}`,
      `XDG_STATE_HOME=${stateDir} KOPILOT_CONFIG_DIR=${stateDir}`,
      `${process.execPath} ${KOPILOT_BIN} triage --alert ${alerts} --kubeconfig ${sandbox.kubeconfigPath} --no-model ${extra}`,
      '; echo "KOPILOT-EXIT=$?"; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', '50', command);
  }

  it('erases its first frame when the settings turn out invalid: one error line and exit 2', async () => {
    start('bad-setting', { env: 'KOPILOT_NUM_CTX=lots', columns: 200 });
    const text = await waitForScreen('bad-setting', (s) => s.includes('KOPILOT-EXIT='));
    expect(text).toContain('KOPILOT-EXIT=2');
    // The error is the first thing on the screen: the frame above it was erased, not left behind.
    expect(text.trimStart()).toMatch(
      /^kopilot: invalid setting numCtx \(from environment variable KOPILOT_NUM_CTX\): expected an integer from 1024 to 1048576, got "lots"/,
    );
    expect(text).not.toContain('HighMemoryUsage');
  });

  it('kopilot demo draws the alert at once and Ink replaces that frame in place; q quits', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      'demo',
      '-x',
      '100',
      '-y',
      '60',
      `env -u CI -u FORCE_COLOR NO_COLOR=1 XDG_STATE_HOME=${stateDir} KOPILOT_CONFIG_DIR=${stateDir} ${process.execPath} ${KOPILOT_BIN} demo --no-model; echo "KOPILOT-EXIT=$?"; sleep 60`,
    );
    const card = await waitForScreen('demo', (s) => s.includes('[a] approve') && s.includes('dry-run: ✓'));
    const lines = card.split('\n');
    expect(lines[0]).toBe('kopilot demo: starting the embedded sandbox cluster (scenario webapp-memory)…');
    // The plain frame was replaced in place: one header, right under the demo's line, and no "loading…" left.
    expect(lines[1]).toMatch(/^WARNING HighMemoryUsage · production\/Pod webapp-123 · 12m ago$/);
    expect(card.split('WARNING HighMemoryUsage')).toHaveLength(2);
    expect(card).not.toContain('loading…');
    tmux('send-keys', '-t', 'demo', 'q');
    await waitForScreen('demo', (s) => s.includes('KOPILOT-EXIT=0'));
  });

  it('rejects from the keyboard in a 60-column NO_COLOR terminal: nothing is written to the cluster', async () => {
    start('reject', { columns: 60 });
    const card = await waitForScreen('reject', (s) => s.includes('[a] approve') && s.includes('dry-run: ✓'));
    expect(card).toContain('[a] approve  [r] reject  [e] edit  [d] details  [q] quit');
    expect(card).toMatch(/memory limit \(container webapp\) 8Gi → 12Gi/);
    expect(styledScreen('reject')).not.toMatch(COLOUR);
    tmux('send-keys', '-t', 'reject', 'r');
    await waitForScreen('reject', (s) => s.includes('Reason (optional, Enter):'));
    tmux('send-keys', '-t', 'reject', 'not during the freeze', 'Enter');
    await waitForScreen('reject', (s) => s.includes('KOPILOT-EXIT=0'));
    expect(sandbox.writeCount()).toBe(0);
    expect(webappMemoryLimit(sandbox)).toBe('8Gi');
  });

  it('q quits from the alert picker, as its footer says', async () => {
    const writes = sandbox.writeCount();
    start('picker-q', { alerts: twoAlertsFile });
    const list = await waitForScreen(
      'picker-q',
      (s) => s.includes('KubePodCrashLooping') && s.includes('q quit'),
    );
    expect(list).toContain('HighMemoryUsage');
    tmux('send-keys', '-t', 'picker-q', 'q');
    await waitForScreen('picker-q', (s) => s.includes('KOPILOT-EXIT=0'));
    expect(sandbox.writeCount()).toBe(writes);
  });

  it('the report of a rejected triage holds the kubectl line of the plan and the context', async () => {
    const report = join(dir, 'rejected.md');
    const writes = sandbox.writeCount();
    start('report', { extra: `--report ${report}` });
    await waitForScreen('report', (s) => s.includes('[a] approve') && s.includes('dry-run: ✓'));
    tmux('send-keys', '-t', 'report', 'r');
    await waitForScreen('report', (s) => s.includes('Reason (optional, Enter):'));
    tmux('send-keys', '-t', 'report', 'Enter');
    await waitForScreen('report', (s) => s.includes('KOPILOT-EXIT=0'));
    const markdown = readFileSync(report, 'utf8');
    expect(markdown).toMatch(/```sh\nkubectl -n production [^\n]*deployment\/webapp /);
    expect(markdown).toMatch(/\*\*Context:\*\* `[^`]+` on https:\/\/127\.0\.0\.1:\d+/);
    expect(sandbox.writeCount()).toBe(writes);
  });

  it('shows the evidence and the diff in colour, and approval with `a` patches the Deployment and verifies the rollout', async () => {
    start('approve', { noColor: false });
    const card = await waitForScreen('approve', (s) => s.includes('[a] approve') && s.includes('dry-run: ✓'));
    // The plain first frame is gone: Ink drew the header in its place, once, and nothing says "loading…".
    expect(card.split('WARNING HighMemoryUsage · production/Pod webapp-123')).toHaveLength(2);
    expect(card).not.toContain('loading…');
    expect(card).toMatch(/✓ get_pod_status .*memory 7\.6Gi\/8Gi \(95%\)/);
    expect(card).toMatch(/memory limit \(container webapp\) 8Gi → 12Gi/);
    expect(card).toMatch(/rule-based · model not used/);
    expect(styledScreen('approve')).toMatch(COLOUR);
    expect(sandbox.writeCount()).toBe(0);
    tmux('send-keys', '-t', 'approve', 'a');
    const done = await waitForScreen(
      'approve',
      (s) => s.includes('✓ verified') || s.includes('✗ failed'),
      60_000,
    );
    expect(done).toContain('✓ verified');
    expect(done).toMatch(/✓ apply\s+Deployment production\/webapp/);
    expect(webappMemoryLimit(sandbox)).toBe('12Gi');
    tmux('send-keys', '-t', 'approve', 'q');
    await waitForScreen('approve', (s) => s.includes('KOPILOT-EXIT=0'));
  });
});
