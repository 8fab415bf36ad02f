// Benchmark (headline): per built-in scenario, bytes and estimated tokens (gpt-tokenizer) of the evidence kopilot
// gives the model, side by side with raw `kubectl get -o json` / `kubectl describe` of the same objects and with what
// the peer MCP servers kubernetes-mcp-server and mcp-server-kubernetes return for the equivalent calls.
// Peers are installed on demand into .bench-cache/. Run: node --import tsx test/bench/evidence.bench.ts [scenario…]
import { encode } from 'gpt-tokenizer';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TriageEvent } from '../../src/agent/events.js';
import { runTriage } from '../../src/agent/triage.js';
import { openScenarioRig } from '../../src/eval/scenarioRig.js';
import { READONLY_CONTEXT } from '../../src/sandbox/index.js';
import { listBuiltinScenarios } from '../../src/sandbox/scenarios/index.js';
import { startScriptedOllama } from '../helpers/scriptedOllama.js';
import { ensureInstalled, openPeer, PEERS, type EvidenceTarget } from './peers/peerServers.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const CANARY = 'kopilot-canary-7f3a9c2e';

interface SourceRow {
  scenario: string;
  source: string;
  calls: number;
  failed: number;
  bytes: number;
  tokens: number;
  /** bytes ÷ kopilot evidence bytes for the same scenario. */
  ratio: number | null;
  canary_leaked: boolean;
  note?: string;
}

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

function kubectl(kubeconfig: string, args: string[]): Promise<{ ok: boolean; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(KUBECTL, ['--kubeconfig', kubeconfig, '--context', READONLY_CONTEXT, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => resolve({ ok: false, text: error.message }));
    child.on('close', (code) =>
      resolve({ ok: code === 0, text: Buffer.concat(code === 0 ? out : [...out, ...err]).toString('utf8') }),
    );
  });
}

function row(
  scenario: string,
  source: string,
  texts: Array<{ ok: boolean; text: string }>,
  note?: string,
): SourceRow {
  const all = texts.map((t) => t.text).join('\n');
  return {
    scenario,
    source,
    calls: texts.length,
    failed: texts.filter((t) => !t.ok).length,
    bytes: byteLength(all),
    tokens: encode(all).length,
    ratio: null,
    canary_leaked: all.includes(CANARY),
    ...(note ? { note } : {}),
  };
}

const filters = process.argv.slice(2);
const scenarios = (await listBuiltinScenarios())
  .map((s) => s.name)
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)));
const kubectlMissing = !existsSync(KUBECTL);
if (kubectlMissing) console.log(`!!! ${KUBECTL} not found: the kubectl columns are reported unavailable`);

// Install the peers once, up front; a peer that cannot be installed is reported, not fatal.
const peerStatus = new Map<string, string | undefined>();
for (const peer of PEERS) {
  const started = performance.now();
  const status = ensureInstalled(peer);
  peerStatus.set(peer.name, status);
  console.log(`${peer.name}: ${status ?? `ready (${Math.round(performance.now() - started)} ms)`}`);
}

const rows: SourceRow[] = [];
const peerTools: Record<string, string[]> = {};
const workDir = join(tmpdir(), `kopilot-evidence-bench-${process.pid}`);
await mkdir(workDir, { recursive: true });

