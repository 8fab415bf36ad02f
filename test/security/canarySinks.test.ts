// Issue 20 acceptance: the canary corpus planted in a real sandbox (env, args, annotations, a ConfigMap, Events, a
// log) and in the alert's labels and annotations; no canary comes out of any MCP tool, model request, CLI output,
// report, audit record or diagnostics bundle.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePlan } from '../../src/actions/approval.js';
import { executePlan } from '../../src/actions/execute.js';
import { ActionCluster } from '../../src/actions/kube.js';
import { planAction } from '../../src/actions/plan.js';
import type { Alert } from '../../src/alerts/alert.js';
import { staticAlertSource } from '../../src/alerts/alertSource.js';
import { runTriage } from '../../src/agent/triage.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { connectInMemory } from '../../src/mcp/inMemory.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { canaryCorpus, corpusManifests, leakedCanaries } from '../fixtures/canaries/corpus.js';
import { collect as collectActions, recommend } from '../actions/sandboxSetup.js';
import { collect, scenarioAlerts } from '../agent/rig.js';
import { runKopilot } from '../helpers/runKopilot.js';
import { startScriptedOllama, type ScriptedOllama } from '../helpers/scriptedOllama.js';
import { call } from '../mcp/sandboxMcp.js';
import { PLANTED_DEPLOYMENT, PLANTED_POD, writePlantedScenario } from './plantedScenario.js';

const NS = 'canary';
const manifests = corpusManifests(NS);
const deploymentNames = manifests.deployments.map((d) => d.metadata.name);
const podNames = manifests.pods.map((p) => p.metadata.name);

/** The alert carries canaries too: annotation and link shapes as annotations, env shapes with label-safe names as labels. */
const alertAnnotations: Record<string, string> = {
  summary: `Pod ${NS}/${PLANTED_POD} is crash looping.`,
  ...Object.fromEntries(
    canaryCorpus.flatMap((c, i) =>
      c.where === 'annotation' ? [[c.key, c.value]] : c.where === 'url' ? [[`link_${i}`, c.text]] : [],
    ),
  ),
};
const alertLabels: Record<string, string> = {
  alertname: 'KubePodCrashLooping',
  container: 'c0',
  ...Object.fromEntries(
    canaryCorpus.flatMap((c) =>
      c.where === 'env' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name) ? [[c.name, c.value]] : [],
    ),
  ),
};

