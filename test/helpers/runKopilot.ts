// Runs the built kopilot binary the way a user does, capturing its output and exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KOPILOT_BIN = fileURLToPath(new URL('../../bin/kopilot.js', import.meta.url));

export interface KopilotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  cwd?: string;
}

export function runKopilot(args: string[], options: RunOptions = {}): Promise<KopilotRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KOPILOT_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kopilot ${args.join(' ')} did not exit within ${options.timeoutMs ?? 20_000} ms`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
