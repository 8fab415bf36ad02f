// Feasible before it is shown (src/session): the engine's candidates planned in rank order, the first plannable one presented.
import type { RecommendationCandidate, SkippedCandidate, TriageEvent } from '../agent/events.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { PlanResult } from './session.js';

type RecommendationEvent = Extract<TriageEvent, { type: 'recommendation' }>;

/** Plans one candidate: validation, policy, capacity and the server-side dry run; nothing is written. */
export type PlanCandidate = (recommendation: Recommendation) => Promise<PlanResult>;

/**
 * A plan the human may be shown: one with no refusal, or a refusal they may override (a target unrelated to the
 * alert, node room short). Invalid, missing, nothing to change, policy bounds, a failed dry run, forbidden: not.
 */
export function presentable(result: PlanResult): boolean {
  if (!result.ok) return false;
  return result.plan.refused === undefined || result.plan.overridable !== undefined;
}

function refusal(result: PlanResult): string {
  if (!result.ok) return result.error;
  return result.plan.refused ?? 'cannot be planned';
}

export interface CheckedRecommendation {
  /** Absent when the triage was cancelled before a candidate could be checked: nothing unchecked is shown. */
  event?: RecommendationEvent;
  /** The presented candidate's plan, so the front end need not plan it again. */
  plan?: PlanResult;
}

/**
 * Plans the candidates in order and presents the first presentable one; each refused before it becomes an
 * alternative "<action>: <refusal>". The last candidate (the engine always ends with an escalation) is shown even
 * when it cannot be planned, so a triage never ends without an answer.
 */
export async function firstFeasible(
  event: RecommendationEvent,
  plan: PlanCandidate,
  signal: AbortSignal,
): Promise<CheckedRecommendation> {
  const candidates: RecommendationCandidate[] = [
    { recommendation: event.recommendation, source: event.source, unsupported: event.unsupported ?? [] },
    ...(event.fallbacks ?? []),
  ];
  const skipped: SkippedCandidate[] = [];
  for (const [index, candidate] of candidates.entries()) {
    const last = index === candidates.length - 1;
    const result = await plan(candidate.recommendation);
    if (signal.aborted) return {};
    if (last || presentable(result)) {
      return { event: shownEvent(candidate, skipped), plan: result };
    }
    skipped.push({
      action: candidate.recommendation.action,
      target: candidate.recommendation.target,
      source: candidate.source,
      message: refusal(result),
    });
  }
  return {};
}

function shownEvent(candidate: RecommendationCandidate, skipped: SkippedCandidate[]): RecommendationEvent {
  const { recommendation } = candidate;
  const refused = skipped.map((s) => ({ action: s.action, why_not: s.message }));
  return {
    type: 'recommendation',
    recommendation: { ...recommendation, alternatives: [...refused, ...recommendation.alternatives] },
    source: candidate.source,
    unsupported: candidate.unsupported,
    skipped,
  };
}

/**
 * The engine's stream with its recommendation replaced by the first feasible candidate, and `done` saying whether
 * that is an escalation. `onShown` receives the plan made for it.
 */
export async function* feasibleTriage(
  events: AsyncIterable<TriageEvent>,
  plan: PlanCandidate,
  signal: AbortSignal,
  onShown: (checked: CheckedRecommendation) => void,
): AsyncGenerator<TriageEvent> {
  let checked: CheckedRecommendation | undefined;
  for await (const event of events) {
    if (event.type === 'recommendation') {
      checked = await firstFeasible(event, plan, signal);
      onShown(checked);
      if (checked.event) yield checked.event;
    } else if (event.type === 'done' && checked && event.outcome !== 'aborted') {
      const shown = checked.event?.recommendation;
      yield {
        ...event,
        outcome: !shown ? 'aborted' : shown.action === 'escalate' ? 'escalate' : 'recommendation',
      };
    } else yield event;
  }
}
