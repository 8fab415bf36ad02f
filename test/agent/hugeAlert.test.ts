// One alert must not hang triage: a 1 MiB annotation (one run of "a", or random words) is parsed, capped,
// fenced and counted, and the prompt the model gets stays small. Sizes are asserted, not time: an uncapped
// or quadratic path runs past the test timeout instead.
import { encode } from 'gpt-tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { firstUserMessage, systemPrompt } from '../../src/agent/prompt.js';
import { countPromptTokens, countTokens } from '../../src/agent/tokens.js';
import { runTriage } from '../../src/agent/triage.js';
import { countTokens as scriptedCount, startScriptedOllama } from '../helpers/scriptedOllama.js';
import { collect, recommendationOf, startRig, type TriageRig } from './rig.js';

const MiB = 1024 * 1024;
const WORDS = ['memory', 'pod', 'restart', 'kube', 'node', 'limit', 'webapp', 'error', 'timeout', 'the'];

function randomWords(length: number): string {
  const parts: string[] = [];
  let seed = 7;
  let size = 0;
  while (size < length) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const word = WORDS[seed % WORDS.length] as string;
    parts.push(word);
    size += word.length + 1;
  }
  return parts.join(' ').slice(0, length);
}

/** An alert file of just under 1 MiB (parseAlerts' input limit) whose one annotation is `text`. */
function hugeAlert(annotation: (room: number) => string): Alert {
  const shell = {
    labels: { alertname: 'HighMemoryUsage', namespace: 'production', pod: 'webapp-123', severity: 'warning' },
  };
  const room = MiB - JSON.stringify({ ...shell, annotations: { description: '' } }).length;
  const body = JSON.stringify({ ...shell, annotations: { description: annotation(room) } });
  expect(body.length).toBe(MiB);
  const parsed = parseAlerts(body);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.alerts[0] as Alert;
}

const target = { namespace: 'production', kind: 'Pod', name: 'webapp-123', pod: 'webapp-123' } as never;

describe('token counting is linear and exact on ordinary text', () => {
  it('counts ordinary text as the tokenizer does', () => {
    const text = `${randomWords(20_000)}\n${'kubectl get pods -n production\n'.repeat(100)}`;
    expect(countTokens(text)).toBe(encode(text).length);
  });

  it.each([
    ['one run of "a"', 'a'.repeat(MiB)],
    ['one run of spaces', ' '.repeat(MiB)],
    ['random words', randomWords(MiB)],
    ['emoji', '😀'.repeat(MiB / 2)],
  ])('counts 1 MiB of %s to a plausible figure', (_, text) => {
    const tokens = countTokens(text);
    expect(tokens).toBeGreaterThan(text.length / 200);
    expect(tokens).toBeLessThanOrEqual(text.length);
  });
});

describe('a 1 MiB alert', () => {
  it.each([
    ['one run of "a"', (room: number) => 'a'.repeat(room)],
    ['random words', randomWords],
  ])('of %s becomes a small prompt within the budget, the cut said', (_, annotation) => {
    const alert = hugeAlert(annotation);
    const user = firstUserMessage(alert, target, [], true);
    expect(user.length).toBeLessThan(4 * 1024);
    expect(user).toMatch(/… \(\d{6,7} characters cut\)/);
    const tokens = countPromptTokens([
      { role: 'system', content: systemPrompt({ nativeTools: true, maxToolCalls: 6 }) },
      { role: 'user', content: user },
    ]);
    expect(tokens).toBeLessThan(8192 - 1024);
  });

  it('with thousands of labels and annotations shows a few and counts the rest', () => {
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`note_${i}`, 'x'.repeat(150)]));
    const labels = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`l${i}`, 'y'.repeat(300)]));
    const parsed = parseAlerts(
      JSON.stringify({ labels: { alertname: 'Noisy', ...labels }, annotations: many }),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const user = firstUserMessage(parsed.alerts[0] as Alert, target, [], true);
    expect(user).toContain('(4968 more annotations not shown)');
    expect(user).toContain('(468 more labels not shown)');
    expect(user.length).toBeLessThan(32 * 1024);
  });
});

describe('triage of a 1 MiB alert with a model', () => {
  let rig: TriageRig;
  beforeAll(async () => {
    rig = await startRig('webapp-memory');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('sends the model a prompt of a few thousand tokens and gets its answer', async () => {
    const base = hugeAlert((room) => 'a'.repeat(room));
    const alert: Alert = { ...rig.alert, annotations: { ...rig.alert.annotations, ...base.annotations } };
    const ollama = await startScriptedOllama({
      turns: [
        {
          json: {
            action: 'increase_resources',
            target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
            parameters: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
            confidence: 0.8,
            reasoning: 'memory at 95% of the limit',
            evidence: ['memory 7.6Gi/8Gi (95%)'],
            alternatives: [],
          },
        },
      ],
    });
    try {
      const events = await collect(
        runTriage({
          alert,
          mcp: rig.mcp,
          ollamaHost: ollama.url,
          modelTimeoutMs: 10_000,
        }),
      );
      const requests = events.filter((e) => e.type === 'model_request');
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) expect(request.promptTokens).toBeLessThan(8192 - 1024);
      const sent = JSON.stringify(ollama.chatRequests());
      expect(sent.length).toBeLessThan(64 * 1024);
      expect(scriptedCount(sent)).toBeLessThan(16 * 1024);
      expect(recommendationOf(events)?.recommendation.action).toBe('increase_resources');
    } finally {
      await ollama.close();
    }
  });
});
