// A whole interactive triage for tests: the sandbox cluster, a scripted (or absent) Ollama, the real session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../src/alerts/alert.js';
import { staticAlertSource } from '../../src/alerts/alertSource.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { resolveSettings } from '../../src/config/settings.js';
import { openTriageSession, type TriageSessionOptions } from '../../src/session/openSession.js';
import type { OpenTriageSession } from '../../src/session/session.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startScriptedOllama, type OllamaScript, type ScriptedOllama } from '../helpers/scriptedOllama.js';
import { scenarioAlerts } from '../agent/rig.js';

export interface FlowRig {
  sandbox: Sandbox;
  ollama?: ScriptedOllama;
  session: OpenTriageSession;
  auditLog: AuditLog;
  alerts: Alert[];
  close(): Promise<void>;
}

export interface FlowOptions {
  script?: OllamaScript;
  noModel?: boolean;
  /** An Ollama URL nothing listens on, for the fallback. */
  ollamaHost?: string;
  session?: Partial<TriageSessionOptions>;
  /** A built-in scenario or a scenario folder (default webapp-memory). */
  scenario?: string;
}

export async function startFlow(options: FlowOptions = {}): Promise<FlowRig> {
  const scenario = options.scenario ?? 'webapp-memory';
  const sandbox = await startSandbox({ scenario });
  const ollama = options.script ? await startScriptedOllama(options.script) : undefined;
  const auditLog = new AuditLog(join(mkdtempSync(join(tmpdir(), 'kopilot-ui-flow-')), 'audit.jsonl'));
  const alerts = scenarioAlerts(sandbox);
  const settings = resolveSettings({
    env: {},
    file: {},
    flags: {
      ollamaHost: ollama?.url ?? options.ollamaHost ?? 'http://127.0.0.1:9',
      model: 'granite3.1-dense:8b',
    },
  });
  const session = await openTriageSession({
    settings,
    kubeconfig: sandbox.kubeconfigPath,
    noModel: options.noModel ?? false,
    auditLog,
    alerts: staticAlertSource(alerts),
    alertSourceName: `scenario ${sandbox.scenario.name}`,
    env: {},
    // Verification looks every 200 ms of real time while the sandbox clock moves on 2 s each look.
    verify: {
      intervalMs: 2000,
      sleep: (ms) =>
        new Promise((resolve) => {
          sandbox.clock.advance(ms);
          setTimeout(resolve, 200);
        }),
    },
    ...options.session,
  });
  return {
    sandbox,
    ollama,
    session,
    auditLog,
    alerts,
    async close() {
      await session.close();
      await ollama?.close();
      await sandbox.close();
    },
  };
}

/** The memory limit of the webapp container as the sandbox holds it now. */
export function webappMemoryLimit(sandbox: Sandbox): unknown {
  const deployment = sandbox.store.get('apps/deployments', 'production', 'webapp') as
    | {
        spec: {
          template: {
            spec: { containers: Array<{ name: string; resources?: { limits?: Record<string, string> } }> };
          };
        };
      }
    | undefined;
  return deployment?.spec.template.spec.containers.find((c) => c.name === 'webapp')?.resources?.limits
    ?.memory;
}
