// The design's incident end to end: HighMemoryUsage on webapp-123 → increase_resources on production/webapp, 12Gi/10Gi.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageEvent } from '../../src/agent/events.js';
import { countPromptTokens } from '../../src/agent/tokens.js';
import { loadScript } from '../helpers/scriptedOllama.js';
import { CANARY, doneOf, recommendationOf, startRig, type TriageRig } from './rig.js';

const of = <T extends TriageEvent['type']>(events: TriageEvent[], type: T) =>
  events.filter((e): e is Extract<TriageEvent, { type: T }> => e.type === type);

const EXPECTED = {
  action: 'increase_resources',
  target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
  parameters: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
};

describe('HighMemoryUsage on webapp-123 (the design incident)', () => {
  describe('the design transcript: pod status → node capacity → deployment history → recommendation', () => {
    let rig: TriageRig;
    let events: TriageEvent[];
    beforeAll(async () => {
      rig = await startRig('webapp-memory', await loadScript('webapp-transcript'));
      events = await rig.triage();
    });
    afterAll(async () => {
      await rig?.close();
    });

    it('ends in increase_resources for production/webapp to 12Gi limit, 10Gi request, from the model', () => {
      const rec = recommendationOf(events);
      expect(rec?.source).toBe('model');
      expect(rec?.recommendation).toMatchObject(EXPECTED);
      expect(doneOf(events).outcome).toBe('recommendation');
      expect(of(events, 'fallback')).toEqual([]);
    });

    it('gathers the playbook evidence before the first model request, in parallel', () => {
      const firstRequest = events.findIndex((e) => e.type === 'model_request');
      const before = events.slice(0, firstRequest);
      expect(before[0]?.type).toBe('alert_loaded');
      expect(of(before, 'evidence_planned')[0]?.playbook).toBe('memory-high');
      expect(
        of(before, 'tool_call_finished')
          .map((e) => e.tool)
          .sort(),
      ).toEqual(
        [
          'check_node_capacity',
          'get_deployment_history',
          'get_hpa_status',
          'get_pod_status',
          'list_related_alerts',
        ].sort(),
      );
      const pod = of(before, 'tool_call_finished').find((e) => e.tool === 'get_pod_status');
      expect(pod?.finding).toMatch(/7\.6Gi\/8Gi \(95%\)/);
      expect(pod?.finding).toMatch(/worker-02/);
    });

    it('answers the model’s repeated calls from the first result, and makes its new one', () => {
      const modelCalls = of(events, 'model_tool_call').map((e) => e.tool);
      expect(modelCalls).toEqual(['get_pod_status', 'check_node_capacity', 'get_deployment_history']);
      const finished = of(events, 'tool_call_finished').filter(
        (e) =>
          e.id && events.some((s) => s.type === 'tool_call_started' && s.id === e.id && s.origin === 'model'),
      );
      expect(finished.map((e) => [e.tool, e.repeated])).toEqual([
        ['get_pod_status', true],
        ['check_node_capacity', true],
        ['get_deployment_history', false],
      ]);
      const second = rig.ollama?.chatRequests()[1];
      expect(second?.body.messages.at(-1)?.content).toMatch(/identical to an earlier call/);
    });

    it('keeps every prompt small, within num_ctx, free of secrets, with untrusted text fenced', () => {
      const chats = rig.ollama?.chatRequests() ?? [];
      expect(chats).toHaveLength(4);
      expect(chats[0]?.promptTokens).toBeLessThan(2500);
      const estimate = countPromptTokens(chats[0]!.body.messages as never, chats[0]!.body.tools as never);
      expect(estimate).toBe(chats[0]?.promptTokens);
      expect(of(events, 'model_request')[0]?.promptTokens).toBe(chats[0]?.promptTokens);
      for (const chat of chats) {
        expect(chat.promptTokens).toBeLessThan(8192);
        expect(chat.body.options?.num_ctx).toBe(8192);
        expect(chat.promptText).not.toContain(CANARY);
      }
      const first = chats[0]!.promptText;
      expect(first).toMatch(/<data source="alert">[\s\S]*HighMemoryUsage[\s\S]*<\/data>/);
      expect(first).toMatch(/<data source="get_pod_status">[\s\S]*7\.6Gi\/8Gi \(95%\)[\s\S]*<\/data>/);
      expect(
        chats.slice(0, 3).every((c) => c.body.format === undefined && (c.body.tools?.length ?? 0) > 0),
      ).toBe(true);
      expect(chats[3]?.body.format).toMatchObject({ type: 'object' });
    });

    it('reports totals from Ollama’s own counts', () => {
      const { totals } = doneOf(events);
      const chats = rig.ollama?.chatRequests() ?? [];
      expect(totals.modelRequests).toBe(4);
      expect(totals.turns).toBe(4);
      expect(totals.promptTokens).toBe(chats.reduce((sum, c) => sum + c.promptTokens, 0));
      expect(totals.evalTokens).toBeGreaterThan(0);
      expect(totals.toolCalls).toBe(6);
      expect(totals.repeatedToolCalls).toBe(2);
    });
  });

  it('with the evidence prefetched, one model request is enough', async () => {
    const rig = await startRig('webapp-memory', await loadScript('webapp-prefetch'));
    try {
      const events = await rig.triage();
      expect(recommendationOf(events)).toMatchObject({ source: 'model', recommendation: EXPECTED });
      expect(rig.ollama?.chatRequests()).toHaveLength(1);
      expect(doneOf(events).totals.modelRequests).toBe(1);
      const texts = of(events, 'model_text');
      expect(texts.length).toBeGreaterThan(0);
      expect(texts.length).toBeLessThan(20);
    } finally {
      await rig.close();
    }
  });
});
