// The rule-based fallback: the same evidence, runbook rules in priority order, one recommendation marked as rules.
import type { Alert } from '../../alerts/alert.js';
import type { ResolvedTarget } from '../playbooks.js';
import type { Recommendation } from '../../proposal/recommendation.js';
import type { ToolResult } from '../toolRunner.js';
import { collectCrashDiagnostics } from './collectCrashDiagnostics.js';
import { cpuNearLimit } from './cpuNearLimit.js';
import { escalation } from './escalate.js';
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

export function recommendByRules(
  alert: Alert,
  target: ResolvedTarget,
  evidence: ToolResult[],
): Recommendation {
  const facts = gatherFacts(evidence);
  for (const rule of RUNBOOK_RULES) {
    const answer = rule.recommend({ facts, alert, target });
    if (answer)
      return {
        ...answer.recommendation,
        reasoning: `[rule ${rule.name}] ${answer.recommendation.reasoning}`,
        evidence: answer.recommendation.evidence.length ? answer.recommendation.evidence : answer.found,
      };
  }
  return escalation(facts, alert, target);
}
