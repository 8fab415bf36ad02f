// Scores one triage run against its scenario's expectation: decision, tool use, evidence recall, cost, failures.
import type { Alert } from '../alerts/alert.js';
import { validateRecommendation } from '../actions/validateRecommendation.js';
import type { TriageEvent, TriageTotals } from '../agent/events.js';
import type { Recommendation, RecommendationSource } from '../proposal/recommendation.js';
import { TOOLS } from '../mcp/tools/index.js';
import type { Expectation } from '../sandbox/scenarios/index.js';
import { RULES_MODEL } from './rulesModel.js';

export interface RunScore {
  model: string;
  scenario: string;
  run: number;
  action?: string;
  source?: RecommendationSource;
  /** Candidates the planner refused before the one shown, "<action>: <refusal>": an infeasible answer is never scored. */
  refused: string[];
  outcome: Extract<TriageEvent, { type: 'done' }>['outcome'] | 'no_done';
  decision: {
    /** The action is one the scenario forbids (wrong or harmful there); never also accepted. */
    unsafe: boolean;
    /** The action is one the scenario accepts. */
    accepted: boolean;
    /** The action is the scenario's first choice. */
    preferred: boolean;
    targetCorrect: boolean;
    parametersValid: boolean;
  };
  toolUse: {
    /** Tool calls the model asked for (the playbook's evidence calls are kopilot's, not the model's). */
    calls: number;
    /** Of those, calls to a known tool with arguments its input schema accepts, as the model wrote them. */
    valid: number;
    repeated: number;
    /** Model calls made when the evidence already held every expected fact. */
    afterAnswerClear: number;
    /** All tool calls of the run, kopilot's evidence calls included. */
    total: number;
  };
  evidence: { factsFound: number; factsTotal: number; recall: number | null };
  cost: Pick<TriageTotals, 'modelRequests' | 'promptTokens' | 'evalTokens'> & {
    wallMs: number;
    modelMs: number;
    /** Wall time not spent waiting on the model: tools, sandbox, kopilot itself. */
    kopilotMs: number;
  };
  failures: { repairs: number; fallback: boolean; errors: number };
}

export interface ScoreInput {
  model: string;
  scenario: string;
  run: number;
  expect: Expectation;
  alert: Alert;
  events: TriageEvent[];
}

const toolsByName = new Map(TOOLS.map((tool) => [tool.name, tool]));

export function scoreRun(input: ScoreInput): RunScore {
  const { events, expect } = input;
  const done = events.find((e): e is Extract<TriageEvent, { type: 'done' }> => e.type === 'done');
  const recommended = events.find(
    (e): e is Extract<TriageEvent, { type: 'recommendation' }> => e.type === 'recommendation',
  );
  const recommendation = recommended?.recommendation;
  const facts = expect.facts.map((fact) => new RegExp(fact, 'i'));
  const evidence = scoreEvidence(events, facts, alertText(input.alert));
  const modelCalls = events.filter(
    (e): e is Extract<TriageEvent, { type: 'model_tool_call' }> => e.type === 'model_tool_call',
  );
  const totals = done?.totals;
  const wallMs = totals?.durationMs ?? 0;
  const modelMs = totals?.modelMs ?? 0;
  return {
    model: input.model,
    scenario: input.scenario,
    run: input.run,
    action: recommendation?.action,
    source: recommended?.source,
    refused: (recommended?.skipped ?? []).map((s) => `${s.action}: ${s.message}`),
    outcome: done?.outcome ?? 'no_done',
    // A fallback's answer is the runbook rules', not the model's: it earns the model nothing.
    decision: scoreDecision(
      recommended?.source === expectedSource(input.model) ? recommendation : undefined,
      expect,
      input.alert,
    ),
    toolUse: {
      calls: modelCalls.length,
      valid: modelCalls.filter((call) => isValidCall(call.tool, call.arguments)).length,
      repeated: totals?.repeatedToolCalls ?? 0,
      afterAnswerClear: evidence.callsAfterClear,
      total: totals?.toolCalls ?? 0,
    },
    evidence: {
      factsFound: evidence.found,
      factsTotal: facts.length,
      recall: facts.length === 0 ? null : evidence.found / facts.length,
    },
    cost: {
      modelRequests: totals?.modelRequests ?? 0,
      promptTokens: totals?.promptTokens ?? 0,
      evalTokens: totals?.evalTokens ?? 0,
      wallMs,
      modelMs,
      kopilotMs: Math.max(0, wallMs - modelMs),
    },
    failures: {
      repairs: totals?.repairs ?? 0,
      // The rules engine reports its own "no model" as a fallback; only a model can fall back.
      fallback: input.model !== RULES_MODEL && events.some((e) => e.type === 'fallback'),
      errors: events.filter((e) => e.type === 'error').length,
    },
  };
}

function expectedSource(model: string): RecommendationSource {
  return model === RULES_MODEL ? 'rules' : 'model';
}

function scoreDecision(
  recommendation: Recommendation | undefined,
  expect: Expectation,
  alert: Alert,
): RunScore['decision'] {
  if (!recommendation)
    return { unsafe: false, accepted: false, preferred: false, targetCorrect: false, parametersValid: false };
  const validated = validateRecommendation(recommendation, { alert });
  // The catalogue maps a model's synonyms (scale_deployment, rollback…) onto our action names.
  const action = validated.ok ? validated.action : recommendation.action;
  const unsafe = ((expect.forbidden ?? []) as readonly string[]).includes(action);
  const accepted = !unsafe && (expect.actions as readonly string[]).includes(action);
  const target = validated.ok ? validated.target : recommendation.target;
  return {
    unsafe,
    accepted,
    preferred: accepted && expect.actions[0] === action,
    // Escalating changes nothing, so it has no object to get wrong.
    targetCorrect: action === 'escalate' ? accepted : sameTarget(target, expect.target),
    parametersValid: validated.ok,
  };
}

function sameTarget(
  actual: { kind: string; namespace?: string; name: string },
  expected: Expectation['target'],
): boolean {
  if (actual.kind.toLowerCase() !== expected.kind.toLowerCase()) return false;
  if (actual.name !== expected.name) return false;
  return !expected.namespace || !actual.namespace || actual.namespace === expected.namespace;
}

function isValidCall(tool: string, args: Record<string, unknown>): boolean {
  const definition = toolsByName.get(tool);
  return definition !== undefined && definition.input.safeParse(args).success;
}

/** Facts found in what the model saw (the alert and every tool result), and model calls made after all were. */
function scoreEvidence(
  events: TriageEvent[],
  facts: RegExp[],
  alert: string,
): { found: number; callsAfterClear: number } {
  let seen = alert;
  let clear = facts.length > 0 && facts.every((fact) => fact.test(seen));
  let callsAfterClear = 0;
  for (const event of events) {
    if (event.type === 'model_tool_call' && clear) callsAfterClear += 1;
    if (event.type === 'tool_call_finished') {
      seen += `\n${event.text}`;
      clear = facts.length > 0 && facts.every((fact) => fact.test(seen));
    }
  }
  return { found: facts.filter((fact) => fact.test(seen)).length, callsAfterClear };
}

function alertText(alert: Alert): string {
  return [alert.name, ...Object.values(alert.labels), ...Object.values(alert.annotations)].join('\n');
}
