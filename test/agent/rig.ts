// A triage rig for tests: the sandbox cluster, kopilot's MCP server over the SDK's in-memory transport, a scripted Ollama.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Alert } from '../../src/alerts/alert.js';
import { staticAlertSource } from '../../src/alerts/alertSource.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import type { TriageEvent } from '../../src/agent/events.js';
import { runTriage, type TriageOptions } from '../../src/agent/triage.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startScriptedOllama, type OllamaScript, type ScriptedOllama } from '../helpers/scriptedOllama.js';

export const CANARY = 'kopilot-canary-7f3a9c2e';

export interface TriageRig {
  sandbox: Sandbox;
  mcp: Client;
  ollama?: ScriptedOllama;
  /** The scenario's first alert, normalised. */
  alert: Alert;
  /** Runs a triage against this rig and collects every event. */
  triage(options?: Partial<TriageOptions>): Promise<TriageEvent[]>;
  close(): Promise<void>;
}

/** Every alert the scenario ships, normalised; the first is the one to triage. */
export function scenarioAlerts(sandbox: Sandbox): Alert[] {
  const alerts = sandbox.scenario.alerts.flatMap((file) => {
    const parsed = parseAlerts(JSON.stringify(file.json), { source: file.file });
    if (!parsed.ok) throw new Error(`scenario ${sandbox.scenario.name}: ${parsed.error}`);
    return parsed.alerts;
  });
  if (!alerts[0]) throw new Error(`scenario ${sandbox.scenario.name} has no alerts`);
  return alerts;
}

export async function collect(events: AsyncIterable<TriageEvent>): Promise<TriageEvent[]> {
  const out: TriageEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export async function startRig(scenario: string, script?: OllamaScript): Promise<TriageRig> {
  const sandbox = await startSandbox({ scenario });
  const kube = loadKubeconfig({ kubeconfig: sandbox.kubeconfigPath, context: 'sandbox-readonly', env: {} });
  const cluster = new ClusterClient({ kubeConfig: kube.kubeConfig });
  const alerts = scenarioAlerts(sandbox);
  const connection = await connectInMemory({ cluster, audit: false, alerts: staticAlertSource(alerts) });
  const ollama = script ? await startScriptedOllama(script) : undefined;
  const alert = alerts[0] as Alert;
  return {
    sandbox,
    mcp: connection.client,
    ollama,
    alert,
    triage: (options = {}) =>
      collect(
        runTriage({
          alert,
          mcp: connection.client,
          ollamaHost: ollama?.url ?? 'http://127.0.0.1:9',
          noModel: !ollama,
          modelTimeoutMs: 10_000,
          ...options,
        }),
      ),
    async close() {
      await connection.close();
      await ollama?.close();
      await sandbox.close();
    },
  };
}

export function recommendationOf(events: TriageEvent[]) {
  return events.find(
    (e): e is Extract<TriageEvent, { type: 'recommendation' }> => e.type === 'recommendation',
  );
}

export function doneOf(events: TriageEvent[]) {
  const done = events.filter((e): e is Extract<TriageEvent, { type: 'done' }> => e.type === 'done');
  if (done.length !== 1) throw new Error(`expected exactly one done event, got ${done.length}`);
  if (events.at(-1)?.type !== 'done') throw new Error('done is not the last event');
  return done[0] as Extract<TriageEvent, { type: 'done' }>;
}
