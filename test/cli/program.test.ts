import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { runKopilot } from '../helpers/runKopilot.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

describe('the kopilot binary', () => {
  it('prints its version and exits 0', async () => {
    const run = await runKopilot(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('lists every product command in --help', async () => {
    const run = await runKopilot(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['triage', 'alerts', 'mcp', 'sandbox', 'demo', 'eval', 'config', 'audit']) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    expect(run.stdout).toContain('--kubeconfig');
    expect(run.stdout).toContain('-n, --namespace');
  });

  it('rejects an unknown flag with exit code 2, one error line and no stack trace', async () => {
    const run = await runKopilot(['--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--no-such-flag'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const run = await runKopilot(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });
});
