// The triage engine's event stream: the one protocol the Ink UI, the non-interactive output and eval consume.
import type { Alert } from '../alerts/alert.js';
import type { Recommendation, RecommendationSource } from '../proposal/recommendation.js';

export interface ToolCallRequest {
  tool: string;
  arguments: Record<string, unknown>;
}

export interface TriageTotals {
  turns: number;
  modelRequests: number;
  toolCalls: number;
  failedToolCalls: number;
  repeatedToolCalls: number;
  promptTokens: number;
  evalTokens: number;
  /** Wall time of the whole triage. */
  durationMs: number;
  /** Time spent waiting on the model (Ollama's total_duration summed). */
  modelMs: number;
  /** Time spent in MCP tool calls. */
  toolMs: number;
  /** Answers the model was asked to repair after failing validation. */
  repairs?: number;
}

/** One proposal the engine ranked: the model's answer first when there is one, then the rules' matches. */
export interface RecommendationCandidate {
  recommendation: Recommendation;
  source: RecommendationSource;
  /** Evidence lines it cites that no tool result supports ("not found in the evidence"). */
  unsupported: string[];
}

/** A candidate the action planner refused before it was shown; it becomes an alternative "<action>: <message>". */
export interface SkippedCandidate {
  action: string;
  target: Recommendation['target'];
  source: RecommendationSource;
  /** The planner's refusal in one line, e.g. "no earlier revision to roll back to". */
  message: string;
}

export type TriageEvent =
  | { type: 'alert_loaded'; alert: Alert }
  | { type: 'evidence_planned'; playbook: string; calls: ToolCallRequest[] }
  | {
      type: 'tool_call_started';
      id: string;
      tool: string;
      arguments: Record<string, unknown>;
      origin: 'playbook' | 'model';
    }
  | {
      type: 'tool_call_finished';
      id: string;
      tool: string;
      ok: boolean;
      /** One line for the list of calls, e.g. "webapp-123: memory 7.6Gi/8Gi (95%), 0 restarts". */
      finding: string;
      /** The result's text content as the model sees it. */
      text: string;
      structured?: unknown;
      durationMs: number;
      /** True when an identical earlier call's result was reused instead of calling again. */
      repeated: boolean;
    }
  | { type: 'model_request'; turn: number; model: string; promptTokens: number; messages: number }
  | { type: 'model_text'; turn: number; text: string }
  | { type: 'model_tool_call'; turn: number; tool: string; arguments: Record<string, unknown> }
  | {
      type: 'recommendation';
      recommendation: Recommendation;
      source: RecommendationSource;
      /** Evidence lines this recommendation cites that no tool result supports. */
      unsupported?: string[];
      /** The engine's next candidates in rank order, for the session to try when this one cannot be planned. */
      fallbacks?: RecommendationCandidate[];
      /**
       * Set once the session has planned the candidates (dry run, policy, capacity; nothing written): the ones
       * refused before this one. Absent straight from the engine, which does not plan.
       */
      skipped?: SkippedCandidate[];
    }
  | { type: 'fallback'; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'error'; message: string }
  | { type: 'done'; totals: TriageTotals; outcome: 'recommendation' | 'escalate' | 'error' | 'aborted' };

export type TriageEventType = TriageEvent['type'];

/** For exhaustive switches over events: a new event type is a compile error until handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled event: ${JSON.stringify(value)}`);
}
