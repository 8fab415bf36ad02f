// Folds the triage engine's event stream into what a person reads (src/session): alert, calls, model's words, verdict.
import type { Alert } from '../alerts/alert.js';
import { assertNever, type SkippedCandidate, type TriageEvent, type TriageTotals } from '../agent/events.js';
import type { Recommendation, RecommendationSource } from '../proposal/recommendation.js';

export type ToolCallStatus = 'running' | 'ok' | 'failed';

export interface ToolCallView {
  id: string;
  tool: string;
  arguments: Record<string, unknown>;
  origin: 'playbook' | 'model';
  status: ToolCallStatus;
  finding?: string;
  text?: string;
  durationMs?: number;
  repeated: boolean;
}

export interface ModelTurnView {
  turn: number;
  model: string;
  promptTokens: number;
  text: string;
  toolCalls: string[];
}

export type TriageOutcome = Extract<TriageEvent, { type: 'done' }>['outcome'];

export interface TriageState {
  alert?: Alert;
  playbook?: string;
  toolCalls: ToolCallView[];
  turns: ModelTurnView[];
  model?: string;
  promptTokens: number;
  recommendation?: Recommendation;
  source?: RecommendationSource;
  /** Evidence lines the recommendation cites that no tool result supports: marked "not found in the evidence". */
  unsupported: string[];
  /** Candidates the planner refused before this recommendation (also in its alternatives). */
  skipped: SkippedCandidate[];
  fallbackReason?: string;
  warnings: string[];
  errors: string[];
  totals?: TriageTotals;
  outcome?: TriageOutcome;
}

export const initialTriageState: TriageState = {
  toolCalls: [],
  turns: [],
  promptTokens: 0,
  unsupported: [],
  skipped: [],
  warnings: [],
  errors: [],
};

function updateCall(calls: ToolCallView[], id: string, change: Partial<ToolCallView>): ToolCallView[] {
  return calls.map((call) => (call.id === id ? { ...call, ...change } : call));
}

function updateTurn(
  turns: ModelTurnView[],
  turn: number,
  change: (t: ModelTurnView) => ModelTurnView,
): ModelTurnView[] {
  const existing = turns.find((t) => t.turn === turn);
  if (!existing) return [...turns, change({ turn, model: '', promptTokens: 0, text: '', toolCalls: [] })];
  return turns.map((t) => (t.turn === turn ? change(t) : t));
}

/** Pure reducer: the Ink UI, the non-interactive output and the report all read the same state. */
export function reduceTriage(state: TriageState, event: TriageEvent): TriageState {
  switch (event.type) {
    case 'alert_loaded':
      return { ...state, alert: event.alert };
    case 'evidence_planned':
      return { ...state, playbook: event.playbook };
    case 'tool_call_started':
      return {
        ...state,
        toolCalls: [
          ...state.toolCalls,
          {
            id: event.id,
            tool: event.tool,
            arguments: event.arguments,
            origin: event.origin,
            status: 'running',
            repeated: false,
          },
        ],
      };
    case 'tool_call_finished': {
      const change: Partial<ToolCallView> = {
        status: event.ok ? 'ok' : 'failed',
        finding: event.finding,
        text: event.text,
        durationMs: event.durationMs,
        repeated: event.repeated,
      };
      if (!state.toolCalls.some((call) => call.id === event.id)) {
        const call: ToolCallView = {
          id: event.id,
          tool: event.tool,
          arguments: {},
          origin: 'model',
          ...change,
        } as ToolCallView;
        return { ...state, toolCalls: [...state.toolCalls, call] };
      }
      return { ...state, toolCalls: updateCall(state.toolCalls, event.id, change) };
    }
    case 'model_request':
      return {
        ...state,
        model: event.model,
        promptTokens: state.promptTokens + event.promptTokens,
        turns: updateTurn(state.turns, event.turn, (t) => ({
          ...t,
          model: event.model,
          promptTokens: event.promptTokens,
        })),
      };
    case 'model_text':
      return {
        ...state,
        turns: updateTurn(state.turns, event.turn, (t) => ({ ...t, text: t.text + event.text })),
      };
    case 'model_tool_call':
      return {
        ...state,
        turns: updateTurn(state.turns, event.turn, (t) => ({
          ...t,
          toolCalls: [...t.toolCalls, event.tool],
        })),
      };
    case 'recommendation':
      return {
        ...state,
        recommendation: event.recommendation,
        source: event.source,
        unsupported: event.unsupported ?? [],
        skipped: event.skipped ?? [],
      };
    case 'fallback':
      return { ...state, fallbackReason: event.reason };
    case 'warning':
      return { ...state, warnings: [...state.warnings, event.message] };
    case 'error':
      return { ...state, errors: [...state.errors, event.message] };
    case 'done':
      return {
        ...state,
        totals: event.totals,
        outcome: event.outcome,
        // A call still "running" when the triage ends was cancelled with it.
        toolCalls: state.toolCalls.map((call) =>
          call.status === 'running'
            ? { ...call, status: 'failed', finding: call.finding ?? 'cancelled' }
            : call,
        ),
      };
    default:
      return assertNever(event);
  }
}

/** "rule-based" or the model's name, for labels; says so when the model's answer could not be planned. */
export function recommendationOrigin(state: TriageState): string {
  if (state.source === 'rules')
    return modelAnswerRefused(state) ? `rule-based; ${MODEL_ANSWER_REFUSED}` : 'rule-based';
  return state.model ? `model ${state.model}` : 'model';
}

export const MODEL_ANSWER_REFUSED = "the model's answer could not be planned — see alternatives";

export function modelAnswerRefused(state: Pick<TriageState, 'skipped'>): boolean {
  return state.skipped.some((s) => s.source === 'model');
}

/** "not found in the evidence" when a cited line has no support in the tool results. */
export const NOT_IN_EVIDENCE = 'not found in the evidence';

/** A cited evidence line as shown: marked when no tool result supports it. */
export function citedLine(line: string, unsupported: readonly string[]): string {
  return unsupported.includes(line) ? `${line} — ${NOT_IN_EVIDENCE}` : line;
}