for (const name of scenarios) {
  const rig = await openScenarioRig(name);
  try {
    // kopilot: the playbook's evidence, and the first prompt it builds from it (scripted model answers HTTP 500,
    // so the triage falls back to rules after recording exactly the request a real model would get first).
    const ollama = await startScriptedOllama({ turns: [], whenExhausted: 'error' });
    const events: TriageEvent[] = [];
    try {
      for await (const event of runTriage({
        alert: rig.alert,
        mcp: rig.mcp,
        ollamaHost: ollama.url,
        maxTurns: 1,
      }))
        events.push(event);
    } finally {
      await ollama.close();
    }
    const evidence = events.filter(
      (e): e is Extract<TriageEvent, { type: 'tool_call_finished' }> => e.type === 'tool_call_finished',
    );
    const kopilot = row(
      name,
      'kopilot evidence',
      evidence.map((e) => ({ ok: e.ok, text: e.text })),
    );
    rows.push(kopilot);
    const firstPrompt = ollama.chatRequests()[0];
    if (firstPrompt)
      rows.push({
        ...row(name, 'kopilot first prompt', [{ ok: true, text: firstPrompt.promptText }]),
        note: 'system prompt + tools + alert + evidence',
      });

    // The same incident's objects, as the other ways of looking see them.
    const store = rig.sandbox.store;
    const namespace = rig.alert.target.namespace ?? rig.sandbox.scenario.expect.target.namespace ?? 'default';
    const podName =
      rig.alert.target.kind === 'Pod'
        ? rig.alert.target.name
        : (store.list('core/pods').find((p) => p.metadata.namespace === namespace)?.metadata.name ??
          undefined);
    const deployments = store.list('apps/deployments').filter((d) => d.metadata.namespace === namespace);
    const deployment =
      deployments.find((d) => d.metadata.name === rig.alert.target.name) ??
      deployments.find((d) => podName?.startsWith(`${d.metadata.name}-`)) ??
      deployments[0];
    const target: EvidenceTarget = { namespace, pod: podName, deployment: deployment?.metadata.name };

    if (kubectlMissing) {
      rows.push({ ...row(name, 'kubectl get -o json', []), note: 'unavailable: kubectl not installed' });
    } else {
      const kubeconfig = rig.sandbox.kubeconfigPath;
      const gets: string[][] = [];
      const describes: string[][] = [];
      if (target.pod) {
        gets.push(['get', 'pod', target.pod, '-n', namespace, '-o', 'json']);
        describes.push(['describe', 'pod', target.pod, '-n', namespace]);
      }
      if (target.deployment) {
        gets.push(['get', 'deployment', target.deployment, '-n', namespace, '-o', 'json']);
        describes.push(['describe', 'deployment', target.deployment, '-n', namespace]);
      }
      gets.push(['get', 'nodes', '-o', 'json'], ['get', 'events', '-n', namespace, '-o', 'json']);
      gets.push(['get', 'hpa', '-n', namespace, '-o', 'json']);
      describes.push(['describe', 'nodes'], ['describe', 'hpa', '-n', namespace]);
      const getResults = [];
      for (const args of gets) getResults.push(await kubectl(kubeconfig, args));
      const describeResults = [];
      for (const args of describes) describeResults.push(await kubectl(kubeconfig, args));
      rows.push(row(name, 'kubectl get -o json', getResults));
      rows.push(row(name, 'kubectl describe', describeResults));
    }

    // Peers read the current context of their kubeconfig: give them a copy pinned to the read-only context.
    const peerKubeconfig = join(workDir, `${name}.kubeconfig`);
    await copyFile(rig.sandbox.kubeconfigPath, peerKubeconfig);
    if (!kubectlMissing) await kubectl(peerKubeconfig, ['config', 'use-context', READONLY_CONTEXT]);
    for (const peer of PEERS) {
      const status = peerStatus.get(peer.name);
      if (status) {
        rows.push({ ...row(name, peer.name, []), note: status });
        continue;
      }
      try {
        const session = await openPeer(peer, peerKubeconfig);
        try {
          peerTools[peer.name] ??= session.tools;
          const calls = peer.calls(target, new Set(session.tools));
          const results = await session.run(calls);
          const failed = results.filter((r) => !r.ok).map((r) => `${r.tool}: ${r.text.slice(0, 80)}`);
          rows.push(row(name, peer.name, results, failed.length ? `failed ${failed.join('; ')}` : undefined));
        } finally {
          await session.close();
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        rows.push({ ...row(name, peer.name, []), note: `unavailable: ${reason}` });
      }
    }
  } finally {
    await rig.close();
  }
  for (const r of rows.filter((x) => x.scenario === name))
    r.ratio =
      kopilotBytes(name) > 0 && r.calls > 0 ? Math.round((r.bytes / kopilotBytes(name)) * 10) / 10 : null;
  console.log(`\n${name}`);
  console.table(
    rows
      .filter((r) => r.scenario === name)
      .map(({ source, calls, failed, bytes, tokens, ratio, canary_leaked, note }) => ({
        source,
        calls,
        failed,
        bytes,
        tokens,
        'x kopilot': ratio ?? '',
        canary_leaked,
        note: note?.slice(0, 60) ?? '',
      })),
  );
}
await rm(workDir, { recursive: true, force: true });

function kopilotBytes(scenario: string): number {
  return rows.find((r) => r.scenario === scenario && r.source === 'kopilot evidence')?.bytes ?? 0;
}

// Totals over the scenarios where a source answered; the headline is each source's bytes ÷ kopilot's.
const sources = [...new Set(rows.map((r) => r.source))];
const totals = sources.map((source) => {
  const answered = rows.filter((r) => r.source === source && r.calls > 0);
  const names = new Set(answered.map((r) => r.scenario));
  const bytes = answered.reduce((sum, r) => sum + r.bytes, 0);
  const tokens = answered.reduce((sum, r) => sum + r.tokens, 0);
  const kopilotSame = rows
    .filter((r) => r.source === 'kopilot evidence' && names.has(r.scenario))
    .reduce((sum, r) => ({ bytes: sum.bytes + r.bytes, tokens: sum.tokens + r.tokens }), {
      bytes: 0,
      tokens: 0,
    });
  return {
    source,
    scenarios: names.size,
    bytes,
    tokens,
    tokens_per_scenario: names.size ? Math.round(tokens / names.size) : 0,
    bytes_ratio: kopilotSame.bytes ? Math.round((bytes / kopilotSame.bytes) * 10) / 10 : null,
    tokens_ratio: kopilotSame.tokens ? Math.round((tokens / kopilotSame.tokens) * 10) / 10 : null,
    canary_leaks: rows.filter((r) => r.source === source && r.canary_leaked).length,
    unavailable: rows.find((r) => r.source === source && r.calls === 0)?.note ?? '',
  };
});
console.log(`\nTOTAL over ${scenarios.length} scenarios (ratio = source ÷ kopilot evidence, same scenarios)`);
console.table(totals);

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadavg: loadavg().map((v) => Math.round(v * 100) / 100),
  at: new Date().toISOString(),
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/evidence.json', import.meta.url),
  `${JSON.stringify({ machine, totals, peerTools, rows }, null, 2)}\n`,
);
