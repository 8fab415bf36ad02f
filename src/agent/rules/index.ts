// The rule-based fallback: the same evidence, runbook rules in priority order, every match ranked, an escalation last.
import type { Alert } from '../../alerts/alert.js';
import type { ResolvedTarget } from '../playbooks.js';
import type { Recommendation } from '../../proposal/recommendation.js';
import type { ToolResult } from '../toolRunner.js';
import { collectCrashDiagnostics } from './collectCrashDiagnostics.js';
import { cpuNearLimit } from './cpuNearLimit.js';
import { escalation, namedEscalation } from './escalate.js';
import { eventCause } from './eventCause.js';
import { gatherFacts } from './facts.js';
import { hpaAtMaximum } from './hpaAtMaximum.js';
import { memoryNearLimit } from './memoryNearLimit.js';
import { nodeNotReady } from './nodeNotReady.js';
import { nodePressure } from './nodePressure.js';
import { quotaExhausted } from './quotaExhausted.js';
import { relaxPdb } from './relaxPdb.js';
import { removeTaint } from './removeTaint.js';
import { restartStuckPod } from './restartStuckPod.js';
import { rollbackAfterBadRevision } from './rollbackAfterBadRevision.js';
import { scaleForLoad } from './scaleForLoad.js';
import type { RunbookRule } from './rule.js';
import { uncordonNode } from './uncordonNode.js';
import { unverifiedRevision } from './unverifiedRevision.js';
import { volumeFillingUp } from './volumeFillingUp.js';

export { gatherFacts } from './facts.js';
export { memoryStep } from './sizing.js';
export { DEFAULT_ESCALATION } from './escalate.js';
export type { RunbookRule } from './rule.js';

/** Rules in order; the first that answers wins. The default escalation is what happens when none does. */
export const RUNBOOK_RULES: RunbookRule[] = [
  memoryNearLimit,
  rollbackAfterBadRevision,
  unverifiedRevision,
  hpaAtMaximum,
  cpuNearLimit,
  scaleForLoad,
  nodeNotReady,
  nodePressure,
  relaxPdb,
  removeTaint,
  uncordonNode,
  quotaExhausted,
  volumeFillingUp,
  restartStuckPod,
  collectCrashDiagnostics,
  eventCause,
];

/** The first rule's answer: what the rules recommend before the planner has had its say. */
export function recommendByRules(
  alert: Alert,
  target: ResolvedTarget,
  evidence: ToolResult[],
): Recommendation {
  return rankByRules(alert, target, evidence)[0] as Recommendation;
}

/**
 * Every matching rule's recommendation in priority order, always ending with an escalation: the planner tries them
 * in turn, so when the first cannot be planned the next one (at worst the human, told the cause) is shown.
 */
export function rankByRules(alert: Alert, target: ResolvedTarget, evidence: ToolResult[]): Recommendation[] {
  const facts = gatherFacts(evidence);
  const ranked: Recommendation[] = [];
  for (const rule of RUNBOOK_RULES) {
    const answer = rule.recommend({ facts, alert, target });
    if (!answer) continue;
    ranked.push({
      ...answer.recommendation,
      reasoning: `[rule ${rule.name}] ${answer.recommendation.reasoning}`,
      evidence: answer.recommendation.evidence.length ? answer.recommendation.evidence : answer.found,
    });
    if (answer.recommendation.action === 'escalate') return ranked;
  }
  const first = ranked[0];
  if (!first) return [escalation(facts, alert, target)];
  return [...ranked, causeEscalation(alert, target, first)];
}

/** The last resort after rules matched: the human gets the cause the first rule found, not "no rule matched". */
function causeEscalation(alert: Alert, target: ResolvedTarget, first: Recommendation): Recommendation {
  const cause = first.evidence.slice(0, 3).join('; ') || first.reasoning;
  return namedEscalation(
    alert,
    target,
    cause,
    `the runbook's answer (${first.action} on ${first.target.kind} ${first.target.name}) could not be planned; decide the change by hand`,
    first.evidence,
  );
}
