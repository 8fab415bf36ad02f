// Shared setup for action tests: a real sandbox API server, an admin connection, an audit log, the scenario's alert.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionCluster } from '../../src/actions/kube.js';
import type { ActionEvent } from '../../src/actions/events.js';
import type { Recommendation } from '../../src/proposal/recommendation.js';
import type { Alert } from '../../src/alerts/alert.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

export interface ActionRig {
  sandbox: Sandbox;
  cluster: ActionCluster;
  auditLog: AuditLog;
  alert: Alert;
  /** Verification waits by moving the sandbox clock, so rollouts progress without real sleeping. */
  verify: { sleep: (ms: number) => Promise<void>; intervalMs: number; timeoutMs: number };
  close(): Promise<void>;
}

export async function startRig(scenario = 'webapp-memory'): Promise<ActionRig> {
  const sandbox = await startSandbox({ scenario });
  const cluster = ActionCluster.connect({ kubeconfigPath: sandbox.kubeconfigPath, context: 'sandbox' });
  const auditLog = new AuditLog(join(mkdtempSync(join(tmpdir(), 'kopilot-actions-')), 'audit.jsonl'));
  const file =
    sandbox.scenario.alerts.find((a) => a.file.includes('high-memory')) ?? sandbox.scenario.alerts[0];
  if (!file) throw new Error(`scenario ${scenario} has no alert`);
  const parsed = parseAlerts(typeof file.json === 'string' ? file.json : JSON.stringify(file.json));
  if (!parsed.ok) throw new Error(parsed.error);
  const alert = parsed.alerts[0] as Alert;
  return {
    sandbox,
    cluster,
    auditLog,
    alert,
    verify: {
      sleep: async (ms: number) => {
        sandbox.clock.advance(ms);
        await sandbox.settle();
      },
      intervalMs: 10_000,
      timeoutMs: 15 * 60_000,
    },
    close: () => sandbox.close(),
  };
}

export function recommend(
  action: string,
  target: Recommendation['target'],
  parameters: Record<string, unknown> = {},
): Recommendation {
  return { action, target, parameters, confidence: 0.9, reasoning: 'test', evidence: [], alternatives: [] };
}

export async function collect(events: AsyncIterable<ActionEvent>): Promise<ActionEvent[]> {
  const out: ActionEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export const webapp = { kind: 'Deployment', namespace: 'production', name: 'webapp' };
