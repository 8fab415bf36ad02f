// `kopilot mcp` over stdio given a message over the SDK's 10 MiB buffer says so in one line and exits 1,
// instead of exiting 0 as if the client had hung up. The built binary, as an MCP client starts it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { KOPILOT_BIN } from '../helpers/runKopilot.js';

/** The binary with `input` on stdin; the server may stop reading mid-way, so a broken pipe is expected. */
function runMcp(args: string[], input: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [KOPILOT_BIN, 'mcp', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopilot-mcp-stdio-'));
  kubeconfig = join(dir, 'kubeconfig');
  // Never contacted: the oversized message is refused before any tool runs.
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  HOME: dir,
  XDG_STATE_HOME: join(dir, 'state'),
  KOPILOT_CONFIG_DIR: join(dir, 'config'),
});

describe('kopilot mcp over stdio with an oversized message', () => {
  it('exits 1 with one line on stderr', async () => {
    const huge = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'a'.repeat(10 * 1024 * 1024)}"}}\n`;
    const run = await runMcp(['--kubeconfig', kubeconfig, '--no-alerts'], huge, env());
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'kopilot: an MCP message on stdin is over the 10 MiB limit; stopped serving (send smaller requests)',
    ]);
    expect(run.stdout).toBe('');
  });

  it('still exits 0 when the client simply hangs up', async () => {
    const ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}\n';
    const run = await runMcp(['--kubeconfig', kubeconfig, '--no-alerts'], ping, env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ jsonrpc: '2.0', id: 1, result: {} });
  });
});
