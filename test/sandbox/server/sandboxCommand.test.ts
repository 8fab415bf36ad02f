// `kopilot sandbox` as a user runs it (built binary): lists scenarios, refuses bad flags, serves until SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KOPILOT_BIN, runKopilot } from '../../helpers/runKopilot.js';
import { SandboxApi } from './apiClient.js';

const dir = mkdtempSync(join(tmpdir(), 'kopilot-sandbox-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kopilot sandbox', () => {
  it('--list names the built-in scenarios', async () => {
    const { code, stdout } = await runKopilot(['sandbox', '--list'], { timeoutMs: 60_000 });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^webapp-memory\tHighMemoryUsage on webapp-123/m);
  });

  it.each([
    [['--port', '99999'], /--port must be a TCP port/],
    [['--scenario', 'webapp-memory', '--synthetic', 'nodes=1,pods=1'], /cannot be combined/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const { code, stdout, stderr } = await runKopilot(['sandbox', ...args], { timeoutMs: 60_000 });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('prints export KUBECONFIG first, serves the scenario, and exits 0 on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const child = spawn(process.execPath, [KOPILOT_BIN, 'sandbox', '--kubeconfig-out', kubeconfig], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
      });
      child.on('close', () => reject(new Error(`kopilot sandbox exited early: ${stdout}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      expect(await firstLine).toBe(`export KUBECONFIG=${kubeconfig}`);
      const api = new SandboxApi(kubeconfig);
      const pod = await api.request('GET', '/api/v1/namespaces/production/pods/webapp-123');
      expect(pod.json.spec.nodeName).toBe('worker-02');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
