// The engine's limits on the design incident: tool-call cap, context budget with compaction, turn cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageEvent } from '../../src/agent/events.js';
import { runTriage } from '../../src/agent/triage.js';
import { startScriptedOllama, type OllamaScript } from '../helpers/scriptedOllama.js';
import { CANARY, collect, doneOf, recommendationOf, startRig, type TriageRig } from './rig.js';

const ANSWER = {
  action: 'increase_resources',
  target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
  parameters: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
  confidence: 0.8,
  reasoning: 'memory at 95% of the limit',
  evidence: ['memory 7.6Gi/8Gi (95%)'],
  alternatives: [],
};

let rig: TriageRig;
beforeAll(async () => {
  rig = await startRig('webapp-memory');
});
afterAll(async () => {
  await rig?.close();
});

const of = <T extends TriageEvent['type']>(events: TriageEvent[], type: T) =>
  events.filter((e): e is Extract<TriageEvent, { type: T }> => e.type === type);

async function triageWith(
  script: OllamaScript,
  options: Parameters<typeof runTriage>[0] extends infer O ? Partial<O> : never = {},
) {
  const ollama = await startScriptedOllama(script);
  try {
    const events = await collect(
      runTriage({ alert: rig.alert, mcp: rig.mcp, ollamaHost: ollama.url, ...options }),
    );
    return { events, chats: ollama.chatRequests() };
  } finally {
    await ollama.close();
  }
}

describe('triage limits', () => {
  it('runs at most maxToolCalls of the model’s calls and tells it to answer with what it has', async () => {
    const { events, chats } = await triageWith(
      {
        turns: [
          {
            toolCalls: [
              { name: 'get_events', arguments: { namespace: 'production' } },
              { name: 'get_pod_logs', arguments: { namespace: 'production', pod_name: 'webapp-123' } },
              { name: 'list_pods', arguments: { namespace: 'production' } },
            ],
          },
          { json: ANSWER },
        ],
      },
      { maxToolCalls: 2 },
    );
    const byModel = of(events, 'tool_call_started').filter((e) => e.origin === 'model');
    expect(byModel.map((e) => e.tool)).toEqual(['get_events', 'get_pod_logs']);
    const toolMessages = chats[1]?.body.messages.filter((m) => m.role === 'tool') ?? [];
    expect(toolMessages.at(-1)?.content).toMatch(/tool-call limit is reached/);
    // Having used its calls, the model is asked for the answer with the schema and no tools.
    expect(chats[1]?.body.format).toBeDefined();
    expect(chats[1]?.body.tools).toBeUndefined();
    expect(recommendationOf(events)?.source).toBe('model');
  });

  it('shortens older tool results to stay within num_ctx, and says so', async () => {
    const { events, chats } = await triageWith(
      {
        turns: [
          { toolCalls: [{ name: 'get_events', arguments: { namespace: 'production' } }] },
          {
            toolCalls: [
              { name: 'get_pod_logs', arguments: { namespace: 'production', pod_name: 'webapp-123' } },
            ],
          },
          { toolCalls: [{ name: 'list_pods', arguments: { namespace: 'production' } }] },
          { json: ANSWER },
        ],
      },
      { numCtx: 3072 },
    );
    expect(chats.length).toBeGreaterThanOrEqual(2);
    for (const chat of chats) {
      expect(chat.body.options?.num_ctx).toBe(3072);
      expect(chat.promptTokens).toBeLessThanOrEqual(3072 - 768);
    }
    expect(
      of(events, 'warning')
        .map((w) => w.message)
        .join('\n'),
    ).toMatch(/shortened to stay within num_ctx 3072/);
    const compacted = chats
      .at(-1)
      ?.body.messages.some((m) => /full result dropped to fit the context|^\[compacted\]/.test(m.content));
    expect(compacted).toBe(true);
    expect(recommendationOf(events)?.recommendation.action).toBe('increase_resources');
    doneOf(events);
  });

  it('the last allowed turn must answer: with maxTurns 2, a model that keeps calling tools makes 2 requests', async () => {
    const { events, chats } = await triageWith(
      {
        turns: [{ toolCalls: [{ name: 'get_events', arguments: { namespace: 'production' } }] }],
        whenExhausted: 'repeat_last',
      },
      { maxTurns: 2 },
    );
    expect(chats).toHaveLength(2);
    expect(chats[1]?.body.format).toBeDefined();
    expect(of(events, 'fallback')[0]?.reason).toMatch(/did not answer with a JSON recommendation/);
    expect(recommendationOf(events)?.source).toBe('rules');
    expect(doneOf(events).totals.turns).toBe(2);
  });

  it('streams the model’s words as a few coalesced model_text events', async () => {
    const prose = 'The pod webapp-123 is at 95% of its memory limit. Nothing changed memory recently. ';
    const { events } = await triageWith({
      turns: [{ content: prose.repeat(4), chunkSize: 4 }, { json: ANSWER }],
    });
    const texts = of(events, 'model_text').filter((e) => e.turn === 1);
    expect(texts.map((t) => t.text).join('')).toBe(prose.repeat(4));
    expect(texts.length).toBeLessThan(prose.repeat(4).length / 4 / 2);
  });

  it('a credential pasted into an alert annotation never reaches the model', async () => {
    const alert = {
      ...rig.alert,
      annotations: {
        ...rig.alert.annotations,
        debug: `curl -H "Authorization: Bearer ${CANARY}" db password=${CANARY}`,
      },
    };
    const { events, chats } = await triageWith({ turns: [{ json: ANSWER }] }, { alert });
    expect(chats[0]?.promptText).toContain('curl -H');
    for (const chat of chats) expect(chat.promptText).not.toContain(CANARY);
    expect(recommendationOf(events)?.source).toBe('model');
  });
});
