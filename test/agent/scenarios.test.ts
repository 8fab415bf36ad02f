// Every built-in scenario: never a forbidden action from the rules or shown for a scripted model, within num_ctx; the
// rules and the model's preferred answer accepted on at least 90% of them, and on every first-round scenario.
import { describe, expect, it } from 'vitest';
import { actionCatalogue, isActionType } from '../../src/actions/catalogue/index.js';
import type { Recommendation } from '../../src/proposal/recommendation.js';
import { DEFAULT_ESCALATION } from '../../src/agent/rules/escalate.js';
import { BUILTIN_SCENARIOS } from '../../src/sandbox/scenarios/authoring/index.js';
import { listBuiltinScenarios } from '../../src/sandbox/scenarios/builtins.js';
import { startScriptedOllama } from '../helpers/scriptedOllama.js';
import { CANARY, doneOf, recommendationOf, startRig } from './rig.js';

const scenarios = (await listBuiltinScenarios()).map((s) => s.name);
// The scenarios kopilot's first round was written against: the rules must keep answering every one of them.
const authored = new Set(BUILTIN_SCENARIOS.map((define) => define().name));

/** What the rules answered on each scenario, for the suite-wide bar below. */
const ruleAnswers = new Map<string, { accepted: boolean; defaultEscalation: boolean }>();
/** Whether kopilot took a scripted model's preferred answer on each scenario, or why not. */
const modelAnswers = new Map<string, string>();
/** Whether the evidence shows at least one of the scenario's facts. */
const evidenceOnTopic = new Map<string, boolean>();

describe('built-in scenarios', () => {
  it('there are built-in scenarios to triage', () => {
    expect(scenarios).toContain('webapp-memory');
  });

  it.each(scenarios)(
    '%s: the rules never choose a forbidden action, and a scripted model reaches the expected one',
    async (name) => {
      const rig = await startRig(name);
      try {
        const expected = rig.sandbox.scenario.expect;
        const ruleEvents = await rig.triage({ noModel: true });
        const byRules = recommendationOf(ruleEvents);
        expect(byRules?.source).toBe('rules');
        const chosen = byRules?.recommendation;
        expect(expected.forbidden ?? []).not.toContain(chosen?.action);
        const accepted =
          chosen !== undefined &&
          expected.actions.includes(chosen.action as (typeof expected.actions)[number]) &&
          (chosen.action === 'escalate' ||
            (chosen.target.kind === expected.target.kind && chosen.target.name === expected.target.name));
        ruleAnswers.set(name, {
          accepted,
          // The default escalation says so in its summary; a named one names its cause there instead.
          defaultEscalation:
            chosen?.action === 'escalate' &&
            String(chosen.parameters.summary ?? '').includes(DEFAULT_ESCALATION),
        });
        if (authored.has(name)) expect(accepted, JSON.stringify(chosen)).toBe(true);
        doneOf(ruleEvents);

        // A model that answers with the scenario's preferred action, with parameters the way a model would write them.
        const action = expected.actions[0] as string;
        const parameters =
          byRules?.recommendation.action === action
            ? byRules.recommendation.parameters
            : isActionType(action)
              ? actionCatalogue[action].example
              : {};
        const answer: Recommendation = {
          action,
          target:
            action === 'escalate'
              ? { kind: 'Alert', name: rig.alert.name }
              : {
                  kind: expected.target.kind,
                  name: expected.target.name,
                  ...(expected.target.namespace ? { namespace: expected.target.namespace } : {}),
                },
          parameters,
          confidence: 0.8,
          reasoning: `scripted answer for ${name}`,
          evidence: [],
          alternatives: [],
        };
        // For a node the alert does not name, the model first looks at that node, as a careful model would.
        const looksFirst = expected.target.kind === 'Node' && rig.alert.target.name !== expected.target.name;
        const ollama = await startScriptedOllama({
          turns: [
            ...(looksFirst
              ? [{ toolCalls: [{ name: 'get_node_status', arguments: { node_name: expected.target.name } }] }]
              : []),
            { json: answer },
          ],
        });
        try {
          const events = await rig.triage({ noModel: false, ollamaHost: ollama.url });
          const byModel = recommendationOf(events);
          const warnings = events
            .filter((e) => e.type === 'warning')
            .map((e) => (e as { message: string }).message);
          const rejections = warnings.filter((w) => /rejected/.test(w));
          const taken = byModel?.source === 'model' && byModel.recommendation.action === action;
          modelAnswers.set(name, taken ? 'accepted' : `rejected: ${rejections.join('; ')}`);
          // Whatever kopilot does with the answer, what it shows is never a forbidden action.
          expect(expected.forbidden ?? []).not.toContain(byModel?.recommendation.action);
          if (authored.has(name)) {
            expect(rejections).toEqual([]);
            expect(byModel?.source).toBe('model');
            expect(byModel?.recommendation.action).toBe(action);
          }
          doneOf(events);
          const chats = ollama.chatRequests();
          if (taken) expect(chats).toHaveLength(looksFirst ? 2 : 1);
          expect(chats[0]?.promptTokens).toBeLessThan(2500);
          for (const chat of chats) {
            expect(chat.promptTokens).toBeLessThan(8192);
            expect(chat.promptText).not.toContain(CANARY);
          }
          const evidenceText = events
            .filter((e) => e.type === 'tool_call_finished')
            .map((e) => (e as { text: string }).text)
            .join('\n');
          // The evidence is about this incident: it shows at least one of the scenario's facts.
          const onTopic = expected.facts.some((fact) => new RegExp(fact, 'i').test(evidenceText));
          if (expected.facts.length > 0) {
            evidenceOnTopic.set(name, onTopic);
            if (authored.has(name)) expect(onTopic).toBe(true);
          }
        } finally {
          await ollama.close();
        }
      } finally {
        await rig.close();
      }
    },
    90_000,
  );

  it('the rules are accepted on at least 90% of all scenarios, at most a quarter by the default escalation', () => {
    const answers = [...ruleAnswers.values()];
    expect(answers).toHaveLength(scenarios.length);
    const rejected = [...ruleAnswers].filter(([, a]) => !a.accepted).map(([name]) => name);
    expect(
      answers.filter((a) => a.accepted).length / answers.length,
      `not accepted: ${rejected.join(', ')}`,
    ).toBeGreaterThanOrEqual(0.9);
    expect(answers.filter((a) => a.defaultEscalation).length / answers.length).toBeLessThanOrEqual(0.25);
  });

  it('the evidence shows at least one fact of the incident on at least 90% of all scenarios', () => {
    const off = [...evidenceOnTopic].filter(([, onTopic]) => !onTopic).map(([name]) => name);
    expect(
      1 - off.length / evidenceOnTopic.size,
      `no fact in the evidence: ${off.join(', ')}`,
    ).toBeGreaterThanOrEqual(0.9);
  });

  it("a scripted model's preferred answer is taken on at least 90% of all scenarios", () => {
    expect(modelAnswers.size).toBe(scenarios.length);
    const refused = [...modelAnswers].filter(([, verdict]) => verdict !== 'accepted');
    expect(
      1 - refused.length / modelAnswers.size,
      refused.map(([name, verdict]) => `${name}: ${verdict}`).join('\n'),
    ).toBeGreaterThanOrEqual(0.9);
  });
});
