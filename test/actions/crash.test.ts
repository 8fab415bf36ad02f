import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/auditLog.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runKopilot } from '../helpers/runKopilot.js';

const CHILD = fileURLToPath(new URL('./fixtures/crashBeforeApply.mjs', import.meta.url));

function runChild(
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a crash between "approved" and "applied"', () => {
  let sandbox: Sandbox;
  let auditPath: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    auditPath = join(mkdtempSync(join(tmpdir(), 'kopilot-crash-')), 'audit.jsonl');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  // The child runs the built code (npm test builds first), as the binary does.
  it(
    'leaves the decision and the request in the audit log, marked interrupted by kopilot audit, and nothing written',
    { timeout: 240_000 },
    async () => {
      const child = await runChild([sandbox.kubeconfigPath, auditPath]);
      expect(child.signal, child.stderr).toBe('SIGKILL');
      expect(sandbox.writeCount()).toBe(0);

      const records = await new AuditLog(auditPath).readAll();
      expect(records.map((r) => r.kind)).toEqual(['action_plan', 'action_decision', 'action_started']);
      expect(records[1]).toMatchObject({ outcome: 'approved' });
      expect(records[2]).toMatchObject({
        request: { method: 'PATCH', object: 'Deployment production/webapp' },
      });

      const env = {
        KOPILOT_AUDIT_LOG: auditPath,
        KOPILOT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'kopilot-cfg-')),
      };
      const table = await runKopilot(['audit'], { env, timeoutMs: 60_000 });
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(
        /action_started\s+scale_workload\s+Deployment production\/webapp\s+INTERRUPTED: approved and started, no result recorded/,
      );
      expect(table.stdout).toMatch(/action_decision .* approved by \S+ \(kube user /);
      // Whether the write landed is unknown: the line says so and how to check.
      expect(table.stdout).toMatch(
        /INTERRUPTED: .*; the change may have landed: check with kubectl -n production get deployment\/webapp -o yaml \(compare replicas: \d+ before, \d+ if it landed\)/,
      );

      const json = await runKopilot(['audit', '--output', 'json', '--since', '1h'], {
        env,
        timeoutMs: 60_000,
      });
      const listed = JSON.parse(json.stdout) as Array<{ kind: string; interrupted?: boolean }>;
      expect(listed.filter((r) => r.interrupted).map((r) => r.kind)).toEqual(['action_started']);

      const bad = await runKopilot(['audit', '--since', 'yesterday'], { env, timeoutMs: 60_000 });
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});
