// A 1 MiB alert triages with a model configured, and Ctrl+C ends it at once, even with the model request hanging.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startScriptedOllama, type ScriptedOllama } from '../helpers/scriptedOllama.js';
import { KOPILOT_BIN } from '../helpers/runKopilot.js';

describe('a 1 MiB alert with a hanging model', { timeout: 120_000 }, () => {
  let sandbox: Sandbox;
  let ollama: ScriptedOllama;
  let alertFile: string;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
    ollama = await startScriptedOllama({ turns: [{ fault: { type: 'hang' } }] });
    dir = mkdtempSync(join(tmpdir(), 'kopilot-huge-'));
    alertFile = join(dir, 'alert.json');
    const alert = sandbox.scenario.alerts.find((a) => a.file.includes('high-memory'))?.json as Array<{
      annotations: Record<string, string>;
    }>;
    const huge = structuredClone(alert);
    // One annotation of almost 1 MiB (the input limit) of one character: the shape that made token counting quadratic.
    (huge[0] as { annotations: Record<string, string> }).annotations.description = 'a'.repeat(
      1024 * 1024 - 4096,
    );
    writeFileSync(alertFile, JSON.stringify(huge));
  });
  afterAll(async () => {
    await ollama?.close();
    await sandbox?.close();
  });

  it('reaches the model request, and SIGINT ends the triage as aborted with nothing executed', async () => {
    const child = spawn(
      process.execPath,
      [
        KOPILOT_BIN,
        'triage',
        '--alert',
        alertFile,
        '--kubeconfig',
        sandbox.kubeconfigPath,
        '--ollama-host',
        ollama.url,
        '--output',
        'text',
      ],
      {
        env: { ...process.env, NO_COLOR: '1', CI: '', XDG_STATE_HOME: dir, KOPILOT_CONFIG_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    let gone = false;
    void exited.then(() => (gone = true));
    // The model has the prompt once its request arrives: the alert was parsed, capped and counted without hanging.
    for (let i = 0; i < 600 && !gone && ollama.chatRequests().length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(gone, `exited before asking the model: ${stderr}`).toBe(false);
    expect(ollama.chatRequests().length).toBeGreaterThan(0);
    child.kill('SIGINT');
    // A liveness bound, not a performance figure: a triage that ignores Ctrl+C would run to the 120 s model timeout.
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
    ]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).not.toBe('hung');
    expect(ollama.chatRequests()[0]?.promptTokens).toBeLessThan(8192);
    expect(`${stdout}${stderr}`).toMatch(/abort|cancel/i);
    expect(sandbox.writeCount()).toBe(0);
  });
});
