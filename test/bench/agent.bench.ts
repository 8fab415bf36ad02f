// Benchmark: per built-in scenario, the triage's first prompt size, time to gather the evidence (until the first
// model request) and model requests, with the
// scripted Ollama answering at once (prefetch path) and with the rules alone. Run: node --import tsx test/bench/agent.bench.ts
import { mkdir, writeFile } from 'node:fs/promises';
import type { TriageEvent } from '../../src/agent/events.js';
import { listBuiltinScenarios } from '../../src/sandbox/scenarios/builtins.js';
import { startScriptedOllama } from '../helpers/scriptedOllama.js';
import { startRig } from '../agent/rig.js';
import { runTriage } from '../../src/agent/triage.js';

interface Row {
  scenario: string;
  playbook: string;
  evidenceCalls: number;
  evidenceMs: number;
  firstPromptTokens: number;
  modelRequests: number;
  rulesAction: string;
  rulesMs: number;
}

const rows: Row[] = [];
for (const { name } of await listBuiltinScenarios()) {
  const rig = await startRig(name);
  try {
    const rulesStarted = performance.now();
    const byRules = await rig.triage({ noModel: true });
    const rulesMs = Math.round(performance.now() - rulesStarted);
    const rec = byRules.find((e) => e.type === 'recommendation') as Extract<
      TriageEvent,
      { type: 'recommendation' }
    >;
    const ollama = await startScriptedOllama({ turns: [{ json: rec.recommendation }] });
    try {
      const started = performance.now();
      const events: TriageEvent[] = [];
      let evidenceMs = -1;
      for await (const event of runTriage({ alert: rig.alert, mcp: rig.mcp, ollamaHost: ollama.url })) {
        if (event.type === 'model_request' && evidenceMs < 0)
          evidenceMs = Math.round(performance.now() - started);
        events.push(event);
      }
      const planned = events.find((e) => e.type === 'evidence_planned') as Extract<
        TriageEvent,
        { type: 'evidence_planned' }
      >;
      const done = events.at(-1) as Extract<TriageEvent, { type: 'done' }>;
      rows.push({
        scenario: name,
        playbook: planned.playbook,
        evidenceCalls: planned.calls.length,
        evidenceMs,
        firstPromptTokens: ollama.chatRequests()[0]?.promptTokens ?? 0,
        modelRequests: done.totals.modelRequests,
        rulesAction: rec.recommendation.action,
        rulesMs,
      });
    } finally {
      await ollama.close();
    }
  } finally {
    await rig.close();
  }
}

console.table(rows);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/agent.json', import.meta.url), `${JSON.stringify(rows, null, 2)}\n`);
