// Runs the real kubectl binary against a sandbox kubeconfig; missing kubectl skips loudly (fails under CI=true).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p)) ?? 'kubectl';

/** Whether kubectl tests should run: true when present or under CI (where a missing kubectl must fail). */
export function kubectlAvailable(suite: string): boolean {
  if (existsSync(KUBECTL) || process.env.CI) return true;
  console.warn(
    `\n!!! SKIPPING ${suite}: no kubectl binary found (install kubectl 1.2x-1.3x to run it) !!!\n`,
  );
  return false;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A kubectl bound to one kubeconfig, with its own discovery cache so HOME is never touched. */
export function kubectlFor(kubeconfigPath: string, namespace = 'production') {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kopilot-kubectl-cache-'));
  const base = ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, '-n', namespace];
  const run = (...args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(KUBECTL, [...base, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  /** Starts a long-running kubectl (`get -w`), collecting its output until stopped. */
  const start = (...args: string[]) => {
    const child = spawn(KUBECTL, [...base, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    return {
      output,
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
      },
    };
  };
  return { run, start, cacheDir };
}
