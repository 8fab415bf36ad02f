// Small models misbehave in known ways; each script ends in a valid recommendation or a rules fallback, never a hang.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageEvent } from '../../src/agent/events.js';
import { startScriptedOllama, type OllamaScript } from '../helpers/scriptedOllama.js';
import { CANARY, collect, doneOf, recommendationOf, startRig, type TriageRig } from './rig.js';
import { runTriage, type TriageOptions } from '../../src/agent/triage.js';

interface MisbehaviourCase {
  description: string;
  script: OllamaScript;
  options?: Partial<TriageOptions>;
  annotation?: Record<string, string>;
  expect: {
    source: 'model' | 'rules';
    action?: string;
    reason?: string;
    warning?: string;
    repairQuotes?: string;
    maxRequests?: number;
    requests?: number;
    noTools?: boolean;
    /** Tools the model's calls reached, in order. */
    modelCalls?: string[];
  };
}

const dir = fileURLToPath(new URL('../fixtures/ollama/misbehaviour/', import.meta.url));
const cases = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map(
    (file) =>
      [
        file.replace(/\.json$/, ''),
        JSON.parse(readFileSync(dir + file, 'utf8')) as MisbehaviourCase,
      ] as const,
  );

let rig: TriageRig;
beforeAll(async () => {
  rig = await startRig('webapp-memory');
});
afterAll(async () => {
  await rig?.close();
});

const of = <T extends TriageEvent['type']>(events: TriageEvent[], type: T) =>
  events.filter((e): e is Extract<TriageEvent, { type: T }> => e.type === type);

describe('model misbehaviour', () => {
  it('has at least 15 scripts', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('%s', async (_name, spec) => {
    const ollama = await startScriptedOllama(spec.script);
    try {
      const alert = spec.annotation
        ? { ...rig.alert, annotations: { ...rig.alert.annotations, ...spec.annotation } }
        : rig.alert;
      const events = await collect(
        runTriage({ alert, mcp: rig.mcp, ollamaHost: ollama.url, modelTimeoutMs: 10_000, ...spec.options }),
      );
      const done = doneOf(events);
      expect(of(events, 'error')).toEqual([]);
      const rec = recommendationOf(events);
      expect(rec?.source).toBe(spec.expect.source);
      if (spec.expect.action) expect(rec?.recommendation.action).toBe(spec.expect.action);
      expect(done.outcome).toBe(rec?.recommendation.action === 'escalate' ? 'escalate' : 'recommendation');
      const fallback = of(events, 'fallback');
      if (spec.expect.source === 'rules') {
        expect(fallback).toHaveLength(1);
        if (spec.expect.reason) expect(fallback[0]?.reason).toMatch(new RegExp(spec.expect.reason));
      } else {
        expect(fallback).toEqual([]);
      }
      if (spec.expect.warning) {
        expect(
          of(events, 'warning')
            .map((w) => w.message)
            .join('\n'),
        ).toMatch(new RegExp(spec.expect.warning));
      }
      const chats = ollama.chatRequests();
      if (spec.expect.repairQuotes) {
        const repair = chats.at(-1)?.body.messages.at(-1)?.content ?? '';
        expect(repair).toMatch(/rejected/);
        expect(repair).toMatch(new RegExp(spec.expect.repairQuotes));
      }
      if (spec.expect.modelCalls) {
        expect(of(events, 'model_tool_call').map((e) => e.tool)).toEqual(spec.expect.modelCalls);
        const ran = of(events, 'tool_call_started').filter((e) => e.origin === 'model');
        expect(ran.map((e) => e.tool)).toEqual(spec.expect.modelCalls);
      }
      if (spec.expect.maxRequests !== undefined)
        expect(chats.length).toBeLessThanOrEqual(spec.expect.maxRequests);
      if (spec.expect.requests !== undefined) expect(chats).toHaveLength(spec.expect.requests);
      if (spec.expect.noTools) {
        for (const chat of chats) expect(chat.body.tools).toBeUndefined();
        expect(chats[0]?.body.messages[0]?.content).toContain('<tool_call>');
      }
      for (const chat of chats) {
        expect(chat.promptText).not.toContain(CANARY);
        expect(chat.promptTokens).toBeLessThan(8192);
        expect(chat.body.options?.num_ctx).toBe(8192);
      }
      if (spec.annotation && chats[0]) {
        const fence = /<data source="alert">([\s\S]*?)<\/data>/.exec(chats[0].promptText)?.[1] ?? '';
        for (const value of Object.values(spec.annotation)) expect(fence).toContain(value);
      }
      expect(done.totals.modelRequests).toBe(chats.length);
    } finally {
      await ollama.close();
    }
  });

  it('Ollama not running → rules, one line saying so', async () => {
    const closed = await startScriptedOllama({ turns: [] });
    const url = closed.url;
    await closed.close();
    const events = await collect(runTriage({ alert: rig.alert, mcp: rig.mcp, ollamaHost: url }));
    expect(of(events, 'fallback')[0]?.reason).toMatch(/not reachable/);
    expect(recommendationOf(events)?.source).toBe('rules');
    doneOf(events);
  });

  it('abort during a hanging model request ends the triage as aborted', async () => {
    const ollama = await startScriptedOllama({ turns: [{ fault: { type: 'hang' } }] });
    const controller = new AbortController();
    try {
      const events: TriageEvent[] = [];
      for await (const event of runTriage({
        alert: rig.alert,
        mcp: rig.mcp,
        ollamaHost: ollama.url,
        signal: controller.signal,
      })) {
        events.push(event);
        if (event.type === 'model_request') controller.abort();
      }
      expect(doneOf(events).outcome).toBe('aborted');
      expect(recommendationOf(events)).toBeUndefined();
    } finally {
      await ollama.close();
    }
  });

  it('a num_ctx too small for the evidence falls back instead of sending an oversized prompt', async () => {
    const ollama = await startScriptedOllama({ turns: [{ json: {} }] });
    try {
      const events = await collect(
        runTriage({ alert: rig.alert, mcp: rig.mcp, ollamaHost: ollama.url, numCtx: 1024 }),
      );
      const sent = ollama.chatRequests();
      for (const chat of sent) expect(chat.promptTokens).toBeLessThan(1024);
      if (sent.length === 0) expect(of(events, 'fallback')[0]?.reason).toMatch(/num_ctx/);
      doneOf(events);
    } finally {
      await ollama.close();
    }
  });

  // Runs last (tests in a file run in order): the injection asked to delete a namespace, others hallucinated actions.
  it('leaves the cluster without a single write after every misbehaving model above', () => {
    expect(rig.sandbox.writeCount()).toBe(0);
  });
});
