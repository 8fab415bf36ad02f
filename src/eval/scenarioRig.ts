// One scenario opened for a triage: a fresh sandbox, kopilot's read-only MCP tools over it, and its alerts.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Alert } from '../alerts/alert.js';
import { staticAlertSource } from '../alerts/alertSource.js';
import { parseAlerts } from '../alerts/parse.js';
import type { AuditLog } from '../audit/auditLog.js';
import { ClusterClient } from '../cluster/clusterClient.js';
import { loadKubeconfig, type LoadedKubeconfig } from '../cluster/kubeconfig.js';
import { UsageError } from '../errors.js';
import { connectInMemory } from '../mcp/inMemory.js';
import { ADMIN_CONTEXT, READONLY_CONTEXT, startSandbox, type Sandbox } from '../sandbox/index.js';

export interface ScenarioRig {
  sandbox: Sandbox;
  /** The alert to triage: the first alert of the scenario's first alert file. */
  alert: Alert;
  alerts: Alert[];
  /** The kubeconfig on the read-only context. */
  kube: LoadedKubeconfig;
  /** The admin context of this disposable sandbox: plans are dry-run with it (a dry run needs write permission). */
  planKube: LoadedKubeconfig;
  /** An MCP client on the read-only context, as the triage engine uses it. */
  mcp: Client;
  close(): Promise<void>;
}

/** `auditLog` records the tool calls; eval only ever reads its own disposable sandbox, so it is optional. */
export async function openScenarioRig(scenario: string, auditLog?: AuditLog): Promise<ScenarioRig> {
  const sandbox = await startSandbox({ scenario });
  try {
    const alerts = scenarioAlerts(sandbox);
    const kube = loadKubeconfig({ kubeconfig: sandbox.kubeconfigPath, context: READONLY_CONTEXT, env: {} });
    const planKube = loadKubeconfig({ kubeconfig: sandbox.kubeconfigPath, context: ADMIN_CONTEXT, env: {} });
    const cluster = new ClusterClient({ kubeConfig: kube.kubeConfig });
    const connection = await connectInMemory(
      { cluster, audit: auditLog ?? false, alerts: staticAlertSource(alerts) },
      'kopilot-eval',
    );
    return {
      sandbox,
      alert: alerts[0] as Alert,
      alerts,
      kube,
      planKube,
      mcp: connection.client,
      async close() {
        await connection.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

function scenarioAlerts(sandbox: Sandbox): Alert[] {
  const alerts = sandbox.scenario.alerts.flatMap((file) => {
    const parsed = parseAlerts(JSON.stringify(file.json), { source: file.file });
    if (!parsed.ok) throw new UsageError(`scenario ${sandbox.scenario.name}: ${parsed.error}`);
    return parsed.alerts;
  });
  if (alerts.length === 0) throw new UsageError(`scenario ${sandbox.scenario.name} ships no alert to triage`);
  return alerts;
}