/** Every canary found in `output`, by marker and shape, for a readable failure. */
function leaks(output: string): string[] {
  return leakedCanaries(output).map((c) => `${c.canary} ${c.where}: ${c.shape}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe(
  'the canary corpus planted in a sandbox and an alert comes out of no sink',
  { timeout: 300_000 },
  () => {
    let sandbox: Sandbox;
    let alerts: Alert[];
    let alertFile: string;
    let mcp: Client;
    let closeMcp: () => Promise<void>;
    let work: string;
    let mcpAudit: AuditLog;

    beforeAll(async () => {
      const folder = await writePlantedScenario(
        manifests,
        [{ labels: alertLabels, annotations: alertAnnotations }],
        NS,
      );
      alertFile = join(folder.dir, folder.alertFiles[0] as string);
      sandbox = await startSandbox({ scenario: folder.dir });
      alerts = scenarioAlerts(sandbox);
      work = mkdtempSync(join(tmpdir(), 'kopilot-canary-sinks-'));
      mcpAudit = new AuditLog(join(work, 'mcp-audit.jsonl'));
      const { kubeConfig } = loadKubeconfig({
        kubeconfig: sandbox.kubeconfigPath,
        context: 'sandbox-readonly',
        env: {},
      });
      const connection = await connectInMemory({
        cluster: new ClusterClient({ kubeConfig }),
        audit: mcpAudit,
        alerts: staticAlertSource(alerts),
      });
      mcp = connection.client;
      closeMcp = connection.close;
    });
    afterAll(async () => {
      await closeMcp?.();
      await sandbox?.close();
    });

    it('plants every shape: the raw cluster, log and alert hold all of them', () => {
      expect(canaryCorpus.length).toBeGreaterThanOrEqual(100);
      const raw = JSON.stringify([
        ...sandbox.store.list('core/pods', NS),
        ...sandbox.store.list('core/events', NS),
      ]);
      const configMap = JSON.stringify(sandbox.store.get('core/configmaps', NS, 'canary-config'));
      const log = sandbox.scenario.logs.map((l) => l.text).join('\n');
      expect(leakedCanaries(raw + configMap + log).length).toBe(canaryCorpus.length);
      // The alert file carries more than 50 shapes in its labels and annotations.
      expect(leakedCanaries(readFileSync(alertFile, 'utf8')).length).toBeGreaterThan(50);
      // The planted pod is the one its Deployment owns, so actions on the Deployment relate to the alert.
      expect(sandbox.store.get('core/pods', NS, PLANTED_POD)?.metadata.ownerReferences).toHaveLength(1);
    });

    it('every MCP tool, called at the planted objects: no canary in any text or structuredContent', async () => {
      const pod = { namespace: NS, pod_name: PLANTED_POD };
      const calls: Array<[string, Record<string, unknown>]> = [
        ...podNames.map((p): [string, Record<string, unknown>] => [
          'get_pod_status',
          { namespace: NS, pod_name: p },
        ]),
        ...['memory', 'cpu', 'storage', 'pods'].map((r): [string, Record<string, unknown>] => [
          'check_node_capacity',
          { resource_type: r },
        ]),
        ...deploymentNames.flatMap((d): Array<[string, Record<string, unknown>]> => [
          ['get_deployment_history', { namespace: NS, deployment: d, hours_back: 48 }],
          ['get_workload', { namespace: NS, name: d, kind: 'Deployment' }],
        ]),
        ['list_related_alerts', { namespace: NS }],
        ['list_related_alerts', { labels: { pod: PLANTED_POD } }],
        ['check_resource_quotas', { namespace: NS }],
        ['get_hpa_status', { namespace: NS, hpa_name: PLANTED_DEPLOYMENT }],
        ['get_events', { namespace: NS }],
        ['get_events', { namespace: NS, object_name: PLANTED_POD, object_kind: 'Pod', warnings_only: false }],
        ['get_pod_logs', { ...pod, container: 'c0', tail: 1000 }],
        ['get_pod_logs', { ...pod, container: 'c0', tail: 1000, grep: 'pass|token|key|secret|auth' }],
        ['list_pods', { namespace: NS }],
        ['list_pods', { namespace: NS, label_selector: `app=${PLANTED_DEPLOYMENT}` }],
        ['get_node_status', { node_name: 'worker-01' }],
        ['check_scaling_feasibility', { namespace: NS, workload: PLANTED_DEPLOYMENT, replicas: 3 }],
        [
          'check_resource_change_feasibility',
          {
            namespace: NS,
            workload: PLANTED_DEPLOYMENT,
            container: 'c0',
            memory_limit: '2Gi',
            memory_request: '1Gi',
          },
        ],
        ['get_pdb_status', { namespace: NS, workload: PLANTED_DEPLOYMENT }],
        ['get_network_policies', pod],
        // No claim is planted: the answer (not found) must still carry nothing planted.
        ['get_pvc_status', { namespace: NS, pvc_name: 'data-canary-0' }],
        [
          'get_metric_trend',
          { question: 'container_memory', namespace: NS, pod: PLANTED_POD, container: 'c0' },
        ],
      ];
      const { tools } = await mcp.listTools();
      expect(new Set(calls.map(([name]) => name))).toEqual(new Set(tools.map((t) => t.name)));

      const found: Record<string, string[]> = {};
      let answered = 0;
      for (const [name, args] of calls) {
        const answer = await call(mcp, name, args);
        if (!answer.isError) answered++;
        const leaked = leaks(answer.text + JSON.stringify(answer.structured) + answer.raw);
        if (leaked.length) found[`${name} ${JSON.stringify(args)}`] = leaked;
      }
      expect(found).toEqual({});
      // The calls reached the planted objects (a tool that errored on everything would leak nothing).
      expect(answered).toBeGreaterThanOrEqual(calls.length - 3);
      expect(leaks(readFileSync(mcpAudit.path, 'utf8'))).toEqual([]);
    });

    describe('a triage with a scripted model of the alert on the planted pod', () => {
      let ollama: ScriptedOllama;
      afterAll(() => ollama?.close());

      it('sends no canary in any model request, and the triage events carry none', async () => {
        const pod = { namespace: NS, pod_name: PLANTED_POD };
        ollama = await startScriptedOllama({
          turns: [
            { content: 'Looking at the pod.', toolCalls: [{ name: 'get_pod_status', arguments: pod }] },
            { toolCalls: [{ name: 'get_pod_logs', arguments: { ...pod, container: 'c0', tail: 500 } }] },
            { toolCalls: [{ name: 'get_events', arguments: { namespace: NS, object_name: PLANTED_POD } }] },
            { toolCalls: [{ name: 'get_workload', arguments: { namespace: NS, name: PLANTED_DEPLOYMENT } }] },
            { toolCalls: [{ name: 'list_related_alerts', arguments: { namespace: NS } }] },
            {
              json: {
                action: 'restart_workload',
                target: { kind: 'Deployment', namespace: NS, name: PLANTED_DEPLOYMENT },
                parameters: {},
                confidence: 0.6,
                reasoning: `${PLANTED_POD} restarted 3 times; a restart of ${PLANTED_DEPLOYMENT} may clear it.`,
                evidence: [`${PLANTED_POD} restarts: 3`],
                alternatives: [],
              },
            },
          ],
          whenExhausted: 'repeat_last',
        });
        const events = await collect(
          runTriage({
            alert: alerts[0] as Alert,
            mcp,
            ollamaHost: ollama.url,
            noModel: false,
            modelTimeoutMs: 20_000,
          }),
        );
        const requests = ollama.chatRequests();
        expect(requests.length).toBeGreaterThanOrEqual(2);
        // The model saw the planted objects' tool results (not only the alert).
        expect(requests.some((r) => r.promptText.includes('c0'))).toBe(true);
        const found = requests.flatMap((r, i) =>
          leaks(r.promptText + JSON.stringify(r.body)).map((leak) => `request ${i}: ${leak}`),
        );
        expect(found).toEqual([]);
        expect(leaks(JSON.stringify(events))).toEqual([]);
      });
    });

    describe('the built CLI against the sandbox kubeconfig', () => {
      let env: Record<string, string>;
      let cliAudit: string;
      beforeAll(() => {
        cliAudit = join(work, 'cli-audit.jsonl');
        env = { XDG_STATE_HOME: work, KOPILOT_CONFIG_DIR: work, KOPILOT_AUDIT_LOG: cliAudit, CI: '' };
      });
      const triage = (...flags: string[]) =>
        runKopilot(
          ['triage', '--alert', alertFile, '--kubeconfig', sandbox.kubeconfigPath, '--no-model', ...flags],
          {
            env,
            timeoutMs: 120_000,
          },
        );

      it.each([['json'], ['ndjson'], ['text']])('-o %s: no canary in stdout or stderr', async (format) => {
        const run = await triage('--output', format);
        expect(run.code, run.stderr).toBe(0);
        if (format === 'text') expect(run.stderr).toContain('get_pod_status');
        expect(run.stdout.length).toBeGreaterThan(200);
        expect(leaks(run.stdout)).toEqual([]);
        expect(leaks(run.stderr)).toEqual([]);
      });

      it('--report FILE: no canary in the report, stdout or stderr; nor in the audit log the runs wrote', async () => {
        const report = join(work, 'triage.md');
        const run = await triage('--report', report);
        const text = readFileSync(report, 'utf8');
        expect(text).toContain(PLANTED_POD);
        expect(leaks(text)).toEqual([]);
        expect(leaks(run.stdout + run.stderr)).toEqual([]);
        expect(leaks(readFileSync(cliAudit, 'utf8'))).toEqual([]);
      });
    });

    describe('actions on the planted workload', () => {
      let cluster: ActionCluster;
      let auditLog: AuditLog;
      const verify = {
        sleep: async (ms: number) => {
          sandbox.clock.advance(ms);
          await sandbox.settle();
        },
        intervalMs: 10_000,
        timeoutMs: 15 * 60_000,
      };
      beforeAll(() => {
        cluster = ActionCluster.connect({ kubeconfigPath: sandbox.kubeconfigPath, context: 'sandbox' });
        auditLog = new AuditLog(join(work, 'actions-audit.jsonl'));
      });

      async function approveAndRun(
        action: string,
        target: Parameters<typeof recommend>[1],
        extra: { diagnosticsDir?: string } = {},
      ) {
        const result = await planAction(recommend(action, target), {
          cluster,
          alert: alerts[0],
          auditLog,
          ...extra,
        });
        if (!result.ok) throw new Error(`${action}: ${result.reason}: ${result.message}`);
        const events = await collectActions(
          executePlan(result.plan, {
            approval: approvePlan(result.plan, { confirmation: result.plan.confirmation?.phrase }),
            cluster,
            auditLog,
            planContext: { alert: alerts[0] },
            verify,
          }),
        );
        return { plan: result.plan, events };
      }

      it('restart_workload then rollback_deployment: no canary in the plans, the events, the audit log or `kopilot audit`', async () => {
        const target = { kind: 'Deployment', namespace: NS, name: PLANTED_DEPLOYMENT };
        const restart = await approveAndRun('restart_workload', target);
        expect(restart.events.at(-1)).toMatchObject({ type: 'verified' });
        const rollback = await approveAndRun('rollback_deployment', target);
        expect(rollback.events.at(-1)).toMatchObject({ type: 'verified' });
        // The patch itself must carry the template it restores; everything shown of the plan and its events must not.
        const shown = [restart, rollback].map(({ plan, events }) => ({
          ...plan,
          steps: plan.steps.map((step) => step.description),
          events,
        }));
        expect(leaks(JSON.stringify(shown))).toEqual([]);

        const raw = readFileSync(auditLog.path, 'utf8');
        expect(raw).toContain('rollback_deployment');
        expect(leaks(raw)).toEqual([]);

        const env = { KOPILOT_AUDIT_LOG: auditLog.path, KOPILOT_CONFIG_DIR: work };
        const json = await runKopilot(['audit', '-o', 'json'], { env, timeoutMs: 60_000 });
        expect(json.code).toBe(0);
        expect(json.stdout).toContain(PLANTED_DEPLOYMENT);
        expect(leaks(json.stdout + json.stderr)).toEqual([]);
        const table = await runKopilot(['audit'], { env, timeoutMs: 60_000 });
        expect(table.code).toBe(0);
        expect(leaks(table.stdout + table.stderr)).toEqual([]);
      });

      it('collect_diagnostics on the planted pod: no canary in any file of the bundle', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'kopilot-canary-diag-'));
        // The pod the controllers run now (the planted one's replacement after the restart carries the same template).
        const live = sandbox.store
          .list('core/pods', NS)
          .filter((p) => p.metadata.name.startsWith(`${PLANTED_DEPLOYMENT}-`))
          .map((p) => p.metadata.name);
        for (const name of [PLANTED_POD, ...live.slice(0, 1)]) {
          if (!sandbox.store.get('core/pods', NS, name)) continue;
          const diag = await approveAndRun(
            'collect_diagnostics',
            { kind: 'Pod', namespace: NS, name },
            { diagnosticsDir: folder },
          );
          expect(diag.events.at(-1)).toMatchObject({ type: 'verified' });
        }
        const files = filesUnder(folder);
        expect(files.some((f) => f.endsWith('object.yaml'))).toBe(true);
        const found = files.flatMap((f) => leaks(readFileSync(f, 'utf8')).map((leak) => `${f}: ${leak}`));
        expect(found).toEqual([]);
      });
    });
  },
);
