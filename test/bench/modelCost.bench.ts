// Benchmark: model requests and tokens per triage over every built-in scenario with a scripted model, evidence
// first (prefetch) against the plain tool-calling loop (--no-prefetch), both measured in the same run.
// The scripted model answers each scenario's expected action; without prefetch it first asks for the evidence the
// design's transcript asks for (pod status, node capacity, events), one call per turn, as a small model does.
// Run: node --import tsx test/bench/modelCost.bench.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { actionCatalogue, isActionType } from '../../src/actions/catalogue/index.js';
import type { TriageEvent } from '../../src/agent/events.js';
import { runTriage } from '../../src/agent/triage.js';
import { openScenarioRig, type ScenarioRig } from '../../src/eval/scenarioRig.js';
import { listBuiltinScenarios } from '../../src/sandbox/scenarios/index.js';
import {
  startScriptedOllama,
  type RecordedChatRequest,
  type ScriptedTurn,
} from '../helpers/scriptedOllama.js';

function answerFor(rig: ScenarioRig): unknown {
  const { expect } = rig.sandbox.scenario;
  const action = expect.actions[0] as string;
  return {
    action,
    target: action === 'escalate' ? { kind: 'Alert', name: rig.alert.name } : expect.target,
    parameters: isActionType(action) ? actionCatalogue[action].example : {},
    confidence: 0.8,
    reasoning: 'scripted',
    evidence: [],
    alternatives: [],
  };
}

function evidenceCalls(rig: ScenarioRig): Array<{ name: string; arguments: Record<string, unknown> }> {
  const { namespace, kind, name } = rig.alert.target;
  return [
    ...(kind === 'Pod' && namespace && name
      ? [{ name: 'get_pod_status', arguments: { namespace, pod_name: name } }]
      : []),
    { name: 'check_node_capacity', arguments: { resource_type: 'memory' } },
    { name: 'get_events', arguments: namespace ? { namespace } : {} },
  ];
}

async function measure(rig: ScenarioRig, prefetch: boolean) {
  const calls = evidenceCalls(rig);
  const answer = answerFor(rig);
  const ollama = await startScriptedOllama({
    turns: [
      (request: RecordedChatRequest): ScriptedTurn => {
        const asked = request.body.messages.filter((m) => m.role === 'tool').length;
        const next = calls[asked];
        return !prefetch && next && request.body.tools?.length ? { toolCalls: [next] } : { json: answer };
      },
    ],
    whenExhausted: 'repeat_last',
  });
  try {
    let done: Extract<TriageEvent, { type: 'done' }> | undefined;
    for await (const event of runTriage({
      alert: rig.alert,
      mcp: rig.mcp,
      ollamaHost: ollama.url,
      prefetch,
    })) {
      if (event.type === 'done') done = event;
    }
    const firstPrompt = ollama.chatRequests()[0]?.promptTokens ?? 0;
    return { ...(done?.totals ?? {}), firstPrompt, outcome: done?.outcome };
  } finally {
    await ollama.close();
  }
}

const rows: Array<Record<string, string | number>> = [];
const totals = { on: { requests: 0, prompt: 0, eval: 0 }, off: { requests: 0, prompt: 0, eval: 0 } };
for (const { name } of await listBuiltinScenarios()) {
  const rig = await openScenarioRig(name);
  try {
    const on = await measure(rig, true);
    const off = await measure(rig, false);
    totals.on.requests += on.modelRequests ?? 0;
    totals.on.prompt += on.promptTokens ?? 0;
    totals.on.eval += on.evalTokens ?? 0;
    totals.off.requests += off.modelRequests ?? 0;
    totals.off.prompt += off.promptTokens ?? 0;
    totals.off.eval += off.evalTokens ?? 0;
    rows.push({
      scenario: name,
      'requests on/off': `${on.modelRequests}/${off.modelRequests}`,
      'prompt tok on': on.promptTokens ?? 0,
      'prompt tok off': off.promptTokens ?? 0,
      'first prompt on': on.firstPrompt,
      'first prompt off': off.firstPrompt,
    });
  } finally {
    await rig.close();
  }
}

const n = rows.length;
console.log(`model requests and prompt tokens per triage, ${n} scenarios, scripted model`);
console.table(rows);
const summary = {
  scenarios: n,
  prefetch: { requestsPerTriage: totals.on.requests / n, promptTokensPerTriage: totals.on.prompt / n },
  noPrefetch: { requestsPerTriage: totals.off.requests / n, promptTokensPerTriage: totals.off.prompt / n },
  ratio: {
    requests: Number((totals.off.requests / totals.on.requests).toFixed(2)),
    promptTokens: Number((totals.off.prompt / totals.on.prompt).toFixed(2)),
  },
};
console.log(JSON.stringify(summary, null, 2));
await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
await writeFile(
  fileURLToPath(new URL('./results/modelCost.json', import.meta.url)),
  `${JSON.stringify({ ...summary, rows }, null, 2)}\n`,
);
