// The triage session (src/session): the one interface the TUI, the plain output, eval and serve drive a triage through.
import type { Alert } from '../alerts/alert.js';
import type { TriageEvent } from '../agent/events.js';
import type { Settings } from '../config/settings.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { Decision, ExecutionView, PlanOverrides, PlanView } from './actionView.js';

export type AlertParseResult = { ok: true; alerts: Alert[] } | { ok: false; error: string };
export type PlanResult = { ok: true; plan: PlanView } | { ok: false; error: string };

export interface AlertFeed {
  alerts: Alert[];
  loading: boolean;
  error?: string;
}

/**
 * Everything goes in and out as plain data (alerts, events, plans, decisions, progress), so a front end may hold it,
 * print it or send it over HTTP; every long step takes an AbortSignal. Nothing here knows of a terminal.
 */
export interface TriageSession {
  /** Shown in the footer. */
  model: string;
  context?: string;
  /** Where the alert list comes from (AlertManager URL, a file name). */
  alertSource: string;
  /** Eval, serve and the non-interactive output: plans are made (dry run), nothing is approved or executed. */
  readOnly?: boolean;
  /** Runs the triage engine for one alert; the signal cancels the model request and pending tool calls. */
  triage(alert: Alert, signal: AbortSignal): AsyncIterable<TriageEvent>;
  /**
   * Validation, server-side dry-run, capacity check and policy for a recommendation (again after an edit, or with
   * the refusals the human overrode).
   */
  plan(recommendation: Recommendation, signal: AbortSignal, overrides?: PlanOverrides): Promise<PlanResult>;
  /** Records the human's decision in the audit log; returns the record id. */
  decide(
    decision: Decision,
    plan: PlanView | undefined,
    recommendation: Recommendation | undefined,
  ): Promise<string>;
  /** Runs an approved plan; each value is the whole progress so far. Only called after `decide(approved)`. */
  execute(plan: PlanView, signal: AbortSignal): AsyncIterable<ExecutionView>;
  /** The inverse plan after a failed verification, approved like any other. */
  rollback?(plan: PlanView, signal: AbortSignal): Promise<PlanResult>;
  /** Parses pasted alert JSON. */
  parseAlerts(text: string): AlertParseResult;
  /** Live firing alerts; returns a function that stops watching. */
  watchAlerts?(onChange: (feed: AlertFeed) => void): () => void;
}

/** A session that holds connections (MCP, cluster): closed by whoever opened it. */
export interface OpenTriageSession extends TriageSession {
  close(): Promise<void>;
}

/** The footer's model label: known from the settings alone, so the first frame can show it. */
export function modelLabel(settings: Pick<Settings, 'model'>, noModel: boolean): string {
  return noModel ? 'rule-based (--no-model)' : settings.model;
}

/** The message a read-only session answers an approval or an execution with. */
export const READ_ONLY_MESSAGE = 'this session is read-only: nothing is approved or executed';
